"""Document pages: every span drawn once per layer, text kept exactly, hostile input inert."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given

from swn import vocab
from swn.model import Document
from swn.viewer.document_page import document_page
from tests.strategies import generated_documents, metadata_for

from .fixtures import (HOSTILE_ID, HOSTILE_TEXT, MARKER, REGISTRY, expected_counts, hostile_annotations)
from .pages import page_data, parse_page


def _doc(text, ann, **meta):
    m = replace(metadata_for(ann.doc_id, text), **meta)
    return Document(id=ann.doc_id, text=text, metadata=m, annotations=ann)


@given(generated_documents())
def test_every_span_is_drawn_with_exact_coverage_and_the_text_is_kept(g):
    page = document_page(_doc(g.text, g.annotations), g.registry)
    p = parse_page(page)
    assert not p.errors
    (block,) = p.blocks
    assert block.text == g.text
    spans = {s.id: (layer, s) for layer in vocab.LAYER_NAMES for s in g.annotations.layer(layer)}
    assert set(block.layer) == set(spans)
    for key, (layer, s) in spans.items():
        assert block.layer[key] == layer
        assert block.covered[key] == set(range(s.start, s.end))
        assert block.tabindex[key] == 1
    data = page_data(p)
    assert set(data) == set(spans)
    assert len(p.ids) == len(set(p.ids))  # element ids unique


@given(generated_documents())
def test_tooltip_data_carries_every_field_of_the_layer(g):
    data = page_data(parse_page(document_page(_doc(g.text, g.annotations), g.registry)))
    for layer in vocab.LAYER_NAMES:
        for s in g.annotations.layer(layer):
            d = data[s.id]
            assert (d["layer"], d["label"], d["start"], d["end"], d["text"]) == (layer, s.label, s.start, s.end, s.text)
            assert [r[0] for r in d["rows"]] == list(vocab.LAYERS[layer].field_names)
            if layer == "entities":
                assert d["rows"][1][2] == f"entities.html#ent-{s.entity_id}"


def test_hostile_text_attributes_and_metadata_stay_text():
    ann = hostile_annotations()
    registry = {e.id: e for e in REGISTRY}
    page = document_page(_doc(HOSTILE_TEXT, ann, author="O'Brien <script>window.__swnPwned=7</script>"), registry)
    p = parse_page(page)
    assert not p.errors
    assert p.tags["script"] == 2  # the JSON data and the viewer script, nothing injected
    assert p.tags["img"] == 0 and p.tags["b"] == 0 and p.tags["i"] == 0
    (block,) = p.blocks
    assert block.text == HOSTILE_TEXT
    assert block.counts() == expected_counts(ann)
    data = page_data(p)
    assert dict(r[:2] for r in data[f"{HOSTILE_ID}#q1"]["rows"])["unit"] == \
        "</script><script>window.__swnPwned=4</script>"
    # the only executable script is the viewer's, which never writes the marker
    viewer_js = [t for a, t in p.scripts if "type" not in a]
    assert len(viewer_js) == 1 and MARKER not in viewer_js[0]


def test_a_document_without_annotations_renders_its_text():
    ann = hostile_annotations()
    doc = Document(id=ann.doc_id, text=HOSTILE_TEXT, metadata=metadata_for(ann.doc_id, HOSTILE_TEXT))
    p = parse_page(document_page(doc, {}))
    assert p.blocks[0].text == HOSTILE_TEXT and p.blocks[0].counts() == {}
    assert "no annotations yet" in document_page(doc, {})


def test_rendering_is_deterministic():
    ann = hostile_annotations()
    reg = {e.id: e for e in REGISTRY}
    assert document_page(_doc(HOSTILE_TEXT, ann), reg) == document_page(_doc(HOSTILE_TEXT, ann), reg)
