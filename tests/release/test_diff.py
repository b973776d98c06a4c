"""``swn diff``: span-level changes between annotation sets (ids first, then the shared matcher)."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, strategies as st

from swn.release.diff import diff_sets, format_text
from tests.strategies import generated_documents


@given(generated_documents())
def test_no_changes_between_equal_sets(g):
    assert diff_sets({g.doc_id: g.annotations}, {g.doc_id: g.annotations}) == []


@given(generated_documents(), st.data())
def test_removed_added_and_changed_spans_are_reported(g, data):
    ann = g.annotations
    layer = data.draw(st.sampled_from([n for n in ("entities", "temporal", "structure") if ann.layer(n)] or ["none"]))
    if layer == "none":
        return
    spans = list(ann.layer(layer))
    i = data.draw(st.integers(0, len(spans) - 1))
    removed = spans.pop(i)
    changes = diff_sets({g.doc_id: ann}, {g.doc_id: ann.with_layer(layer, spans)})
    assert [(c.kind, c.layer, c.old) for c in changes] == [("removed", layer, removed)]
    back = diff_sets({g.doc_id: ann.with_layer(layer, spans)}, {g.doc_id: ann})
    assert [(c.kind, c.new) for c in back] == [("added", removed)]


@given(generated_documents())
def test_a_renumbered_span_is_changed_not_removed_and_added(g):
    ann = g.annotations
    if not ann.entities:
        return
    e = ann.entities[0]
    moved = replace(e, id=e.id + "99")
    changes = diff_sets({g.doc_id: ann}, {g.doc_id: ann.with_layer("entities", (moved, *ann.entities[1:]))})
    assert [(c.kind, c.fields) for c in changes] == [("changed", (("id", e.id, moved.id),))]


def test_doc_stance_and_documents():
    from swn.model import AnnotationSet

    a = AnnotationSet(doc_id="doc-a", doc_stance={"peace_process": "FAVOR"})
    b = AnnotationSet(doc_id="doc-a", doc_stance={"peace_process": "NONE"})
    c = AnnotationSet(doc_id="doc-c")
    changes = diff_sets({"doc-a": a}, {"doc-a": b, "doc-c": c})
    text = format_text(changes)
    assert "~ doc-a doc_stance peace_process: FAVOR -> NONE" in text and "+ document doc-c" in text
