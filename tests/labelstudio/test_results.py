"""Label Studio result JSON ↔ SWN spans: round trip, region ids, textarea lists, strict rejection."""
from __future__ import annotations

import copy

import pytest
from hypothesis import given

from swn.errors import SWNError
from swn.labelstudio.offsets import Utf16Index
from swn.labelstudio.results import from_results, strip_ids, to_results
from swn.model import AnnotationSet, Entity, Quantity, StanceEvidence, SubSpan, Zone
from tests.strategies import generated_documents

TEXT = "Russia 😀 said 11 Russian warships left Syria."


def _span(text, sub, start=0):
    s = text.index(sub, start)
    return dict(start=s, end=s + len(sub), text=sub)


def small() -> AnnotationSet:
    t = TEXT
    return AnnotationSet(
        doc_id="doc-one",
        entities=(Entity(id="doc-one#e1", label="GPE", entity_id="russia", **_span(t, "Russia")),
                  Entity(id="doc-one#e2", label="NORP", entity_id="russia", **_span(t, "Russian")),
                  Entity(id="doc-one#e3", label="GPE", entity_id="syria", **_span(t, "Syria"))),
        quantities=(Quantity(id="doc-one#q1", value=11, value_high=None, unit=None, is_count=True, modifier="exact",
                             measured_entity=SubSpan(**_span(t, "Russian warships")), **_span(t, "11")),),
        stance=(StanceEvidence(id="doc-one#s1", target="russian_withdrawal", polarity="FAVOR", holder="russia",
                               holder_text=None, start=0, end=len(t) - 1, text=t[:-1]),),
        structure=(Zone(id="doc-one#z1", zone="body", start=0, end=len(t), text=t),),
        doc_stance={"russian_withdrawal": "FAVOR", "peace_process": "NONE"},
    )


@given(generated_documents())
def test_round_trip_of_every_layer(g):
    back = from_results(to_results(g.annotations), g.text, g.doc_id)
    assert strip_ids(back.annotations) == strip_ids(g.annotations)
    assert back.repairs == []


@given(generated_documents())
def test_ids_are_assigned_in_text_order(g):
    back = from_results(to_results(g.annotations), g.text, g.doc_id).annotations
    for name in ("entities", "temporal", "quantities", "stance", "structure"):
        spans = back.layer(name)
        assert [s.id for s in spans] == [f"{g.doc_id}#{s.id.split('#')[1][0]}{i}" for i, s in enumerate(spans, 1)]
        assert [(s.start, s.end) for s in spans] == sorted((s.start, s.end) for s in spans)


def test_attributes_are_tied_to_their_region_by_id_not_by_position():
    results = to_results(small())
    shuffled = list(reversed(results))  # attribute items before their labels item
    back = from_results(shuffled, TEXT, "doc-one").annotations
    assert strip_ids(back) == strip_ids(small())


def test_textarea_values_are_lists_and_numbers_parse_exactly():
    results = to_results(small())
    value = next(r for r in results if r["from_name"] == "quantities_value")
    assert value["type"] == "textarea" and value["value"]["text"] == ["11"]
    value["value"]["text"] = ["  12.5 "]
    q = from_results(results, TEXT, "doc-one").annotations.quantities[0]
    assert q.value == 12.5 and q.measured_entity.text == "Russian warships"


def test_utf16_offsets_are_repaired_and_reported():
    results = to_results(small())
    index = Utf16Index(TEXT)
    for r in results:
        if r.get("from_name") == "entities" and r["value"]["text"] == "Syria":
            r["value"]["start"] = index.to_utf16(r["value"]["start"])
            r["value"]["end"] = index.to_utf16(r["value"]["end"])
    conv = from_results(results, TEXT, "doc-one")
    assert strip_ids(conv.annotations) == strip_ids(small())
    assert [(rid, rep.text) for rid, rep in conv.repairs] == [("e3", "Syria")]


def _mutated(fn):
    results = copy.deepcopy(to_results(small()))
    fn(results)
    return results


def _first(results, from_name):
    return next(r for r in results if r.get("from_name") == from_name)


@pytest.mark.parametrize("mutate,check", [
    (lambda r: _first(r, "entities")["value"].update(labels=["CITY"]), "unknown-label"),
    (lambda r: _first(r, "entities")["value"].update(labels=["GPE", "ORG"]), "ls-result"),
    (lambda r: _first(r, "entities").update(from_name="entity"), "unknown-label"),
    (lambda r: _first(r, "entities")["value"].update(start=1), "ls-offset-mismatch"),
    (lambda r: _first(r, "entities")["value"].update(text="Russiaa"), "ls-offset-mismatch"),
    (lambda r: _first(r, "entities_entity_id").update(id="nope"), "ls-result"),
    (lambda r: _first(r, "entities_entity_id")["value"].update(text=["a", "b"]), "ls-result"),
    (lambda r: _first(r, "entities_entity_id")["value"].update(text=["Not An Id"]), "schema"),
    (lambda r: _first(r, "quantities_value")["value"].update(text=["11,000"]), "ls-result"),
    (lambda r: _first(r, "quantities_value")["value"].update(text=["1e999"]), "ls-result"),
    (lambda r: _first(r, "quantities_modifier")["value"].update(choices=["roughly"]), "unknown-label"),
    (lambda r: _first(r, "stance_polarity").update(id="e1"), "ls-result"),  # attribute of another layer
    (lambda r: r.remove(next(x for x in r if x.get("type") == "relation")), "ls-result"),  # unlinked sub-span
    (lambda r: r.append(dict(_first(r, "entities"))), "duplicate-id"),
    (lambda r: _first(r, "doc_stance_peace_process")["value"].update(choices=["MAYBE"]), "unknown-label"),
    (lambda r: r.append({"type": "relation", "from_id": "e1", "to_id": "e2", "direction": "right"}), "ls-result"),
])
def test_bad_results_are_rejected(mutate, check):
    with pytest.raises(SWNError) as e:
        from_results(_mutated(mutate), TEXT, "doc-one", file="export.json", where="task 1 annotation 2")
    assert e.value.check == check
    assert e.value.file == "export.json" and e.value.record.startswith("task 1 annotation 2")


def test_an_entity_id_chosen_from_the_registry_drop_down_is_read_and_a_contradiction_refused():
    results = [r for r in to_results(small()) if r.get("from_name") != "entities_entity_id" or r["id"] != "e3"]
    known = {"id": "e3", "from_name": "entities_entity_id_known", "to_name": "text", "type": "choices",
             "value": {**{k: v for k, v in results[0]["value"].items() if k in ("start", "end")}, "choices": ["syria"]}}
    conv = from_results(results + [known], TEXT, "doc-one")
    assert [e.entity_id for e in conv.annotations.entities] == ["russia", "russia", "syria"]
    typed_and_chosen = to_results(small()) + [dict(known, value={**known["value"], "choices": ["turkey"]})]
    with pytest.raises(SWNError, match="keep one") as e:
        from_results(typed_and_chosen, TEXT, "doc-one", where="task 1 annotation 2")
    assert e.value.record == "task 1 annotation 2 region e3"
