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


# ---------------------------------------------------------------- stance (GUIDELINES 5, since 1.1.0)

def test_every_document_label_has_span_evidence():
    """A document-level FAVOR/AGAINST is backed by at least one span of that target and polarity (5.5, item 5)."""
    labelled = 0
    for d in _corpus():
        for target, value in d.annotations.doc_stance.items():
            if value == "NONE":
                continue
            labelled += 1
            assert any(s.target == target and s.polarity == value for s in d.annotations.stance), (
                f"{d.id}: doc_stance {target}={value} has no span of that target and polarity")
    assert labelled >= 5


def _cuts_a_word(text: str, i: int) -> bool:
    """True when offset ``i`` falls between two word characters, except where extraction glued two
    words together (a lower-case letter followed by a capital: "AmmarA", "SputnikThe", GUIDELINES E17)."""
    if i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum()):
        return False
    return not (text[i - 1].islower() and text[i].isupper())


@settings(max_examples=25)
@given(documents)
def test_no_span_starts_or_ends_inside_a_word(doc):
    """In every layer (and measured entities), boundaries fall on word boundaries (1.4 rule 4)."""
    spans = [s for layer in vocab.LAYER_NAMES for s in doc.annotations.layer(layer)]
    spans += [s.measured_entity for s in doc.annotations.quantities if s.measured_entity is not None]
    assert spans
    for s in spans:
        assert not _cuts_a_word(doc.text, s.start), f"{doc.id}: {s.text!r} starts inside a word"
        assert not _cuts_a_word(doc.text, s.end), f"{doc.id}: {s.text!r} ends inside a word"


@pytest.mark.parametrize("text, i, cuts", [("Putin said", 2, True), ("Putin said", 5, False),
                                            ("Hassan AmmarA Syrian", 12, False), ("SputnikThe", 7, False),
                                            ("Syria's", 5, False), ("al-Assad", 3, False)])
def test_word_cut_rule(text, i, cuts):
    assert _cuts_a_word(text, i) is cuts


def test_stance_holders_resolve_to_the_registry():
    """Every holder is author, unnamed (with its words in the text) or a registry id of an entity that can
    hold a position (person, organisation, country or group)."""
    registry = _registry()
    named = 0
    for d in _corpus():
        for s in d.annotations.stance:
            if s.holder == "author":
                assert s.holder_text is None, s.id
            elif s.holder == "unnamed":
                assert s.holder_text and s.holder_text in d.text, s.id
            else:
                named += 1
                assert s.holder in registry, f"{s.id}: holder {s.holder!r} is not in the registry"
                assert registry[s.holder].type in ("PERSON", "ORG", "GPE", "NORP"), (s.id, registry[s.holder].type)
                assert s.holder_text is None, s.id
    assert named >= 10


# Wording classes (GUIDELINES 5.4a): wordings that usually carry a position, with the polarity (and the
# target, where the class fixes one) of the span they carry. A sentence of a class without such a span,
# while other sentences of the class have one, is treated differently and must be explained in 5.4a.
WORDING_CLASSES: dict[str, tuple[str, str | None, str]] = {
    "completed mission": (r"\b(?:complet(?:ed|ing|ion)|fulfilled|achieved|victory|eradication|is destroyed)\b",
                          "russian_intervention", "FAVOR"),
    "praise or thanks": (r"\b(?:thanked|praised|hailed|commended)\b", None, "FAVOR"),
    "support": (r"\bsupport(?:s|ed|ing)?\b(?! for the armies)", None, "FAVOR"),
    "condemnation": (r"\b(?:ouster|condemns?|guilty|sceptical|failure|accused)\b", None, "AGAINST"),
    "doubted drawdown": (r"\b(?:open to question|the opposite|prospect of|off the table)\b", "russian_withdrawal",
                         "AGAINST"),
    "continued strikes": (r"\b(?:continu\w* (?:bombing|to strike)|firepower to destroy|carry out strikes|"
                          r"military actions)\b", "russian_intervention", "FAVOR"),
    "permanent presence": (r"\bpermanent\b", "russian_intervention", "FAVOR"),
    "stated reason": (r"\b(?:saying|reason|meant to|mainly to|in order to)\b", None, "FAVOR"),
    "peace role": (r"\b(?:intensify|hopes to convene|keen to organi[sz]e|readiness to hold)\b", "peace_process",
                   "FAVOR"),
    "loaded qualifier": (r"\b(?:legitimate|so-called|moderate|real intention|patriotic|brutal|excellent|brilliant)\b",
                         None, None),
    "harm": (r"\b(?:civilian|residential|schools|medical facilities|lives|flee their homes|died|displaced)\b",
             "russian_intervention", "AGAINST"),
}

# (doc_id, start of the sentence, class) -> the item of GUIDELINES 5.4a that explains it.
EXPLAINED_DIFFERENCES: dict[tuple[str, str, str], int] = {
    ("unattributed-2016-03-15", "“…it is too early to talk about victory", "completed mission"): 1,
    ("clicklancashire-2017-12-15", "Russian Federation will keep its Hmeymim air base", "permanent presence"): 2,
    ("unattributed-2016-03-15", "In addition, a group of military advisors", "support"): 3,
    ("aljazeera-2017-12-11", "To date, some 465,000 people have died", "harm"): 4,
    ("sputnik-2017-12-12", "Despite the ordered withdrawal of Russian forces", "continued strikes"): 5,
    ("sputnik-2017-12-12", "Despite the ordered withdrawal of Russian forces", "doubted drawdown"): 5,
}

_SENTENCE = re.compile(r"[^.?!\s][^.?!]*(?:[.?!]+[”\"’]?|$)")


def _sentences(doc):
    """(start, end, text) of the sentences of every zone line (a simple splitter: enough for the classes)."""
    for z in doc.annotations.structure:
        for m in _SENTENCE.finditer(z.text):
            text = m.group(0).rstrip()
            yield z.start + m.start(), z.start + m.start() + len(text), text


def _differences():
    """Sentences of a wording class without the class's span, and one sentence of the class that has it."""
    found: dict[tuple[str, str, str], tuple[str, str]] = {}
    for name, (pattern, target, polarity) in WORDING_CLASSES.items():
        with_span, without = [], []
        for d in _corpus():
            for start, end, text in _sentences(d):
                if not re.search(pattern, text):
                    continue
                ok = any(s.start < end and start < s.end and (target is None or s.target == target)
                         and (polarity is None or s.polarity == polarity) for s in d.annotations.stance)
                (with_span if ok else without).append((d.id, text))
        assert with_span, f"wording class {name!r} matches no annotated sentence: the class is stale"
        for doc_id, text in without:
            key = next((k for k in EXPLAINED_DIFFERENCES if k[0] == doc_id and text.startswith(k[1]) and k[2] == name),
                       (doc_id, text[:60], name))
            found[key] = with_span[0]
    return found


def test_same_wording_class_same_treatment_or_explained():
    """Sentences whose holder, target and wording class agree get the same stance spans across documents;
    the remaining differences are exactly the ones GUIDELINES 5.4a explains."""
    found = _differences()
    unexplained = {k: v for k, v in found.items() if k not in EXPLAINED_DIFFERENCES}
    assert not unexplained, "treated differently from an annotated sentence of the same class:\n" + "\n".join(
        f"  {k[0]}: {k[1]!r} ({k[2]}) vs {v[0]}: {v[1][:60]!r}" for k, v in unexplained.items())
    stale = set(EXPLAINED_DIFFERENCES) - set(found)
    assert not stale, f"explained differences that no longer occur (remove them here and in 5.4a): {stale}"


def test_guidelines_explain_each_remaining_difference():
    from tests.conftest import REPO_ROOT
    text = (REPO_ROOT / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    section = text[text.index("### 5.4a"):text.index("### 5.5")]
    for (doc_id, start, _), item in EXPLAINED_DIFFERENCES.items():
        entry = re.search(rf"(?ms)^{item}\. (.*?)(?=^\d+\. |\Z)", section)
        assert entry, f"5.4a has no item {item}"
        assert doc_id.split("-")[0] in entry[1] and " ".join(start.split()[:4]) in " ".join(entry[1].split()), (
            f"5.4a item {item} does not explain {doc_id}: {start!r}")


def test_a_boilerplate_span_is_cited_by_the_body():
    """Stance in boilerplate only where the body cites it (S6): the line before ends with "See:"."""
    seen = 0
    for d in _corpus():
        for z in (z for z in d.annotations.structure if z.zone == "boilerplate"):
            inside = [s for s in d.annotations.stance if z.start <= s.start < z.end]
            if inside:
                seen += 1
                assert d.text[:z.start].rstrip().endswith("See:"), f"{d.id}: stance in uncited boilerplate {z.text!r}"
    assert seen == 1


# ---------------------------------------------------------------- temporal: TimeML (GUIDELINES 3, since 1.1.0)

_TIMEML_RELATIVE = re.compile(r"\b(?:recent(?:ly)?|(?:the )?future|now|currently|to date|soon|then|this time|"
                              r"lately|nowadays|formerly|(?:a|its|the) (?:first|second|third|fourth|fifth|sixth|"
                              r"seventh|eighth|ninth|tenth) (?:day|week|month|year))\b", re.IGNORECASE)


def _compat():
    from swn.scoring.profiles import TIMEML_COMPAT, read_timeml_compat
    from tests.conftest import REPO_ROOT
    return read_timeml_compat(REPO_ROOT / TIMEML_COMPAT, {d.id: d.text for d in _corpus()})


def test_timeml_relative_expressions_are_annotated_or_listed():
    """Every expression TimeML annotates as PAST_REF/PRESENT_REF/FUTURE_REF or as an ordinal period is a
    time expression of the gold, or is listed in the timeml-compat table (T11, T11a, T17, T18)."""
    listed = {(e.doc_id, e.start, e.end) for e in _compat()}
    seen = 0
    for d in _corpus():
        temporal = d.annotations.temporal
        for m in _TIMEML_RELATIVE.finditer(d.text):
            seen += 1
            s, e = m.span()
            if any(t.start <= s and e <= t.end for t in temporal):
                continue
            assert any(doc == d.id and a <= s and e <= b for doc, a, b in listed), (
                f"{d.id}: {m.group(0)!r} at {s} is neither annotated nor listed in timeml-compat")
    assert seen >= 15


def test_past_and_future_references_have_timeml_values():
    values = {}
    for d in _corpus():
        for t in d.annotations.temporal:
            word = t.text.lower()
            if word in ("recent", "recently"):
                values[t.id] = (t.value, "PAST_REF")
            elif word == "the future":
                values[t.id] = (t.value, "FUTURE_REF")
            elif word in ("now", "currently", "to date"):
                values[t.id] = (t.value, "PRESENT_REF")
    assert len(values) >= 9
    for sid, (value, want) in values.items():
        assert value == want, (sid, value)


def test_timeml_compat_lists_no_annotated_expression_twice():
    """A listed expression is either not annotated, or annotated with the same extent (a deviation in
    value or extent that the table explains), never overlapped by a different span."""
    entries = _compat()
    assert entries
    by_id = {d.id: d for d in _corpus()}
    for e in entries:
        overlapping = [t for t in by_id[e.doc_id].annotations.temporal if t.start < e.end and e.start < t.end]
        assert all((t.start, t.end) == (e.start, e.end) for t in overlapping), (e, overlapping)
        assert e.rule.startswith("T"), e


# ---------------------------------------------------------------- entities: one extent rule (GUIDELINES 2.5)

_FACILITY_NOUN = r"(?:air ?base|airbase|naval (?:facility|base)|facility|base)"


def test_facility_spans_are_the_name_alone():
    """No FAC span includes a lower-case facility noun (E14); every FAC mention is one of the two bases."""
    facs = [e for d in _corpus() for e in d.annotations.entities if e.label == "FAC"]
    assert len(facs) >= 10
    for e in facs:
        assert not re.search(rf"\b{_FACILITY_NOUN}$", e.text), f"{e.id}: {e.text!r} includes a lower-case noun"
        assert e.entity_id in ("hmeimim_air_base", "tartus_naval_facility"), e.id


def test_a_name_before_a_facility_noun_names_the_facility_and_after_it_the_place():
    """"the [Tartus] naval facility" is FAC; "naval facility in [Tartus]" is GPE (E14, E15), in every text."""
    before = after = 0
    for d in _corpus():
        for e in (e for e in d.annotations.entities if e.label != "NORP"):  # "a [Russian] base": no name
            follows = d.text[e.end:e.end + 20]
            precedes = d.text[max(0, e.start - 25):e.start]
            if re.match(rf"\s+{_FACILITY_NOUN}\b", follows):
                before += 1
                assert e.label == "FAC", f"{e.id}: {e.text!r} before a facility noun is {e.label}"
            if re.search(rf"\b{_FACILITY_NOUN}\s+(?:in|at)\s+(?:the\s+)?$|\bport of\s+$", precedes):
                after += 1
                assert e.label == "GPE", f"{e.id}: {e.text!r} after a facility noun is {e.label}"
    assert before >= 6 and after >= 4


def test_areas_of_a_name_is_the_governorate():
    """"rebel areas of [Aleppo] and [Idlib]" → governorates (E15a)."""
    seen = 0
    for d in _corpus():
        for m in re.finditer(r"\bareas of (\w+)(?: and (\w+))?", d.text):
            for g in (1, 2):
                if m.group(g) is None:
                    continue
                e = next((e for e in d.annotations.entities if e.start == m.start(g)), None)
                if e is None or e.label != "GPE":
                    continue
                seen += 1
                assert e.entity_id.endswith("_governorate"), (d.id, e.id, e.entity_id)
    assert seen == 2
