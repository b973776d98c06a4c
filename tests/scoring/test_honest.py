"""Honest scoring (issue 12): no silent zeros, no silent misses, names nobody confuses."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, find, given, settings

from swn import vocab
from swn.cli import main
from swn.scoring.predictions import prediction_record
from tests.strategies import corpora, write_corpus

_S = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _corpus(min_docs=2):
    return find(corpora(min_docs=min_docs, max_docs=3),
                lambda c: len(c.documents) >= min_docs and all(d.annotations.entities and d.annotations.temporal
                                                               for d in c.documents))


def _score(root, lines, capsys, *args):
    path = root / "pred.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    code = main(["score", "--root", str(root), "--pred", str(path), "--quiet", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def corpus():
    return _corpus()


@pytest.fixture
def root(tmp_path, corpus):
    return write_corpus(tmp_path, corpus)


def _records(corpus, layers=("entities",)):
    return [json.dumps(prediction_record(d.annotations, layers)) for d in corpus.documents]


def test_a_file_that_omits_documents_is_an_error_naming_them(root, corpus, capsys):
    lines = _records(corpus)
    code, out, err = _score(root, lines[:1], capsys)
    missing = [d.doc_id for d in corpus.documents[1:]]
    assert code == 1 and "missing-documents" in err and all(m in err for m in missing) and not out
    # --docs restricts the scored set; --missing-as-empty scores the others as predicting nothing
    first = corpus.documents[0].doc_id
    code, out, _ = _score(root, lines[:1], capsys, "--docs", first, "--format", "json")
    assert code == 0 and json.loads(out)["documents"] == 1
    code, out, _ = _score(root, lines[:1], capsys, "--missing-as-empty", "--format", "json")
    r = json.loads(out)
    assert code == 0 and r["documents"] == len(corpus.documents) and sorted(r["missing_as_empty"]) == sorted(missing)
    assert r["layers"]["entities"]["overall"]["strict"]["missed"] == sum(len(d.annotations.entities)
                                                                         for d in corpus.documents[1:])


def test_an_empty_file_and_unknown_documents_are_errors(root, corpus, capsys):
    code, out, err = _score(root, [], capsys)
    assert code == 1 and "empty-predictions" in err and not out
    code, out, err = _score(root, _records(corpus), capsys, "--docs", "no-such-doc")
    assert code == 1 and "unknown-document" in err and "no-such-doc" in err


def test_attributes_not_predicted_are_not_reported_as_right_or_wrong(root, corpus, capsys):
    lines = [json.dumps({"doc_id": d.doc_id, "temporal": [{"start": t.start, "end": t.end, "text": t.text,
                                                           "type": t.type} for t in d.annotations.temporal]})
             for d in corpus.documents]
    code, out, _ = _score(root, lines, capsys, "--format", "json")
    lr = json.loads(out)["layers"]["temporal"]
    assert lr["attributes"] == {"given": ["type"], "not_predicted": ["value", "mod"]}
    assert lr["any_label"]["value_accuracy"] is None and lr["any_label"]["mod_accuracy"] is None
    assert lr["any_label"]["type_accuracy"] == 1.0
    code, out, _ = _score(root, lines, capsys)
    rows = {line.split()[1]: line.split()[2] for line in out.splitlines() if line.startswith("temporal ")
            and len(line.split()) == 3}
    assert rows["value_accuracy"] == rows["mod_accuracy"] == "n/a" and rows["type_accuracy"] == "1.000"
    assert "not predicted (n/a): value, mod" in out


def test_empty_list_layers_are_scored_only_if_declared_or_asked(root, corpus, capsys):
    recs = [{"doc_id": d.doc_id, "entities": [{k: v for k, v in e.to_dict().items() if k != "id"}
                                              for e in d.annotations.entities],
             "temporal": []} for d in corpus.documents]
    lines = [json.dumps(r) for r in recs]
    code, out, _ = _score(root, lines, capsys, "--format", "json")
    assert code == 0 and list(json.loads(out)["layers"]) == ["entities"]
    code, out, _ = _score(root, lines, capsys, "--format", "json", "--layer", "entities", "--layer", "temporal")
    assert list(json.loads(out)["layers"]) == ["entities", "temporal"]
    declared = [json.dumps(r | {"layers": ["entities", "temporal"]}) for r in recs]
    code, out, _ = _score(root, declared, capsys, "--format", "json")
    assert json.loads(out)["layers"]["temporal"]["overall"]["strict"]["recall"] == 0.0


def test_names_follow_nervaluate_and_per_label_rows_are_in_the_table(root, corpus, capsys):
    code, out, _ = _score(root, _records(corpus), capsys, "--format", "json")
    lr = json.loads(out)["layers"]["entities"]
    assert set(lr["overall"]) == {"strict", "exact", "partial", "ent_type"}
    assert {"span_f1_exact", "span_f1_overlap"} <= set(lr["any_label"]) and "strict_f1" not in lr["any_label"]
    code, out, _ = _score(root, _records(corpus), capsys, "--per-label", "--format", "markdown")
    labels = {e.label for d in corpus.documents for e in d.annotations.entities}
    for label in labels:
        assert f"| entities | {label} | strict | " in out
    code, plain, _ = _score(root, _records(corpus), capsys)
    assert [line.split()[1] for line in plain.splitlines() if line.startswith("entities ") and " strict " in line] \
        == ["all"]  # per-label rows only when asked


def test_lenient_trims_drops_unknown_labels_and_says_so(root, corpus, capsys):
    d = corpus.documents[0]
    e = d.annotations.entities[0]
    bad = {"doc_id": d.doc_id, "entities": [{"start": e.start, "end": e.end, "label": e.label},
                                            {"start": e.start, "end": e.end, "text": e.text, "label": "CARDINAL"}]}
    # extend the span over following whitespace when there is some
    if e.end < len(d.text) and d.text[e.end].isspace():
        bad["entities"][0]["end"] = e.end + 1
    lines = [json.dumps(bad)]
    code, _, err = _score(root, lines, capsys, "--docs", d.doc_id)
    assert code == 1
    code, out, err = _score(root, lines, capsys, "--docs", d.doc_id, "--lenient", "--format", "json")
    assert code == 0, err
    r = json.loads(out)
    assert "entities: 1 × unknown label dropped (CARDINAL)" in r["lenient"]
    assert r["layers"]["entities"]["overall"]["strict"]["correct"] == 1
