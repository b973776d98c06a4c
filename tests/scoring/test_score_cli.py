"""``swn score`` end to end on generated corpora: gold as predictions, and rejected predictions."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from swn import vocab
from swn.cli import main
from swn.scoring.predictions import prediction_record, write_predictions
from tests.strategies import corpora, write_corpus


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora(min_docs=2))
def test_gold_as_predictions_scores_one_in_every_mode(tmp_path_factory, capsys, corpus):
    root = write_corpus(tmp_path_factory.mktemp("c"), corpus)
    pred = root / "pred.jsonl"
    write_predictions(pred, [prediction_record(d.annotations, vocab.LAYER_NAMES, True) for d in corpus.documents])
    assert main(["score", "--root", str(root), "--pred", str(pred), "--format", "json", "--quiet",
                 "--bootstrap", "20", "--seed", "1"]) == 0
    r = json.loads(capsys.readouterr().out)
    for layer, lr in r["layers"].items():
        if layer == "doc_stance":
            assert lr["f_avg"] == 1.0
            continue
        # an interval only where every resample has something to find (docs/scoring.md)
        with_spans = [bool(d.annotations.layer(layer)) for d in corpus.documents]
        for mode in ("strict", "exact", "partial", "ent_type"):
            ci = lr["ci"]["overall"][mode]["f1"]
            assert lr["overall"][mode]["f1"] == 1.0
            assert ci == [1.0, 1.0] if all(with_spans) else ci is None if not any(with_spans) else ci in ([1.0, 1.0], None)
    assert main(["score", "--root", str(root), "--pred", str(pred), "--quiet", "--zone", "body"]) == 0
    out = capsys.readouterr().out
    assert "strict" in out


def _small(tmp_path_factory, corpus):
    root = write_corpus(tmp_path_factory.mktemp("c"), corpus)
    lines = [json.dumps(prediction_record(d.annotations, vocab.LAYER_NAMES, True)) for d in corpus.documents]
    return root, corpus, lines


_FEW = settings(max_examples=5, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _run(root, lines, capsys):
    path = root / "pred.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["score", "--root", str(root), "--pred", str(path), "--quiet"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("mutate, check, where", [
    (lambda r: r.update(doc_id="no-such-doc"), "unknown-document", ":line 1:doc_id"),
    (lambda r: r.update(entities=[{"start": 0, "end": 10 ** 6, "text": "x" * 10 ** 6, "label": "PERSON"}]),
     "span-out-of-bounds", ":line 1:entities[0].end"),
    (lambda r: r.update(entities=[{"start": 0, "end": 1, "text": "\u2603\u2603", "label": "PERSON"}]),
     "span-text-mismatch", ":line 1:entities[0].text"),
    (lambda r: r.update(temporal=[{"start": 0, "end": 1, "text": "x", "type": "WHEN"}]), "unknown-label",
     ":line 1:temporal[0].type"),
    (lambda r: r.update(entities=[{"start": 0, "end": 1, "text": "x"}]), "schema", ":line 1:entities[0].label"),
])
@_FEW
@given(corpus=corpora(min_docs=2, max_docs=2))
def test_rejects_bad_predictions_with_file_line_field(tmp_path_factory, capsys, mutate, check, where, corpus):
    root, corpus, lines = _small(tmp_path_factory, corpus)
    rec = json.loads(lines[0])
    mutate(rec)
    code, err = _run(root, [json.dumps(rec)] + lines[1:], capsys)
    assert code == 1 and check in err and where in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@_FEW
@given(corpus=corpora(min_docs=2, max_docs=2))
def test_rejects_duplicate_records_and_bad_json(tmp_path_factory, capsys, corpus):
    root, _, lines = _small(tmp_path_factory, corpus)
    code, err = _run(root, lines + [lines[0]], capsys)
    assert code == 1 and f":line {len(lines) + 1}:doc_id" in err and "duplicate-id" in err
    code, err = _run(root, ["{not json"] + lines, capsys)
    assert code == 1 and ":line 1:-" in err and "column" in err


def _first_entity(line: str, edit) -> str:
    rec = json.loads(line)
    edit(rec)
    return json.dumps(rec, ensure_ascii=False)


# Line-level edits of a valid predictions file; swn validate and swn score must agree on each.
_EDITS = {
    "1e999": lambda ls: [ls[0].replace('"start": ', '"score": 1e999, "start": ', 1)] + ls[1:],
    "score-string": lambda ls: [ls[0].replace('"start": ', '"score": "high", "start": ', 1)] + ls[1:],
    "cr-only": lambda ls: ["\r".join(ls)],
    "partial-doc-stance": lambda ls: [_first_entity(ls[0], lambda r: r["doc_stance"].popitem())] + ls[1:],
    "u2028-in-a-key-value": lambda ls: [ls[0].replace('"doc_id"', '"x\u2028": 1, "doc_id"', 1)] + ls[1:],
    "duplicate-key": lambda ls: [ls[0].replace('"doc_id"', '"doc_id": "a", "doc_id"', 1)] + ls[1:],
    "huge-integer": lambda ls: [ls[0].replace('"start": ', '"score": 1' + "0" * 400 + ', "start": ', 1)] + ls[1:],
    "unchanged": lambda ls: ls,
}


@pytest.mark.parametrize("edit", sorted(_EDITS))
@_FEW
@given(corpus=corpora(min_docs=2, max_docs=2))
def test_score_and_validate_give_one_verdict(tmp_path_factory, capsys, edit, corpus):
    root, corpus, lines = _small(tmp_path_factory, corpus)
    code, err = _run(root, _EDITS[edit](lines), capsys)
    verdict = main(["validate", str(root / "pred.jsonl")])
    out = capsys.readouterr().out
    assert code == verdict, (edit, err, out)
    assert (code == 0) == (edit == "unchanged") or edit == "u2028-in-a-key-value"
    assert "Traceback" not in err
