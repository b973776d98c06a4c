"""Invariants of the shipped gold annotations (issue: gold annotations).

These read the real corpus: they fail on an empty or partial gold. Where an invariant is
general, hypothesis samples documents/spans from the gold rather than fixing examples.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pytest
from hypothesis import given, settings, strategies as st

from swn import vocab
from swn.store import Paths, load_corpus, read_registry


@lru_cache(maxsize=1)
def _corpus():
    return tuple(load_corpus())


@lru_cache(maxsize=1)
def _registry():
    from tests.conftest import REPO_ROOT
    return read_registry(Paths(REPO_ROOT).registry)


def test_every_document_has_gold_in_every_layer():
    docs = _corpus()
    assert len(docs) == 5
    for d in docs:
        assert d.annotations is not None, f"{d.id}: no gold file"
        for layer in vocab.LAYER_NAMES:
            # Every document of this corpus has something in every layer (see GUIDELINES "Empty layers").
            assert d.annotations.layer(layer), f"{d.id}: empty layer {layer}"
        assert set(d.annotations.doc_stance) == set(vocab.STANCE_TARGETS), d.id


documents = st.sampled_from(range(5)).map(lambda i: _corpus()[i])


def _dct(doc) -> dt.date:
    return dt.date.fromisoformat(doc.metadata.dct.value)


_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YEAR_IN_TEXT = re.compile(r"\b(19|20)\d{2}\b")


@settings(max_examples=25)
@given(documents)
def test_relative_dates_resolve_near_the_dct(doc):
    """A DATE written without a year (weekday, "last month", "next week", "30 September") is resolved
    against the DCT to a date within a year of it, never left with X placeholders in the year."""
    for t in doc.annotations.temporal:
        if t.type != "DATE" or _YEAR_IN_TEXT.search(t.text) or t.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            continue
        m = _FULL_DATE.match(t.value) or re.match(r"^(\d{4})-(\d{2})", t.value) or re.match(r"^(\d{4})-W(\d{2})",
                                                                                           t.value)
        assert m, f"{doc.id} {t.id} {t.text!r}: relative date left unresolved: {t.value!r}"
        year = int(m.group(1))
        assert abs(year - _dct(doc).year) <= 1, f"{doc.id} {t.id} {t.text!r} → {t.value} is far from the DCT"
        if _FULL_DATE.match(t.value):
            d = dt.date.fromisoformat(t.value[:10])
            assert abs((d - _dct(doc)).days) <= 366, f"{doc.id} {t.id} {t.text!r} → {t.value}"


def test_weekdays_resolve_to_their_weekday():
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    seen = 0
    for doc in _corpus():
        for t in doc.annotations.temporal:
            word = t.text.lower().split()[0]
            if word in names and _FULL_DATE.match(t.value):
                seen += 1
                assert dt.date.fromisoformat(t.value[:10]).weekday() == names.index(word), (doc.id, t.id, t.value)
    assert seen >= 5  # the corpus mentions Monday/Tuesday many times


@settings(max_examples=40)
@given(documents, st.data())
def test_entity_mentions_are_exhaustive(doc, data):
    """Every whole-word occurrence, anywhere in the corpus, of a string annotated as an entity is
    covered by an entity span (that mention, or a longer name containing it)."""
    surfaces = sorted({e.text for d in _corpus() for e in d.annotations.entities})
    surface = data.draw(st.sampled_from(surfaces))
    covered = [(e.start, e.end) for e in doc.annotations.entities]
    for m in re.finditer(re.escape(surface), doc.text):
        s, e = m.span()
        if (s > 0 and doc.text[s - 1].isalnum()) or (e < len(doc.text) and doc.text[e].isalnum()):
            continue
        assert any(a <= s and e <= b for a, b in covered), f"{doc.id}: unannotated {surface!r} at {s}"


def test_mentions_are_registry_aliases_with_the_registry_type():
    """Every mention text is listed as an alias of its entity, and its label is the registry's type;
    every registry entry is used (the validator checks this too, corpus-wide)."""
    registry = _registry()
    used = set()
    for d in _corpus():
        for e in d.annotations.entities:
            assert e.entity_id in registry, (d.id, e.id)
            entry = registry[e.entity_id]
            assert e.text in entry.aliases, f"{e.id}: {e.text!r} not an alias of {e.entity_id}"
            assert e.label == entry.type, f"{e.id}: {e.label} but {e.entity_id} is {entry.type}"
            used.add(e.entity_id)
    assert used == set(registry)


_NUMBER_WORDS = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds|thousands|millions|half"
_NUMBER = re.compile(rf"\d(?:[\d,.]*\d)?|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)


@settings(max_examples=25)
@given(documents)
def test_numbers_are_quantities_or_inside_other_annotations(doc):
    """Every number or number word is in a quantity or a time expression, part of a name
    (Su-24, S-400, #Peace4Syria) or an ordinal; a missed number word fails here."""
    a = doc.annotations
    covering = [(s.start, s.end) for s in (*a.quantities, *a.temporal, *a.entities)]
    for m in _NUMBER.finditer(doc.text):
        s, e = m.span()
        if any(x <= s and e <= y for x, y in covering):
            continue
        after = doc.text[e:e + 2].lower()
        before = doc.text[max(0, s - 1):s]
        if after in ("th", "st", "nd", "rd") or before in ("-", "#") or doc.text[s:e + 1].endswith("4S"):
            continue  # ordinals and parts of product names / hashtags
        if any(z.zone in ("boilerplate", "byline") and z.start <= s < z.end for z in a.structure):
            continue
        pytest.fail(f"{doc.id}: {m.group(0)!r} at {s} is in no quantity or time expression")


def test_reported_stance_is_not_the_authors():
    """A stance span whose sentence reports speech ("said", "say", "according to") is held by the reported
    holder, unless it is the author's own framing clause."""
    verbs = re.compile(r"\b(said|says|say|told|according to|cited|stated|added)\b")
    for d in _corpus():
        for s in d.annotations.stance:
            if s.holder == "author" and verbs.search(s.text) and ("“" in s.text or '"' in s.text):
                pytest.fail(f"{s.id}: quoted speech attributed to the author: {s.text[:80]!r}")
            if s.holder == "unnamed":
                assert s.holder_text and s.holder_text in d.text, s.id


def test_doc_stance_is_decided_for_each_document():
    values = {v for d in _corpus() for v in d.annotations.doc_stance.values()}
    assert values - {"NONE"}, "every target NONE in every document would mean the layer was not annotated"
