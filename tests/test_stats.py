"""Corpus statistics: the card's summary adds up to the span counts and does not grow with the
number of documents; the per-document tables list every document."""
from __future__ import annotations

from hypothesis import given, settings

from swn import vocab
from swn.model import Document
from swn.stats import (counts, doc_stance_summary_rows, label_summary_rows, layer_summary_rows, per_document_markdown,
                       statistics_markdown)
from tests.strategies import corpora


def _docs(corpus):
    return [Document(id=d.doc_id, text=d.text, metadata=m, annotations=d.annotations)
            for d, m in zip(corpus.documents, corpus.metadata)]


@settings(max_examples=30, deadline=None)
@given(corpora(max_docs=4))
def test_summary_adds_up_to_the_span_counts(corpus):
    docs = _docs(corpus)
    c = counts(docs)
    _, layers = layer_summary_rows(docs)
    for layer, spans, with_spans, *_ in layers:
        assert spans == sum(len(d.annotations.layer(layer)) for d in docs)
        assert with_spans == sum(1 for d in docs if d.annotations.layer(layer))
    _, labels = label_summary_rows(docs)
    assert sum(r[2] for r in labels) == sum(n for (_, layer, _), n in c.items() if layer != "doc_stance")
    for layer, label, spans, documents in labels:
        assert documents == sum(1 for d in docs if any(s.label == label for s in d.annotations.layer(layer)))
    _, stance = doc_stance_summary_rows(docs)
    assert [r[0] for r in stance] == list(vocab.STANCE_TARGETS)
    assert all(sum(r[1:]) == len(docs) for r in stance)


@settings(max_examples=20, deadline=None)
@given(corpora(min_docs=2, max_docs=4))
def test_card_tables_do_not_grow_with_the_corpus(corpus):
    docs = _docs(corpus)
    card = statistics_markdown(docs)
    assert card.count("\n") == statistics_markdown(docs[:1]).count("\n")
    named = [d.id for d in docs if any(ch.isalpha() for ch in d.id)]  # an all-digit id could equal a count
    assert not any(f"| {i} |" in card for i in named)
    per_doc = per_document_markdown(docs)
    assert all(f"| {d.id} |" in per_doc for d in docs)
