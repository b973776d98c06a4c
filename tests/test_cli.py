"""The CLI's error contract: one located line and exit 1, whatever the message holds."""
from __future__ import annotations

import os
import subprocess
import sys


def test_a_report_naming_an_undecodable_file_name_is_printed_not_lost(tmp_path):
    """A file name that is not UTF-8 becomes a lone surrogate in Python; printing it must not crash."""
    name = os.fsdecode(b"pred-\xff.jsonl")
    (tmp_path / name).write_bytes(b'{"doc_id": 1}\n')
    run = subprocess.run([sys.executable, "-m", "swn.cli", "validate", name], cwd=tmp_path, capture_output=True,
                         env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    assert b"pred-\\udcff.jsonl:line 1:doc_id" in run.stdout


def test_an_oserror_is_one_located_line(tmp_path):
    """A failed write (here: the first write of `swn schema`, injected) is one line naming the file."""
    from tests.test_crash import _small_corpus

    root = _small_corpus(tmp_path / "repo")
    run = subprocess.run([sys.executable, "-m", "swn.cli", "schema", "--root", str(root)], capture_output=True,
                         env=dict(os.environ, SWN_FAULT="oserror:1"))
    err = run.stderr.decode()
    assert run.returncode == 1 and len(err.strip().splitlines()) == 1 and "os-error" in err
    assert "injected fault" in err and str(root) in err
