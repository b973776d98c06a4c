"""The token-level view: every gold span decodes back exactly, and seqeval (strict, IOB2) on the
tags equals ``swn score``'s strict F1 on the same spans."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import f1_score
from seqeval.scheme import IOB2

from swn import tokens
from swn.model import AnnotationSet, Entity
from swn.scoring.score import score
from swn.store import load_corpus
from tests.strategies import generated_documents


@pytest.fixture(scope="module")
def corpus(gold_present):
    assert gold_present, "these tests are about the released gold"
    docs = load_corpus()
    return docs, {d.id: tokens.tokenize(d.text, d.annotations) for d in docs}


def _chunks(rows, column):
    return tokens.spans_from_rows(rows, column)


def test_every_gold_span_of_every_tagged_layer_decodes_back_exactly(corpus):
    docs, _ = corpus
    n_entities = 0
    for d in docs:
        rows = tokens.sentence_rows(d)
        for layer, column in tokens.TAG_COLUMNS.items():
            want = [(s.start, s.end, s.label) for s in d.annotations.layer(layer)]
            assert _chunks(rows, column).get(d.id, []) == want, (d.id, layer)
        ids = [(r["token_start"][i], r["entity_ids"][i]) for r in rows for i in range(len(r["tokens"]))
               if r["ner_tags"][i].startswith("B-")]
        assert [i for _, i in ids] == [e.entity_id for e in d.annotations.entities]
        n_entities += len(d.annotations.entities)
    assert n_entities == 356


def test_tokens_are_the_text_without_whitespace_and_sentences_have_zones(corpus):
    docs, sentences = corpus
    for d in docs:
        toks = [d.text[a:b] for s in sentences[d.id] for a, b in s.tokens]
        assert "".join(toks) == "".join(d.text.split())
        assert all(t and not any(c.isspace() for c in t) for t in toks)
        assert all(r["zone"] is not None for r in tokens.sentence_rows(d))


@given(generated_documents())
def test_generated_documents_tag_and_decode_back(g):

    sents = tokens.tokenize(g.text, g.annotations)
    flat = [t for s in sents for t in s.tokens]
    assert "".join(g.text[a:b] for a, b in flat) == "".join(g.text.split())
    for layer in tokens.TAG_COLUMNS:
        got = []
        for s in sents:
            tags = tokens.encode(s, g.annotations.layer(layer))
            got += tokens.decode([a for a, _ in s.tokens], [b for _, b in s.tokens], tags)
        assert got == [(x.start, x.end, x.label) for x in g.annotations.layer(layer)]


def _perturb(text: str, sents: list[tokens.Sentence], gold: tuple[Entity, ...], rnd: random.Random) -> list[Entity]:
    """Predicted entities on the gold's tokens: kept, dropped, relabelled, grown or shrunk by a
    token within the sentence, plus spurious one-token entities; never overlapping."""
    labels = sorted({e.label for e in gold})
    out: list[tuple[int, int, str]] = []
    for s in sents:
        toks = s.tokens
        index = {a: i for i, (a, _) in enumerate(toks)}
        ends = {b: i for i, (_, b) in enumerate(toks)}
        taken = [False] * len(toks)
        mine = [(index[e.start], ends[e.end], e.label) for e in gold if s.start <= e.start < s.end]
        for i, j, _ in mine:
            taken[i:j + 1] = [True] * (j - i + 1)
        for i, j, label in mine:
            move = rnd.choice(["keep", "keep", "drop", "relabel", "grow", "shrink"])
            if move == "drop":
                continue
            if move == "relabel":
                label = rnd.choice(labels)
            elif move == "grow" and j + 1 < len(toks) and not taken[j + 1]:
                j += 1
                taken[j] = True
            elif move == "shrink" and j > i:
                j -= 1
            out.append((toks[i][0], toks[j][1], label))
        for k, (a, b) in enumerate(toks):
            if not taken[k] and rnd.random() < 0.03:
                out.append((a, b, rnd.choice(labels)))
    return [Entity(start=a, end=b, text=text[a:b], label=label) for a, b, label in sorted(out)]


def _tags(sents, spans):
    return [tokens.encode(s, spans) for s in sents]


def test_seqeval_on_gold_is_one(corpus):
    docs, sentences = corpus
    y = [t for d in docs for t in _tags(sentences[d.id], d.annotations.entities)]
    assert f1_score(y, y, mode="strict", scheme=IOB2) == 1.0


@settings(max_examples=15)
@given(st.integers(0, 2 ** 32))
def test_seqeval_strict_equals_swn_score_strict_on_perturbed_predictions(corpus, seed):
    docs, sentences = corpus
    rnd = random.Random(seed)
    gold = {d.id: d.annotations for d in docs}
    pred = {d.id: AnnotationSet(doc_id=d.id, entities=_perturb(d.text, sentences[d.id], d.annotations.entities, rnd))
            for d in docs}
    y_true = [t for d in docs for t in _tags(sentences[d.id], gold[d.id].entities)]
    y_pred = [t for d in docs for t in _tags(sentences[d.id], pred[d.id].entities)]
    strict = score(gold, pred, layers=["entities"])["layers"]["entities"]["overall"]["strict"]
    assert strict["f1"] < 1.0  # the perturbation changed something
    # the report rounds to 6 places; its counts give the exact figure
    exact = 2 * strict["correct"] / (strict["actual"] + strict["possible"])
    assert round(exact, 6) == pytest.approx(strict["f1"], abs=1e-9)
    assert f1_score(y_true, y_pred, mode="strict", scheme=IOB2) == pytest.approx(exact, abs=1e-12)


@settings(max_examples=10)
@given(st.integers(0, 2 ** 32))
def test_tag_sequences_make_seqeval_equal_swn_score_for_predictions_off_the_tokens(corpus, seed):
    """Predictions cut anywhere (inside words too), not overlapping each other."""
    docs, _ = corpus
    rnd = random.Random(seed)
    gold = {d.id: d.annotations for d in docs}
    pred = {}
    for d in docs:
        out, pos = [], 0
        for e in d.annotations.entities:
            a = max(pos, e.start + rnd.choice([-3, -1, 0, 0, 0, 1]))
            b = min(len(d.text), max(a + 1, e.end + rnd.choice([-2, 0, 0, 0, 2])))
            while a < b and d.text[a].isspace():
                a += 1
            while b > a and d.text[b - 1].isspace():
                b -= 1
            if a < b and (not out or a >= out[-1].end) and rnd.random() > 0.1:
                out.append(Entity(start=a, end=b, text=d.text[a:b], label=e.label))
                pos = b
        pred[d.id] = AnnotationSet(doc_id=d.id, entities=out)
    y_true, y_pred = [], []
    for d in docs:
        t, p = tokens.tag_sequences(d.text, gold[d.id], pred[d.id])
        y_true += t
        y_pred += p
    strict = score(gold, pred, layers=["entities"])["layers"]["entities"]["overall"]["strict"]
    exact = 2 * strict["correct"] / (strict["actual"] + strict["possible"])
    assert f1_score(y_true, y_pred, mode="strict", scheme=IOB2) == pytest.approx(exact, abs=1e-12)
