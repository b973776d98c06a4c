"""from_records: GLiNER-style dicts round-trip the gold; whitespace is trimmed; bad records are named."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from swn.errors import SWNError
from swn.predictions import from_records
from tests.predictions.helpers import f1_by_layer, texts_and_gold
from tests.strategies import corpora

NAMES = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "nationality"}


@settings(max_examples=30, deadline=None)
@given(corpora(max_docs=3))
def test_records_round_trip_entities_and_temporal(corpus):
    texts, gold = texts_and_gold(corpus)
    records = {d.doc_id: [{"start": e.start, "end": e.end, "text": e.text, "label": NAMES.get(e.label, e.label),
                           "score": 0.5} for e in d.annotations.entities]
               + [{"start": t.start, "end": t.end, "label": f"temporal:{t.type}"} for t in d.annotations.temporal]
               for d in corpus.documents}
    adapted = from_records(records, texts=texts, overrides={f"temporal:{t}": f"temporal:{t}"
                                                            for t in ("DATE", "TIME", "DURATION", "SET")})
    layers = [layer for layer in ("entities", "temporal") if any(d.annotations.layer(layer) for d in corpus.documents)]
    if layers:
        assert set(f1_by_layer(gold, adapted, layers).values()) == {1.0}
    given_layers = [k for k in adapted.records[0] if k != "doc_id"]
    assert given_layers == layers  # nothing declared: only layers with spans are given


def test_whitespace_edges_are_trimmed_and_reported_unknown_labels_dropped_and_counted():
    text = "Putin visited Latakia Province\nyesterday."
    adapted = from_records({"d": [{"start": 14, "end": 31, "label": "location"},
                                  {"start": 0, "end": 5, "label": "JOB_TITLE"}]}, texts={"d": text})
    assert adapted.records[0]["entities"] == [{"start": 14, "end": 30, "text": "Latakia Province", "label": "GPE"}]
    lines = "\n".join(adapted.report.lines())
    assert "JOB_TITLE ×1" in lines and "trimmed whitespace at the edges of 1 spans" in lines


@pytest.mark.parametrize("record, field, check", [
    ({"start": 0, "label": "person"}, "end", "schema"),
    ({"start": 0, "end": 99, "label": "person"}, "end", "span-out-of-bounds"),
    ({"start": 0, "end": 5, "label": "person", "text": "Trump"}, "text", "span-text-mismatch"),
])
def test_bad_records_are_rejected_with_document_index_and_field(record, field, check):
    with pytest.raises(SWNError) as e:
        from_records({"d": [record]}, texts={"d": "Putin spoke."}, source="in.json")
    assert (e.value.file, e.value.record, e.value.field, e.value.check) == ("in.json", "d[0]", field, check)
