"""Model round trips (dict <-> dataclass) for every type, and construction-time checks."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from swn import SWNError, vocab
from swn.model import (AnnotationSet, DocumentMetadata, Entity, RegistryEntry, SubSpan, Zone, span_from_dict,
                       check_spans_against_text, Document)

from tests.strategies import corpora, generated_documents, metadata_for, registries


@given(generated_documents())
def test_span_dict_round_trip_every_layer(gen):
    for name in vocab.LAYER_NAMES:
        for span in gen.annotations.layer(name):
            d = span.to_dict()
            assert list(d)[:4] == ["id", "start", "end", "text"]
            again = span_from_dict(name, d)
            assert again == span and again.to_dict() == d
            assert gen.text[again.start:again.end] == again.text


@given(generated_documents())
def test_annotation_set_round_trip(gen):
    d = gen.annotations.to_dict()
    again = AnnotationSet.from_dict(d)
    assert again == gen.annotations and hash(again) == hash(gen.annotations)
    assert again.to_dict() == d
    assert list(d) == ["doc_id", *vocab.LAYER_NAMES, "doc_stance"]
    check_spans_against_text(gen.text, again)


@given(corpora(max_docs=2))
def test_metadata_round_trip(corpus):
    for m in corpus.metadata:
        assert DocumentMetadata.from_dict(m.to_dict()) == m


@given(registries())
def test_registry_entry_round_trip(reg):
    for e in reg.values():
        d = e.to_dict()
        assert RegistryEntry(id=d["id"], name=d["name"], type=d["type"], aliases=tuple(d["aliases"]),
                             wikidata=d["wikidata"], note=d.get("note")) == e


def test_astral_text_offsets_are_code_points():
    text = "😀 Putin 𝔘"
    e = Entity(id="doc-a#e1", start=2, end=7, text="Putin", label="PERSON", entity_id="putin")
    assert text[e.start:e.end] == e.text
    z = Zone(id="doc-a#z1", start=0, end=len(text), text=text, zone="body")
    assert z.end == 9  # code points, not UTF-16 units (11) or bytes


@pytest.mark.parametrize("kwargs,check", [
    (dict(start=3, end=3, text=""), "span-empty"),
    (dict(start=-1, end=3, text="abcd"), "span-out-of-bounds"),
    (dict(start=0, end=3, text="ab"), "span-text-mismatch"),
    (dict(start=0, end=3, text="ab "), "span-whitespace-edge"),
    (dict(start=0, end=3, text="\u00a0ab"), "span-whitespace-edge"),
    (dict(start=0.0, end=3, text="abc"), "schema"),
    (dict(start=True, end=3, text="abc"), "schema"),
])
def test_span_construction_checks(kwargs, check):
    with pytest.raises(SWNError) as e:
        SubSpan(**kwargs)
    assert e.value.check == check and e.value.field


@pytest.mark.parametrize("data,field", [
    ({"start": 0, "end": 1, "text": "a", "label": "PEOPLE", "entity_id": "x"}, "label"),
    ({"start": 0, "end": 1, "text": "a", "entity_id": "x"}, "label"),
    ({"start": 0, "end": 1, "text": "a", "label": "ORG", "colour": "red"}, "colour"),
    ({"start": 0, "end": 1, "text": "a", "label": "ORG", "entity_id": "../x"}, "entity_id"),
    ([1, 2], "-"),
])
def test_span_from_dict_rejects_with_field(data, field):
    with pytest.raises(SWNError) as e:
        span_from_dict("entities", data)
    assert e.value.field == field


@pytest.mark.parametrize("doc_id", ["../etc", "a/b", "ab", "Doc-A", "doc-a\n", "", None, 3])
def test_bad_doc_ids_are_rejected(doc_id):
    with pytest.raises(SWNError) as e:
        AnnotationSet(doc_id=doc_id)
    assert e.value.check == "bad-doc-id"


def test_document_checks_spans_against_text():
    meta = metadata_for("doc-a", "Putin spoke.")
    ann = AnnotationSet(doc_id="doc-a", entities=(Entity(id="doc-a#e1", start=0, end=5, text="Putim",
                                                         label="PERSON", entity_id="putin"),))
    with pytest.raises(SWNError) as e:
        Document(id="doc-a", text="Putin spoke.", metadata=meta, annotations=ann)
    assert e.value.check == "span-text-mismatch" and e.value.record.startswith("entities[0]")


def test_score_does_not_take_part_in_equality():
    a = Entity(start=0, end=1, text="a", label="ORG", score=0.1)
    b = Entity(start=0, end=1, text="a", label="ORG", score=0.9)
    assert a == b and a.to_dict()["score"] == 0.1


@given(st.sampled_from(vocab.LAYER_NAMES))
def test_label_property_is_the_label_field(layer):
    cls_kwargs = {"entities": dict(label="ORG"), "temporal": dict(type="DATE"), "quantities": {},
                  "stance": dict(target=vocab.STANCE_TARGETS[0]), "structure": dict(zone="body")}[layer]
    span = span_from_dict(layer, {"start": 0, "end": 1, "text": "a", **cls_kwargs})
    field = vocab.LAYERS[layer].label_field
    assert span.label == (cls_kwargs[field] if field else "QUANTITY")
