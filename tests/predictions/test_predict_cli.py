"""``swn predict --from NAME IN --out P.jsonl`` then ``swn score``: the file validates and scores."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from swn.cli import main
from tests.strategies import corpora, write_corpus

_S = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _inputs(corpus):
    ents = {d.doc_id: d.annotations.entities for d in corpus.documents}
    return {
        "records": {doc: [{"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in es]
                    for doc, es in ents.items()},
        "hf": {doc: [{"entity_group": e.label, "score": 0.9, "word": e.text, "start": e.start, "end": e.end}
                     for e in es] for doc, es in ents.items()},
    }


@_S
@given(corpora(min_docs=2, max_docs=3))
def test_predict_writes_a_file_that_scores_one(tmp_path_factory, capsys, corpus):
    if not any(d.annotations.entities for d in corpus.documents):
        return
    root = write_corpus(tmp_path_factory.mktemp("c"), corpus)
    for name, data in _inputs(corpus).items():
        src, out = root / f"{name}.json", root / f"{name}.jsonl"
        src.write_text(json.dumps(data), encoding="utf-8")
        assert main(["predict", "--from", name, str(src), "--out", str(out), "--root", str(root)]) == 0
        assert "wrote" in capsys.readouterr().err
        assert main(["score", "--root", str(root), "--pred", str(out), "--format", "json", "--quiet"]) == 0
        r = json.loads(capsys.readouterr().out)
        assert list(r["layers"]) == ["entities"]
        assert r["layers"]["entities"]["overall"]["strict"]["f1"] == 1.0


def test_predict_from_strings_reports_not_found_and_rejects_unknown_documents(tmp_path, capsys):
    from hypothesis import find
    corpus = find(corpora(min_docs=1, max_docs=1), lambda c: len(c.documents[0].text) > 3)
    root = write_corpus(tmp_path, corpus)
    doc = corpus.documents[0]
    src = tmp_path / "llm.json"
    src.write_text(json.dumps({doc.doc_id: [[doc.text.split()[0], "person"], ["zzz-not-there", "person"]]}),
                   encoding="utf-8")
    assert main(["predict", "--from", "strings", str(src), "--out", str(tmp_path / "p.jsonl"),
                 "--root", str(root)]) == 0
    assert "not found in the text (1)" in capsys.readouterr().err
    src.write_text(json.dumps({"no-such-doc": []}), encoding="utf-8")
    assert main(["predict", "--from", "strings", str(src), "--out", str(tmp_path / "q.jsonl"),
                 "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "unknown-document" in err and "no-such-doc" in err and not (tmp_path / "q.jsonl").exists()


@pytest.mark.parametrize("args, check", [(["--map", "X"], "bad-argument"), (["--map", "X=NOPE"], "unknown-label")])
def test_bad_label_overrides_are_refused(tmp_path, capsys, args, check):
    src = tmp_path / "in.json"
    src.write_text("{}", encoding="utf-8")
    from hypothesis import find
    root = write_corpus(tmp_path / "c", find(corpora(min_docs=1, max_docs=1), lambda c: True))
    assert main(["predict", "--from", "records", str(src), "--out", str(tmp_path / "p.jsonl"), "--root", str(root),
                 *args]) == 1
    assert check in capsys.readouterr().err
