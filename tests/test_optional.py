"""A missing optional dependency is one line naming the extra, from the API and from every command."""
from __future__ import annotations

import sys

import pytest

import swn
from swn.cli import main
from swn.errors import SWNError
from swn.optional import EXTRA_OF, explain


@pytest.fixture
def without_datasets(monkeypatch):
    for name in [m for m in sys.modules if m == "datasets" or m.startswith("datasets.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "datasets", None)  # import datasets -> ModuleNotFoundError


def test_swn_load_names_the_hub_extra(without_datasets):
    with pytest.raises(SWNError) as e:
        swn.load("entities")
    assert e.value.check == "missing-dependency"
    assert "pip install 'swn[hub]'" in str(e.value) and "\n" not in str(e.value)


def test_a_command_needing_datasets_says_one_line(without_datasets, capsys):
    assert main(["build", "--check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'swn[hub]'" in err and "Traceback" not in err


def test_the_core_commands_work_without_datasets(without_datasets, capsys):
    assert main(["validate"]) == 0
    assert main(["stats", "--format", "json"]) == 0
    assert len(swn.load_corpus()) == 5


def test_only_optional_modules_are_explained():
    for module, extra in EXTRA_OF.items():
        assert f"swn[{extra}]" in str(explain(ModuleNotFoundError(name=f"{module}.sub"), "x"))
    assert explain(ModuleNotFoundError(name="jsonschema"), "x") is None  # a core dependency: a real bug
    assert explain(ModuleNotFoundError(name=None), "x") is None
