"""The row converter: AnnotationSet -> Hub rows -> (Arrow, ClassLabel ints) -> AnnotationSet is the identity."""
from __future__ import annotations

from hypothesis import given

from swn.model import Document
from swn.release import card
from swn.release.features import CONFIGS, GOLD_CONFIGS, features
from swn.release.rows import annotation_sets_from_documents, annotation_sets_from_flat, config_rows
from tests.strategies import corpora


def _docs(corpus):
    return [Document(id=d.doc_id, text=d.text, metadata=m, annotations=d.annotations)
            for d, m in zip(corpus.documents, corpus.metadata)]


def _as_loaded(config, rows):
    """What datasets hands back: rows through Arrow with the declared features (labels as ints)."""
    return card.intended(config, rows).to_pylist()


@given(corpora(max_docs=3))
def test_documents_rows_round_trip(corpus):
    docs = _docs(corpus)
    gold = {d.id: d.annotations for d in docs}
    rows = config_rows(docs, "documents")
    assert annotation_sets_from_documents(rows) == gold  # the raw JSON rows
    loaded = _as_loaded("documents", rows)
    assert all(isinstance(r["structure"][0]["zone"], int) for r in loaded if r["structure"])
    assert annotation_sets_from_documents(loaded, features("documents")) == gold


@given(corpora(max_docs=3))
def test_flat_rows_round_trip(corpus):
    docs = _docs(corpus)
    gold = {d.id: d.annotations for d in docs}
    flat = {c: _as_loaded(c, config_rows(docs, c)) for c in GOLD_CONFIGS if c != "documents"}
    assert annotation_sets_from_flat(list(gold), flat, {c: features(c) for c in flat}) == gold


@given(corpora(max_docs=2))
def test_rows_follow_the_declared_features(corpus):
    docs = _docs(corpus)
    for c in CONFIGS:
        for row in config_rows(docs, c):
            assert list(row) == list(features(c))
