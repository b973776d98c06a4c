"""Compare mode: statuses from the shared matcher, differences listed, pages consistent."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given

from swn import vocab
from swn.model import Document, Entity, Timex
from swn.viewer.compare import Comparison, compare_document, compare_layer, compare_page
from tests.strategies import generated_documents, metadata_for

from .fixtures import HOSTILE_TEXT, REGISTRY, hostile_annotations
from .pages import page_data, parse_page

TEXT = "Putin met Assad in Moscow on Monday."


def ent(start, end, label="PERSON", entity_id="x", id=None):
    return Entity(id=id, start=start, end=end, text=TEXT[start:end], label=label, entity_id=entity_id)


def test_statuses_and_differences():
    gold = [ent(0, 5, id="d#e1", entity_id="putin"),          # exact, same attributes -> match
            ent(10, 15, id="d#e2", entity_id="assad"),        # exact, other label -> mismatch
            ent(19, 25, "GPE", "moscow", id="d#e3"),          # overlapping -> mismatch (offsets)
            ent(29, 35, "EVENT", "monday", id="d#e4")]        # nothing -> missed
    pred = [ent(0, 5, entity_id="putin"), ent(10, 15, "ORG", "assad"), ent(19, 24, "GPE", "moscow"),
            ent(6, 9, "ORG", "met")]                          # spurious
    lp = compare_layer("entities", gold, pred)
    assert lp.ref_status == ("match", "mismatch", "mismatch", "missed")
    assert lp.other_status == ("match", "mismatch", "mismatch", "spurious")
    assert lp.notes[(1, 1)] == ("label: PERSON vs ORG",)
    assert lp.notes[(2, 2)] == ("offsets: [19–25) “Moscow” vs [19–24) “Mosco”",)
    assert lp.counts() == {"match": 1, "mismatch": 2, "missed": 1, "spurious": 1}


def test_attribute_difference_on_exact_offsets_is_a_strict_match_with_the_differences_listed():
    t1 = Timex(start=29, end=35, text="Monday", type="DATE", value="2017-12-11")
    t2 = replace(t1, value="2017-12-18", mod="APPROX")
    lp = compare_layer("temporal", [t1], [t2])
    assert lp.ref_status == ("match",)  # swn score counts it correct in strict mode
    assert lp.notes[(0, 0)] == ("value: 2017-12-11 vs 2017-12-18", "mod: — vs APPROX")
    # only the attributes the other side gives are compared
    assert compare_layer("temporal", [t1], [t2], given=("type", "mod")).notes[(0, 0)] == ("mod: — vs APPROX",)
    assert compare_layer("temporal", [t1], [replace(t1, value=None)], given=("type",)).notes[(0, 0)] == ()


def _doc(g):
    return Document(id=g.doc_id, text=g.text, metadata=metadata_for(g.doc_id, g.text), annotations=g.annotations)


@given(generated_documents())
def test_a_set_against_itself_matches_everywhere_and_against_nothing_is_missed(g):
    doc = _doc(g)
    same = compare_document(doc, g.annotations, g.annotations)
    empty = compare_document(doc, g.annotations, None)
    flipped = compare_document(doc, None, g.annotations)
    for layer in vocab.LAYER_NAMES:
        n = len(g.annotations.layer(layer))
        assert same.counts()[layer] == {"match": n, "mismatch": 0, "missed": 0, "spurious": 0}
        assert empty.counts()[layer] == {"match": 0, "mismatch": 0, "missed": n, "spurious": 0}
        assert flipped.counts()[layer] == {"match": 0, "mismatch": 0, "missed": 0, "spurious": n}


@given(generated_documents())
def test_compare_page_marks_every_span_of_both_sides_with_its_status(g):
    # The reference against a copy with its first entity dropped and every TIMEX3 value changed.
    doc = _doc(g)
    other = replace(g.annotations, entities=g.annotations.entities[1:],
                    temporal=tuple(replace(t, value="XXXX") for t in g.annotations.temporal))
    cmp = compare_document(doc, g.annotations, other)
    p = parse_page(compare_page(cmp, Comparison("A", "B", (cmp,)), g.registry))
    assert not p.errors
    ref, oth = p.blocks
    assert ref.text == oth.text == g.text
    counts = cmp.counts()
    for side, block, prefix in (("ref", ref, "A:"), ("other", oth, "B:")):
        assert all(k.startswith(prefix) for k in block.layer)
        for layer in vocab.LAYER_NAMES:
            statuses = [next(c[3:] for c in block.classes[k] if c.startswith("st-"))
                        for k, lay in block.layer.items() if lay == layer]
            for status in ("match", "mismatch"):
                assert statuses.count(status) == counts[layer][status]
            lonely = "missed" if side == "ref" else "spurious"
            assert statuses.count(lonely) == counts[layer][lonely]
    data = page_data(p)
    assert set(data) == set(ref.layer) | set(oth.layer)
    for key, d in data.items():
        if d.get("partner"):
            assert data[d["partner"]]["partner"] == key


def test_hostile_comparison_page_is_inert():
    ann = hostile_annotations()
    doc = Document(id=ann.doc_id, text=HOSTILE_TEXT, metadata=metadata_for(ann.doc_id, HOSTILE_TEXT), annotations=ann)
    other = replace(ann, quantities=(replace(ann.quantities[0], unit="<b>&amp;</b>"),))
    cmp = compare_document(doc, ann, other)
    p = parse_page(compare_page(cmp, Comparison("gold <i>", "pred \"x\"", (cmp,)), {e.id: e for e in REGISTRY}))
    assert not p.errors and p.tags["script"] == 2 and p.tags["img"] == 0 and p.tags["b"] == 0 and p.tags["i"] == 0
    assert cmp.counts()["quantities"]["match"] == 1  # a unit difference is no strict error...
    assert any("unit" in n for notes in cmp.layers["quantities"].notes.values() for n in notes)  # ...but listed


@given(generated_documents())
def test_document_stance_table_has_four_labelled_columns_and_counts_left_out_targets_as_none(g):
    doc = _doc(g)
    other = replace(g.annotations, doc_stance={})
    cmp = compare_document(doc, g.annotations, other)
    html = str(compare_page(cmp, Comparison("pass a", "pass b", (cmp,)), {}))
    table = html[html.index('<table class="docstance"'):]
    table = table[:table.index("</table>")]
    assert "<th></th>" not in table
    for head in ("target", "pass a", "pass b", "agreement"):
        assert f'<th scope="col">{head}</th>' in table
    assert table.count('<th scope="row">') == len(vocab.STANCE_TARGETS)
    differs = sum(v != "NONE" for v in g.annotations.doc_stance.values())
    assert table.count(">differs</td>") == differs and table.count(">same</td>") == len(vocab.STANCE_TARGETS) - differs
