"""Every check has exactly one invalid fixture, and each fixture trips exactly its check."""
from __future__ import annotations

import json

import pytest

from swn.validate import CHECKS, validate

from .fixtures import fixture_paths, load, materialise

PATHS = fixture_paths()


def test_every_registered_check_has_a_fixture_and_vice_versa():
    names = {p.stem for p in PATHS}
    assert set(CHECKS) - names == set(), "checks without an invalid fixture"
    assert names - set(CHECKS) == set(), "fixtures for checks that do not exist"


def test_every_check_has_a_docstring_and_a_level():
    for c in CHECKS.values():
        assert c.level in (1, 2, 3)
        assert len(c.doc.split()) >= 6, f"{c.id}: the docstring should state the rule"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_fixture_first_field_says_why(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(raw))
    assert first == "_why" and isinstance(raw["_why"], str) and len(raw["_why"]) > 10


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_fixture_is_rejected_with_exactly_its_check(path, tmp_path):
    fixture = load(path)
    targets = materialise(fixture, tmp_path)
    incidents = validate(targets, level=fixture.get("level", 3))
    assert incidents, f"{path.stem}: the validator found nothing"
    assert {i.check for i in incidents} == {path.stem}, [str(i) for i in incidents]
    assert all(i.level <= fixture.get("level", 3) for i in incidents)
    # Removing the fault: the same fixture with its check's level above the requested one is clean.
    level = CHECKS[path.stem].level
    if level > 1:
        assert validate(targets, level=level - 1) == [], f"{path.stem} tripped a lower level"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_cli_prints_one_line_per_incident_and_exits_1(path, tmp_path, capsys, monkeypatch):
    from swn.cli import main

    fixture = load(path)
    targets = materialise(fixture, tmp_path)
    monkeypatch.chdir(tmp_path)
    code = main(["validate", *map(str, targets)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out and all(f": {path.stem}: " in line for line in out)
    assert all(line.count(":") >= 4 for line in out)
    code = main(["validate", "--json", *map(str, targets)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and {d["check"] for d in data} == {path.stem}
    assert set(data[0]) >= {"file", "record", "field", "check", "message", "level"}
