"""from_hf_pipeline: recorded-shape outputs (with and without aggregation, numpy scalars) from the gold."""
from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings

from swn.errors import SWNError
from swn.predictions import from_hf_pipeline
from swn.predictions.hf import entities
from tests.predictions.helpers import f1_by_layer, texts_and_gold
from tests.strategies import corpora

CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def aggregated(doc, label=lambda lab: lab):
    """What pipeline(text, aggregation_strategy="simple") returns for the gold entities."""
    return [{"entity_group": label(e.label), "score": np.float32(0.875), "word": e.text,
             "start": np.int64(e.start), "end": np.int64(e.end)} for e in doc.annotations.entities]


def per_token(doc):
    """What pipeline(text) returns without aggregation: one dict per non-O token, B-/I- tags,
    ``index`` counting every token of the text (so O tokens leave gaps)."""
    tokens = [m.span() for m in re.finditer(r"\S+", doc.text)]
    out = []
    for e in doc.annotations.entities:
        inside = [(i, (a, b)) for i, (a, b) in enumerate(tokens, start=1) if e.start <= a and b <= e.end]
        for k, (i, (a, b)) in enumerate(inside):
            out.append({"entity": ("B-" if k == 0 else "I-") + e.label, "score": np.float32(0.5 + k / 100),
                        "index": i, "word": doc.text[a:b], "start": a, "end": b})
    return sorted(out, key=lambda x: x["index"])


@settings(max_examples=30, deadline=None)
@given(corpora(max_docs=3))
def test_both_output_shapes_round_trip_the_gold_entities(corpus):
    texts, gold = texts_and_gold(corpus)
    for shape in (aggregated, per_token):
        adapted = from_hf_pipeline({d.doc_id: shape(d) for d in corpus.documents}, texts=texts)
        f1 = f1_by_layer(gold, adapted, ["entities"], docs=None)
        assert set(f1.values()) == {1.0}, (shape.__name__, f1)
        for rec in adapted.records:
            assert all(isinstance(s["score"], float) for s in rec.get("entities", []))


@settings(max_examples=20, deadline=None)
@given(corpora(max_docs=3))
def test_conll2003_labels_score_perfectly_with_coarse_scoring(corpus):
    texts, gold = texts_and_gold(corpus)
    outputs = {d.doc_id: aggregated(d, lambda lab: CONLL.get(lab, "MISC")) for d in corpus.documents}
    adapted = from_hf_pipeline(outputs, texts=texts)
    assert set(f1_by_layer(gold, adapted, ["entities"], coarse="conll2003").values()) == {1.0}


def test_tokens_join_on_i_tags_and_split_on_b_tags_type_changes_and_gaps():
    out = [{"entity": "B-PER", "score": np.float32(1.0), "index": 1, "start": 0, "end": 3},
           {"entity": "I-PER", "score": np.float32(0.5), "index": 2, "start": 4, "end": 7},
           {"entity": "B-PER", "score": 1.0, "index": 3, "start": 8, "end": 9},
           {"entity": "I-LOC", "score": 1.0, "index": 4, "start": 10, "end": 12},
           {"entity": "I-LOC", "score": 1.0, "index": 6, "start": 16, "end": 18}]
    assert entities(out) == [(0, 7, "PER", 0.75), (8, 9, "PER", 1.0), (10, 12, "LOC", 1.0), (16, 18, "LOC", 1.0)]


def test_outputs_without_offsets_or_for_unknown_documents_are_rejected():
    with pytest.raises(SWNError) as e:
        from_hf_pipeline({"d": [{"entity_group": "PER", "score": 1.0, "start": None, "end": None}]}, texts={"d": "x"})
    assert e.value.check == "schema" and e.value.record == "d[0]" and "fast tokenizer" in e.value.message
    with pytest.raises(SWNError) as e:
        from_hf_pipeline({"other": []}, texts={"d": "x"})
    assert e.value.check == "unknown-document"
    with pytest.raises(SWNError) as e:
        from_hf_pipeline([[]], texts={"d": "x"})
    assert e.value.field == "doc_ids"
