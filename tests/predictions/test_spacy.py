"""from_spacy: Docs built from the gold round-trip; the real model through the adapter equals the baseline."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from swn.errors import SWNError
from tests.predictions.helpers import f1_by_layer, texts_and_gold
from tests.strategies import corpora

spacy = pytest.importorskip("spacy", reason="spaCy is in the baselines extra")
from spacy.tokens import Doc, DocBin, SpanGroup  # noqa: E402

from swn.predictions import from_spacy  # noqa: E402

NLP = spacy.blank("en")
# The generated gold uses every TIMEX3 type; OntoNotes has only DATE and TIME.
OVERRIDES = {"DURATION": "temporal:DURATION", "SET": "temporal:SET"}


def gold_doc(d) -> Doc:
    """A spaCy Doc of the text whose tokens are the whitespace-separated words (so every gold span
    is token-aligned), with the gold entities as ``ents`` and temporal/quantities as span groups."""
    words, spaces = [], []
    pieces = [m for m in re.finditer(r"\S+|\s+", d.text)]
    for k, m in enumerate(pieces):
        nxt = pieces[k + 1].group() if k + 1 < len(pieces) else ""
        if m.group().isspace():
            if words and spaces[-1] and m.group() == " ":
                continue
            if words and spaces[-1]:
                words.append(m.group()[1:])
                spaces.append(False)
                continue
            words.append(m.group())
            spaces.append(False)
        else:
            words.append(m.group())
            spaces.append(nxt.startswith(" "))
    doc = Doc(NLP.vocab, words=words, spaces=spaces)
    assert doc.text == d.text
    doc.ents = [doc.char_span(e.start, e.end, label=e.label, alignment_mode="strict")
                for e in d.annotations.entities]
    doc.spans["temporal"] = SpanGroup(doc, spans=[doc.char_span(t.start, t.end, label=t.type)
                                                  for t in d.annotations.temporal])
    doc.spans["quantities"] = SpanGroup(doc, spans=[doc.char_span(q.start, q.end, label="QUANTITY")
                                                    for q in d.annotations.quantities])
    return doc


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(max_docs=3))
def test_docs_and_a_docbin_round_trip_the_gold_of_three_layers(corpus):
    texts, gold = texts_and_gold(corpus)
    docs = [gold_doc(d) for d in corpus.documents]
    layers = ["entities", "temporal", "quantities"]
    # a mapping {doc_id: Doc}
    adapted = from_spacy(dict(zip(texts, docs)), overrides=OVERRIDES, texts=texts)
    assert set(f1_by_layer(gold, adapted, layers).values()) == {1.0}
    assert all(r["layers"] == layers for r in adapted.records)  # an OntoNotes model predicts all three
    # documents found by their text (no ids given), unless two documents share it
    if len(set(texts.values())) == len(texts):
        assert from_spacy(docs, overrides=OVERRIDES, texts=texts).records == adapted.records
    else:
        with pytest.raises(SWNError, match="several documents"):
            from_spacy(docs, overrides=OVERRIDES, texts=texts)
    # a DocBin, documents named in user_data
    for doc, d in zip(docs, corpus.documents):
        doc.user_data["doc_id"] = d.doc_id
    binned = from_spacy(DocBin(docs=docs, store_user_data=True), overrides=OVERRIDES, texts=texts)
    assert binned.records == adapted.records


def test_a_doc_of_another_text_is_rejected_naming_it():
    with pytest.raises(SWNError) as e:
        from_spacy([NLP("Not a corpus text.")], texts={"d": "Some text."})
    assert e.value.check == "unknown-document" and e.value.record == "doc 0"


def test_the_spacy_baseline_through_the_adapter_scores_as_the_baseline():
    """The real model: the adapter's entities equal the baseline's, so every count is equal."""
    from swn import baselines
    from swn.baselines.leaderboard import load_inputs
    from swn.scoring.predictions import dumps_predictions, parse_predictions
    from swn.scoring.score import score
    module = baselines.load("spacy")
    if module.available():
        pytest.skip(module.available())
    documents, gold = load_inputs()
    docs = [d for d in documents if d.id in gold]
    texts = {d.id: d.text for d in docs}
    nlp = spacy.load(module.DEFAULT_MODEL)
    adapted = from_spacy(nlp.pipe(texts.values()), texts=texts)
    baseline = parse_predictions(dumps_predictions(module.predict(docs)).splitlines(), texts)
    ours = score(gold, adapted.predictions(), layers=["entities"])["layers"]["entities"]
    theirs = score(gold, baseline, layers=["entities"])["layers"]["entities"]
    assert ours["overall"] == theirs["overall"] and ours["per_label"] == theirs["per_label"]
    assert ours["overall"]["strict"]["correct"] > 200  # the real corpus, not an empty one
    assert {"temporal", "quantities"} <= set(adapted.records[0])  # DATE/TIME and numbers are routed
