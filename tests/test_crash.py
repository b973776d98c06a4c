"""Fault injection: every multi-file write of SWN leaves the old files or the new ones.

For each writing command (``adjudicate --apply``, ``ls import`` with and without ``--replace``,
``build``) the suite first runs it cleanly to know the new state, counts its fault points
(every file write and rename, :mod:`swn.faults`), then

* injects ``OSError`` at every k-th point (in-process): the command fails with one located
  line and exit 1;
* kills a subprocess with SIGKILL at every k-th point (every point for the small commands,
  evenly spaced points for ``build``);

and after each, lets the next command repair (``swn validate`` finishes or rolls back the
interrupted transaction), then asserts that the tree is byte for byte the old one or the new
one and that ``swn validate`` is clean. Before the repair, nothing new may exist outside the
transaction folder but files of the new state (no leftovers where the validator looks).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from swn import faults
from swn.cli import main
from swn.transaction import FOLDER
from swn.validate import validate
from tests.treesnap import differences, snapshot

MAX_BUILD_KILLS = 8


# ---------------------------------------------------------------- scenarios: (root, argv)

def _small_corpus(root: Path) -> Path:
    from swn.store import write_annotations, write_json, write_jsonl
    from tests.strategies import metadata_for
    from tests.test_adjudicate import DOC, GOLD, TEXT

    (root / "corpus" / "raw").mkdir(parents=True)
    (root / "corpus" / "raw" / f"{DOC}.txt").write_bytes(TEXT.encode("utf-8"))
    write_jsonl(root / "corpus" / "metadata.jsonl", [metadata_for(DOC, TEXT).to_dict()])
    write_annotations(root / "annotations" / "gold" / f"{DOC}.json", GOLD)
    write_json(root / "annotations" / "entities.json", {"entities": [
        {"id": i, "name": i.title(), "type": "GPE", "aliases": [], "wikidata": None}
        for i in ("moscow", "damascus", "syria")]})
    (root / "VERSION").write_text("1.0.0\n", encoding="utf-8")
    return root


def adjudicate_apply(tmp: Path) -> tuple[Path, list[str]]:
    from dataclasses import replace

    from swn.adjudicate import adjudicate_round
    from tests.test_adjudicate import DOC, GOLD, decide, write_round

    root = _small_corpus(tmp / "repo")
    # a document-stance conflict: the registry stays exactly as used before and after
    bob = replace(GOLD, doc_stance={**GOLD.doc_stance, "peace_process": "AGAINST"})
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adjudicate_round(1, root=root)
    decisions = decide(root, 1, {f"{DOC}/doc_stance/peace_process": "bob"})
    return root, ["adjudicate", "--round", "1", "--apply", str(decisions), "--root", str(root)]


def ls_import(tmp: Path) -> tuple[Path, list[str]]:
    from tests.labelstudio.exports import ALICE, BOB, simulated_export, write_export

    root = _small_corpus(tmp / "repo")
    export = write_export(root, simulated_export(root, (ALICE, BOB)))
    return root, ["ls", "import", str(export), "--round", "1", "--root", str(root)]


def ls_import_replace(tmp: Path) -> tuple[Path, list[str]]:
    from swn.labelstudio.importer import import_export
    from tests.labelstudio.exports import ALICE, BOB, simulated_export, write_export

    root = _small_corpus(tmp / "repo")
    import_export(write_export(root, simulated_export(root, (ALICE,)), "first.json"), 1, root=root)
    (root / "annotations" / "rounds" / "1" / "decisions.json").write_text("{}\n", encoding="utf-8")
    export = write_export(root, simulated_export(root, (BOB,), first_project=5))
    return root, ["ls", "import", str(export), "--round", "1", "--replace", "--root", str(root)]


def build(tmp: Path) -> tuple[Path, list[str]]:
    from swn.release.build import build as build_release
    from swn.store import read_annotations, write_annotations
    from tests.release.fixture import make_release_repo

    root = make_release_repo(tmp / "repo")
    build_release(root)
    path = sorted((root / "annotations" / "gold").glob("*.json"))[0]
    ann = read_annotations(path)
    write_annotations(path, ann.with_layer("entities", ann.entities[1:]))
    return root, ["build", "--root", str(root)]


SCENARIOS: dict[str, Callable[[Path], tuple[Path, list[str]]]] = {
    "adjudicate-apply": adjudicate_apply, "ls-import": ls_import, "ls-import-replace": ls_import_replace,
    "build": build}


# ---------------------------------------------------------------- harness

def _in_process(argv: list[str], fault: str | None, monkeypatch) -> tuple[int, int]:
    """``(exit code, fault points passed)`` of ``swn argv`` run here with ``SWN_FAULT=fault``."""
    if fault is None:
        monkeypatch.delenv("SWN_FAULT", raising=False)
    else:
        monkeypatch.setenv("SWN_FAULT", fault)
    faults.reset()
    try:
        return main(argv), faults._count
    finally:
        monkeypatch.delenv("SWN_FAULT", raising=False)
        faults.reset()


def _killed(argv: list[str], k: int, cwd: Path) -> int:
    env = dict(os.environ, SWN_FAULT=f"kill:{k}", PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-m", "swn.cli", *argv], cwd=cwd, env=env, capture_output=True).returncode


def _errors(root: Path) -> list[str]:
    return [str(i) for i in validate([root]) if i.severity == "error"]


def _assert_no_stray(root: Path, old: dict, new: dict) -> None:
    """Outside the transaction folder every file is a file of the old or of the new state."""
    for path, data in snapshot(root).items():
        if path.split("/")[0] == FOLDER:
            continue
        assert data in (old.get(path), new.get(path)), f"{path} is neither old nor new"


def _assert_old_or_new(root: Path, old: dict, new: dict, what: str) -> str:
    now = snapshot(root)
    assert now in (old, new), f"{what}: neither old nor new: {differences(now, old)[:5]} / {differences(now, new)[:5]}"
    assert _errors(root) == [], what
    return "old" if now == old else "new"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """Per scenario: a pristine copy of its old tree, its argv, its new tree and its fault points."""
    cache = {}

    def get(name: str, monkeypatch):
        if name not in cache:
            base = tmp_path_factory.mktemp(name)
            root, argv = SCENARIOS[name](base)
            old = snapshot(root)
            assert _errors(root) == []
            clean = base / "clean"
            shutil.copytree(root, clean)
            code, points = _in_process([a.replace(str(root), str(clean)) for a in argv], "oserror:1000000",
                                       monkeypatch)
            assert code == 0 and points > 3
            new = snapshot(clean)
            assert new != old and _errors(clean) == []
            cache[name] = (root, argv, old, new, points)
        return cache[name]
    return get


def _fresh(pristine: Path, argv: list[str], tmp_path: Path, k: int) -> tuple[Path, list[str]]:
    root = tmp_path / f"run-{k}"
    shutil.copytree(pristine, root)
    return root, [a.replace(str(pristine), str(root)) for a in argv]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_an_oserror_at_every_write_or_rename_leaves_old_or_new(name, prepared, tmp_path, monkeypatch, capsys):
    pristine, argv, old, new, points = prepared(name, monkeypatch)
    outcomes = []
    for k in range(1, points + 1):
        root, args = _fresh(pristine, argv, tmp_path, k)
        code, _ = _in_process(args, f"oserror:{k}", monkeypatch)
        err = capsys.readouterr().err
        assert code == 1 and len(err.strip().splitlines()) == 1, err  # one located line
        _assert_no_stray(root, old, new)
        _in_process(["validate", str(root)], None, monkeypatch)  # the next command repairs
        capsys.readouterr()
        outcomes.append(_assert_old_or_new(root, old, new, f"{name}: OSError at point {k}"))
        shutil.rmtree(root)
    assert "old" in outcomes and "new" in outcomes  # faults hit both sides of the commit point
    print(f"{name}: {points} injected OSErrors, {outcomes.count('old')} old, {outcomes.count('new')} new")


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_kill_at_every_write_or_rename_leaves_old_or_new(name, prepared, tmp_path, monkeypatch, capsys):
    pristine, argv, old, new, points = prepared(name, monkeypatch)
    ks = list(range(1, points + 1))
    if name == "build":  # each build subprocess starts pyarrow: evenly spaced points, first and last included
        ks = sorted({ks[round(i * (len(ks) - 1) / (MAX_BUILD_KILLS - 1))] for i in range(MAX_BUILD_KILLS)})
    outcomes = []
    for k in ks:
        root, args = _fresh(pristine, argv, tmp_path, k)
        assert _killed(args, k, tmp_path) == -9, f"{name}: not killed at point {k}"
        _assert_no_stray(root, old, new)
        assert _in_process(["validate", str(root)], None, monkeypatch)[0] in (0, 1)
        capsys.readouterr()
        outcomes.append(_assert_old_or_new(root, old, new, f"{name}: killed at point {k}"))
        shutil.rmtree(root)
    assert "old" in outcomes and "new" in outcomes
    print(f"{name}: {len(ks)} kills, {outcomes.count('old')} old, {outcomes.count('new')} new")
