"""Predictions for generated gold documents: the gold perturbed span by span (kept, dropped,
relabelled, resized by a token) plus spurious spans, all on token boundaries of the same text."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from swn import vocab
from swn.model import AnnotationSet

SCORED = ("entities", "temporal", "quantities", "stance")
_RELABEL = {"entities": ("label", vocab.ENTITY_LABELS), "temporal": ("type", vocab.TIMEX3_TYPES),
            "stance": ("target", vocab.STANCE_TARGETS)}


def _token_range(tokens, start, end):
    a = next(i for i, (s, _) in enumerate(tokens) if s == start)
    b = next(i for i, (_, e) in enumerate(tokens) if e == end) + 1
    return a, b


@st.composite
def perturbed(draw, gdoc) -> AnnotationSet:
    tok = gdoc.doc
    n = len(tok.tokens)
    ann = gdoc.annotations
    layers = {}
    for layer in SCORED:
        out = []
        for span in ann.layer(layer):
            action = draw(st.sampled_from(("keep", "keep", "drop", "relabel", "resize")))
            if action == "drop":
                continue
            if action == "relabel" and layer in _RELABEL:
                name, values = _RELABEL[layer]
                span = replace(span, **{name: draw(st.sampled_from(values))})
            elif action == "resize":
                a, b = _token_range(tok.tokens, span.start, span.end)
                a2 = draw(st.integers(max(0, a - 1), a))
                b2 = draw(st.integers(b, min(n, b + 1)))
                if b2 - a2 > 1 and draw(st.booleans()):
                    a2 += 1
                s, e, t = tok.span(a2, b2)
                span = replace(span, start=s, end=e, text=t)
            out.append(replace(span, id=None))
        for _ in range(draw(st.integers(0, 2))):  # spurious: a copy of a gold span of the layer moved
            if not ann.layer(layer):
                break
            base = draw(st.sampled_from(ann.layer(layer)))
            a = draw(st.integers(0, n - 1))
            s, e, t = tok.span(a, draw(st.integers(a + 1, min(n, a + 2))))
            out.append(replace(base, id=None, start=s, end=e, text=t))
        layers[layer] = tuple(draw(st.permutations(out)))
    doc_stance = {t: draw(st.sampled_from(vocab.DOC_STANCE_VALUES)) for t in vocab.STANCE_TARGETS}
    return AnnotationSet(doc_id=ann.doc_id, doc_stance=doc_stance, **layers)


@st.composite
def gold_and_predictions(draw, min_docs=1, max_docs=4):
    from tests.strategies import corpora
    corpus = draw(corpora(min_docs=min_docs, max_docs=max_docs))
    gold = {d.doc_id: d.annotations for d in corpus.documents}
    pred = {d.doc_id: draw(perturbed(d)) for d in corpus.documents}
    return corpus, gold, pred
