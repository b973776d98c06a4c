"""The release verbs from the command line: one line and exit 1 on bad input, files written on success."""
from __future__ import annotations

from swn.cli import main
from swn.formats.conll import from_conll
from swn.store import load_corpus


def test_export_brat_and_conll(built_release, tmp_path, capsys):
    from dataclasses import replace

    from swn.formats.brat import read_folder

    assert main(["export", "--format", "brat", "--out", str(tmp_path / "brat"), "--root", str(built_release)]) == 0
    assert main(["export", "--format", "conll", "--out", str(tmp_path / "conll"), "--root", str(built_release)]) == 0
    assert (tmp_path / "brat" / "annotation.conf").is_file() and (tmp_path / "brat" / "tools.conf").is_file()
    docs = load_corpus(built_release)
    back = read_folder(tmp_path / "brat", {d.id: d.text for d in docs})
    for d in docs:
        txt = (tmp_path / "brat" / f"{d.id}.txt").read_bytes()
        assert txt == (built_release / "corpus" / "raw" / f"{d.id}.txt").read_bytes()
        assert back.annotations[d.id] == replace(d.annotations, doc_stance={})
    conll = from_conll((tmp_path / "conll" / "swn.conll").read_text(encoding="utf-8"), {d.id: d.text for d in docs})
    for d in docs:
        assert [(e.start, e.end, e.label, e.entity_id) for e in conll[d.id].entities] == [
            (e.start, e.end, e.label, e.entity_id) for e in d.annotations.entities]


def test_bad_input_is_one_line_and_exit_1(built_release, tmp_path, capsys):
    assert main(["diff", "v9.9.9", str(built_release), "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "swn diff:" in err and "Traceback" not in err
    assert main(["verify", "--root", str(tmp_path)]) == 1
    assert "file-missing" in capsys.readouterr().err


def test_stats_formats(built_release, capsys):
    import json

    assert main(["stats", "--root", str(built_release), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    docs = load_corpus(built_release)
    assert sum(r["spans"] for r in rows if r["layer"] == "entities") == sum(len(d.annotations.entities) for d in docs)
    assert main(["stats", "--root", str(built_release), "--format", "markdown"]) == 0
    assert "| entities | PERSON |" in capsys.readouterr().out
