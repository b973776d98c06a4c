"""Every baseline writes valid predictions (the same validation as ``swn score``) on generated documents."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from swn import baselines
from swn.scoring.predictions import dumps_predictions, parse_predictions
from tests.strategies import corpora


def _docs(corpus):
    from swn.model import Document
    return [Document(id=d.doc_id, text=d.text, metadata=m) for d, m in zip(corpus.documents, corpus.metadata)]


@given(corpora(max_docs=3))
def test_floor_predictions_validate_on_generated_documents(corpus):
    docs = _docs(corpus)
    module = baselines.load("floor")
    records = module.predict(docs)
    preds = parse_predictions(dumps_predictions(records).splitlines(), {d.id: d.text for d in docs})
    assert set(preds.records) == {d.id for d in docs}
    assert preds.layers == module.LAYERS


def test_floor_finds_the_obvious():
    from swn.baselines.floor_baseline import entities, quantities, temporal
    from datetime import date
    text = "Russian President Vladimir Putin said on Monday that about 3,000 troops left Syria on 14 March 2016."
    ents = {(e["text"], e["label"]) for e in entities(text)}
    assert {("Russian", "NORP"), ("Vladimir Putin", "PERSON"), ("Syria", "GPE")} <= ents
    times = temporal(text, date(2017, 12, 12))
    assert [(t["text"], t["value"]) for t in times] == [("Monday", "2017-12-11"), ("14 March 2016", "2016-03-14")]
    qs = quantities(text, times)
    assert [(q["text"], q["value"], q["modifier"]) for q in qs] == [("3,000", 3000, "approximate")]


@pytest.mark.parametrize("name", [n for n in baselines.NAMES if n != "floor"])
def test_installed_baselines_write_valid_predictions(name):
    module = baselines.load(name)
    reason = module.available()
    if reason:
        pytest.skip(reason)
    from swn.store import load_corpus
    docs = load_corpus(annotations="none")
    records = module.predict(docs)
    preds = parse_predictions(dumps_predictions(records).splitlines(), {d.id: d.text for d in docs})
    assert sum(len(a.layer(layer)) for a in preds.records.values() for layer in module.LAYERS) > 0
