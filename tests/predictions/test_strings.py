"""from_strings: surfaces cut from the gold are placed by the documented policy."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swn.errors import SWNError
from swn.predictions import from_strings
from swn.predictions.strings import Locator
from tests.strategies import corpora


@settings(max_examples=40, deadline=None)
@given(corpora(max_docs=2))
def test_unique_surfaces_are_recovered_and_the_others_reported_ambiguous(corpus):
    texts = {d.doc_id: d.text for d in corpus.documents}
    pairs = {d.doc_id: [(e.text, e.label) for e in d.annotations.entities] for d in corpus.documents}
    adapted = from_strings(pairs, texts=texts, labels="swn")
    ambiguous = {(doc, s) for doc, s, _, _ in adapted.report.ambiguous}
    assert not adapted.report.not_found  # every surface cut from the text is found
    predicted = {(r["doc_id"], s["start"], s["end"], s["label"]) for r in adapted.records
                 for s in r.get("entities", [])}
    for d in corpus.documents:
        for e in d.annotations.entities:
            n = len(Locator(d.text).find(e.text))
            if n == 1:
                assert (d.doc_id, e.start, e.end, e.label) in predicted
                assert (d.doc_id, e.text) not in ambiguous
            else:
                assert (d.doc_id, e.text) in ambiguous
            # occurrence="all": the gold span is among the predictions either way
            assert (d.doc_id, e.start, e.end, e.label) in predicted
    # a unique surface has exactly one occurrence, and it is where the gold has it
    for d in corpus.documents:
        for e in d.annotations.entities:
            if d.text.count(e.text) == 1:
                assert Locator(d.text).find(e.text) == [(e.start, e.end)]


def test_policy_on_a_hand_made_text():
    text = "Russian troops left Syria.\u00a0Putin said\n“Russia won”; Russia’s army. Russia"
    loc = Locator(text)
    # word boundaries: "Russia" is not found inside "Russian"; curly quotes and whitespace normalised
    assert loc.find("Russia") == [(text.index("“Russia") + 1, text.index("“Russia") + 7),
                                  (text.index("; Russia") + 2, text.index("; Russia") + 8),
                                  (len(text) - 6, len(text))]
    assert loc.find('Syria. Putin said "Russia') == [(text.index("Syria"), text.index("“Russia") + 7)]
    assert loc.find("Russia's") == [(text.index("Russia’s"), text.index("Russia’s") + 8)]
    a = from_strings("d", [("Russia", "GPE"), ("Moscow", "GPE"), ("Putin", "PERSON"), ("Russia", "GPE", 2)],
                     texts={"d": text}, occurrence="first")
    spans = [(s["start"], s["end"]) for s in a.records[0]["entities"]]
    assert spans == sorted({loc.find("Russia")[0], loc.find("Russia")[1], loc.find("Putin")[0]})
    assert a.report.not_found == [("d", "Moscow", "GPE")]
    assert ("d", "Russia", "GPE", 3) in a.report.ambiguous
    unique = from_strings("d", [("Russia", "GPE"), ("Putin", "person")], texts={"d": text}, occurrence="unique")
    assert [s["text"] for s in unique.records[0]["entities"]] == ["Putin"]


@pytest.mark.parametrize("pairs", [[("Putin",)], [("Putin", "PERSON", 0)], "Putin", [(1, "PERSON")]])
def test_malformed_pairs_are_rejected(pairs):
    with pytest.raises(SWNError) as e:
        from_strings("d", pairs, texts={"d": "Putin"})
    assert e.value.check == "schema"


@given(st.text(min_size=1, max_size=30))
def test_every_found_span_reads_back_as_the_surface_after_normalisation(s):
    text = f"x {s} y"
    from swn.predictions.strings import normalise
    for a, b in Locator(text).find(s):
        assert normalise(text[a:b])[0].strip() == normalise(s.strip())[0]
