"""One registry: every format declares its name, layers, losses; swn export loops over it."""
from __future__ import annotations

import pytest

from swn import vocab
from swn.cli import main
from swn.formats import Format, formats, formats_table, get


def test_every_format_module_is_registered_and_declares_itself():
    found = formats()
    assert {"brat", "conll", "spacy"} <= set(found)
    for name, fmt in found.items():
        assert isinstance(fmt, Format) and fmt.name == name and fmt.loses and fmt.description
        assert set(fmt.exports) <= set(vocab.LAYER_NAMES) and set(fmt.imports) <= set(fmt.exports)


@pytest.mark.parametrize("name", sorted(formats()))
def test_explain_prints_what_the_format_loses(name, capsys):
    assert main(["export", "--format", name, "--explain"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{name}: ") and all(loss in out for loss in get(name).loses)


def test_readme_table_is_the_registry(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert formats_table() in readme


def test_unknown_format_and_missing_out_are_one_line_errors(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--format", "nope", "--out", "x"])
    assert main(["export", "--format", "brat"]) == 1
    assert "--out is required" in capsys.readouterr().err
