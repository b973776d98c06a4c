"""``swn score --profile timeml``: the time expressions of annotations/timeml-compat.json leave the score."""
from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from swn.cli import main
from swn.errors import SWNError
from swn.model import Timex
from swn.scoring.predictions import prediction_record, write_predictions
from swn.scoring.profiles import TIMEML_COMPAT, profile_filter, read_timeml_compat
from swn.store import load_corpus, read_json, write_json
from tests.conftest import REPO_ROOT


def _docs():
    return load_corpus(REPO_ROOT)


def _tagger_predictions(path, compat):
    """The gold, plus what a TimeML tagger does on each listed expression the gold leaves out."""
    records = []
    for d in _docs():
        a = d.annotations
        extra = [Timex(id=None, start=e.start, end=e.end, text=e.text, type="DATE", value="PRESENT_REF", mod=None)
                 for e in compat if e.doc_id == d.id and not any(t.start < e.end and e.start < t.end for t in a.temporal)]
        a = a.with_layer("temporal", sorted((*a.temporal, *extra), key=lambda s: s.start))
        records.append(prediction_record(a, ["temporal"], False))
    write_predictions(path, records)
    return sum(1 for e in compat if not any(t.start < e.end and e.start < t.end
                                            for d in _docs() if d.id == e.doc_id for t in d.annotations.temporal))


def _score(capsys, *args):
    assert main(["score", "--root", str(REPO_ROOT), "--quiet", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_timeml_profile_does_not_count_what_timeml_does(tmp_path, capsys):
    compat = read_timeml_compat(REPO_ROOT / TIMEML_COMPAT, {d.id: d.text for d in _docs()})
    pred = tmp_path / "pred.jsonl"
    extra = _tagger_predictions(pred, compat)
    assert extra >= 4
    plain = _score(capsys, "--pred", str(pred))["layers"]["temporal"]["overall"]["strict"]
    assert plain["spurious"] == extra and plain["f1"] < 1.0
    r = _score(capsys, "--pred", str(pred), "--profile", "timeml")
    strict = r["layers"]["temporal"]["overall"]["strict"]
    assert r["profile"] == "timeml"
    assert strict["spurious"] == 0 and strict["f1"] == 1.0
    # the gold spans that are listed (a deviation in extent or value) leave the score too
    assert strict["possible"] == plain["possible"] - (len(compat) - extra)


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_the_profile_only_drops_time_expressions_that_overlap_a_listed_one(data):
    docs = _docs()
    keep = profile_filter("timeml", REPO_ROOT, {d.id: d.text for d in docs})
    doc = data.draw(st.sampled_from(docs))
    compat = [e for e in read_timeml_compat(REPO_ROOT / TIMEML_COMPAT, {d.id: d.text for d in docs})
              if e.doc_id == doc.id]
    for layer in ("entities", "quantities", "stance", "structure"):
        assert all(keep(doc.id, s) for s in doc.annotations.layer(layer))
    start = data.draw(st.integers(0, len(doc.text) - 2))
    end = data.draw(st.integers(start + 1, min(len(doc.text), start + 30)))
    assume(not doc.text[start].isspace() and not doc.text[end - 1].isspace())
    span = Timex(id=None, start=start, end=end, text=doc.text[start:end], type="DATE", value="PRESENT_REF", mod=None)
    assert keep(doc.id, span) == (not any(start < e.end and e.start < end for e in compat))


_BAD = [
    (lambda d: d["expressions"][0].update(text="nonsense"), "expressions[0]", "text", "span-text-mismatch"),
    (lambda d: d["expressions"][0].update(doc_id="no-such-doc"), "expressions[0]", "doc_id", "unknown-document"),
    (lambda d: d["expressions"][1].pop("timeml"), "expressions[1]", "timeml", "schema"),
    (lambda d: d["expressions"][0].update(start="3"), "expressions[0]", "start", "schema"),
    (lambda d: d.pop("expressions"), "-", "expressions", "schema"),
]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_BAD))
def test_a_broken_compat_list_is_refused_with_its_location(tmp_path_factory, bad):
    mutate, record, field, check = bad
    root = tmp_path_factory.mktemp("root")
    (root / "annotations").mkdir()
    data = read_json(REPO_ROOT / TIMEML_COMPAT)
    mutate(data)
    write_json(root / TIMEML_COMPAT, data)
    before = (root / TIMEML_COMPAT).read_bytes()
    with pytest.raises(SWNError) as e:
        profile_filter("timeml", root, {d.id: d.text for d in _docs()})
    assert (e.value.record, e.value.field, e.value.check) == (record, field, check)
    assert TIMEML_COMPAT in e.value.file
    assert (root / TIMEML_COMPAT).read_bytes() == before


def test_score_cli_names_the_broken_compat_file(tmp_path, capsys):
    root = tmp_path / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", root / "corpus")
    shutil.copytree(REPO_ROOT / "annotations", root / "annotations")
    data = read_json(root / TIMEML_COMPAT)
    data["expressions"][0]["end"] += 1
    write_json(root / TIMEML_COMPAT, data)
    pred = tmp_path / "pred.jsonl"
    write_predictions(pred, [prediction_record(d.annotations, ["temporal"], False) for d in _docs()])
    code = main(["score", "--root", str(root), "--pred", str(pred), "--quiet", "--profile", "timeml"])
    assert code != 0
    assert "timeml-compat.json:expressions[0]:text" in capsys.readouterr().err
