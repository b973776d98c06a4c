"""The transaction module: commit point, replay, roll back, lock, and `swn doctor`."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings, strategies as st

from swn import faults, transaction
from swn.cli import main
from swn.errors import SWNError
from swn.transaction import FOLDER, Transaction, recover
from tests.treesnap import snapshot


def _tree(root):
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.txt").write_text("old one")
    (root / "a" / "gone.txt").write_text("to remove")
    (root / "r" / "1" / "p").mkdir(parents=True)
    (root / "r" / "1" / "p" / "x.json").write_text("old pass")
    return snapshot(root)


def _write_all(root):
    with Transaction(root, "test") as txn:
        txn.write("a/one.txt", "new one")
        txn.write("a/two.txt", b"new two")
        txn.remove("a/gone.txt")
        folder = txn.folder("r/1")
        (folder / "q").mkdir()
        (folder / "q" / "y.json").write_text("new pass")
        txn.write("MANIFEST", "last")
        txn.commit()


def test_commit_moves_everything_and_leaves_no_folder(tmp_path):
    _tree(tmp_path)
    _write_all(tmp_path)
    assert snapshot(tmp_path) == {"a/one.txt": b"new one", "a/two.txt": b"new two", "r/1/q/y.json": b"new pass",
                                  "MANIFEST": b"last"}
    assert not (tmp_path / FOLDER).exists()


def test_a_failure_before_the_commit_point_changes_nothing(tmp_path):
    old = _tree(tmp_path)
    with pytest.raises(RuntimeError):
        with Transaction(tmp_path, "test") as txn:
            txn.write("a/one.txt", "new one")
            raise RuntimeError("refused")
    assert snapshot(tmp_path) == old and not (tmp_path / FOLDER).exists()


@settings(max_examples=30)
@given(st.integers(1, 40))
def test_an_oserror_at_any_point_is_old_or_new_after_recovery(tmp_path_factory, k):
    root = tmp_path_factory.mktemp("t")
    old = _tree(root)
    os.environ["SWN_FAULT"] = f"oserror:{k}"
    faults.reset()
    try:
        _write_all(root)
    except (OSError, SWNError):
        pass
    finally:
        del os.environ["SWN_FAULT"]
        faults.reset()
    recover(root)
    assert snapshot(root) in (old, {"a/one.txt": b"new one", "a/two.txt": b"new two", "r/1/q/y.json": b"new pass",
                                    "MANIFEST": b"last"})


def test_a_running_transaction_is_left_alone(tmp_path):
    _tree(tmp_path)
    with Transaction(tmp_path, "test") as txn:
        txn.write("a/one.txt", "new one")
        assert recover(tmp_path) is None and (tmp_path / FOLDER / "staged").is_dir()
        txn.commit()
    assert (tmp_path / "a" / "one.txt").read_text() == "new one"


def test_a_journal_that_is_not_one_is_refused(tmp_path):
    (tmp_path / FOLDER).mkdir()
    (tmp_path / FOLDER / "journal.json").write_text(json.dumps({"name": "x", "ops": [
        {"op": "file", "path": "../outside", "n": 0}]}))
    with pytest.raises(SWNError) as e:
        recover(tmp_path)
    assert e.value.check == "transaction-journal"


def test_doctor_reports_and_repairs(tmp_path, capsys):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "metadata.jsonl").write_text("")
    old = _tree(tmp_path)
    (tmp_path / FOLDER / "staged").mkdir(parents=True)
    (tmp_path / FOLDER / "staged" / "0").write_text("half")
    rounds = tmp_path / "annotations" / "rounds"
    (rounds / ".2.old-999999999").mkdir(parents=True)
    (rounds / ".2.old-999999999" / "import.json").write_text("{}")
    assert main(["doctor", "--check", "--root", str(tmp_path)]) == 1
    assert main(["doctor", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "interrupted transaction" in out and "restored annotations/rounds/.2.old-999999999" in out
    assert snapshot(tmp_path) == {**old, "annotations/rounds/2/import.json": b"{}"}
    assert main(["doctor", "--root", str(tmp_path)]) == 0
    assert "nothing to repair" in capsys.readouterr().out
    assert transaction.leftovers(tmp_path) == []
