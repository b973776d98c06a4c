"""Properties of the one span matcher (src/swn/scoring/match.py)."""
from __future__ import annotations

import random
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from swn.scoring.match import Alignment, align, align_arrays


@st.composite
def spans(draw, max_size=12, width=30):
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(st.integers(0, width))
        out.append((start, start + draw(st.integers(1, 8))))
    return out


labelled = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from("ABC")), max_size=12).map(
    lambda xs: [(s, s + n, lab) for s, n, lab in xs])


def _overlap(a, b) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def reference(gold, pred, key=None):
    """The rule of the docstring written out naively: rank every candidate pair, take greedily."""
    def tie(a, b):
        lo, hi = sorted([(a[0], a[1]), (b[0], b[1])])
        return lo + hi

    codes = {v: i for i, v in enumerate(sorted({key(s) for s in gold + pred}, key=repr))} if key else {}
    cands = []
    for i, a in enumerate(gold):
        for j, b in enumerate(pred):
            exact = a[0] == b[0] and a[1] == b[1]
            if not exact and _overlap(a, b) <= 0:
                continue
            ka, kb = (codes[key(a)], codes[key(b)]) if key else (0, 0)
            cands.append(((not exact, ka != kb, -_overlap(a, b)) + tie(a, b) + (ka, kb, i, j), i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return tuple(sorted(pairs))


def matched_offsets(gold, pred, alignment: Alignment) -> Counter:
    return Counter((tuple(gold[i]), tuple(pred[j])) for i, j in alignment.pairs)


@given(spans(), spans())
def test_one_to_one_and_complete_partition(gold, pred):
    a = align(gold, pred)
    gi = [i for i, _ in a.pairs]
    pj = [j for _, j in a.pairs]
    assert len(set(gi)) == len(gi) and len(set(pj)) == len(pj)
    assert sorted(gi + list(a.missed)) == list(range(len(gold)))
    assert sorted(pj + list(a.spurious)) == list(range(len(pred)))
    for i, j in a.pairs:
        assert _overlap(gold[i], pred[j]) > 0


@given(spans(), spans())
def test_matches_the_naive_reference(gold, pred):
    assert align(gold, pred).pairs == reference(gold, pred)


@given(labelled, labelled)
def test_matches_the_naive_reference_with_keys(gold, pred):
    key = lambda s: s[2]  # noqa: E731
    g = [(s, e) for s, e, _ in gold]
    p = [(s, e) for s, e, _ in pred]
    from types import SimpleNamespace
    go = [SimpleNamespace(start=s, end=e, label=lab) for s, e, lab in gold]
    po = [SimpleNamespace(start=s, end=e, label=lab) for s, e, lab in pred]
    assert align(go, po, key=lambda s: s.label).pairs == reference(gold, pred, key=key)
    assert align(g, p).pairs == reference(g, p)


@given(spans(), spans())
def test_swapping_sides_swaps_pairs(gold, pred):
    forward = matched_offsets(gold, pred, align(gold, pred))
    backward = align(pred, gold)
    swapped = Counter((tuple(gold[j]), tuple(pred[i])) for i, j in backward.pairs)
    assert forward == swapped


@given(spans(), spans(), st.randoms(use_true_random=False))
def test_independent_of_input_order(gold, pred, rnd):
    g2, p2 = gold[:], pred[:]
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    assert matched_offsets(gold, pred, align(gold, pred)) == matched_offsets(g2, p2, align(g2, p2))


@given(spans(), spans())
def test_exact_pairs_always_found(gold, pred):
    a = align(gold, pred)
    exact = sum((Counter(map(tuple, gold)) & Counter(map(tuple, pred))).values())
    found = sum(1 for i, j in a.pairs if tuple(gold[i]) == tuple(pred[j]))
    assert found == exact


def test_prefers_exact_then_larger_overlap():
    assert align([(0, 10)], [(2, 5), (0, 10)]).pairs == ((0, 1),)
    assert align([(0, 10)], [(8, 12), (3, 9)]).pairs == ((0, 1),)
    a = align([(0, 4), (10, 12)], [(1, 5), (20, 22)])
    assert a.pairs == ((0, 0),) and a.missed == (1,) and a.spurious == (1,)


def test_key_pairs_coextensive_spans_by_label():
    from types import SimpleNamespace as S
    gold = [S(start=0, end=5, label="ORG"), S(start=0, end=5, label="PER")]
    pred = [S(start=0, end=5, label="PER"), S(start=0, end=5, label="ORG")]
    assert align(gold, pred, key=lambda s: s.label).pairs == ((0, 1), (1, 0))


def test_empty_inputs_and_empty_spans():
    assert align([], []) == Alignment((), (), ())
    assert align([(0, 1)], []).missed == (0,)
    assert align([(3, 3)], [(3, 3), (0, 5)]).pairs == ((0, 0),)


def test_documents_never_cross():
    gi, pi = align_arrays(np.array([0, 0]), np.array([5, 5]), np.array([0, 0]), np.array([5, 5]),
                          gold_doc=np.array([0, 1]), pred_doc=np.array([1, 2]))
    assert gi.tolist() == [1] and pi.tolist() == [0]


def test_long_chain_uses_sequential_finish():
    # a chain where each pair's best partner is its right neighbour: many greedy rounds
    gold = [(i * 2, i * 2 + 3) for i in range(500)]
    pred = [(i * 2 + 1, i * 2 + 4) for i in range(500)]
    assert align(gold, pred).pairs == reference(gold, pred)


def test_million_spans_in_one_call():
    rng = random.Random(1)
    starts = sorted(rng.randrange(0, 10_000_000) for _ in range(1_000_000))
    gold = np.array(starts)
    pred = gold + np.array([rng.randrange(-2, 3) for _ in range(1_000_000)])
    gi, pi = align_arrays(gold, gold + 5, pred, pred + 5)
    assert len(gi) > 900_000
    assert len(set(gi.tolist())) == len(gi) and len(set(pi.tolist())) == len(pi)
