"""The one span matcher of SWN: decides which gold span and which predicted span are "the same span".

Used by the scorer (every mode, every layer), inter-annotator agreement, adjudication and the viewer.

Matching rule (one-to-one, deterministic)
-----------------------------------------
Two spans are *candidates* when they share at least one code point (half-open offsets:
``max(starts) < min(ends)``), or when their offsets are identical (so two empty spans at the
same position are candidates too). Every candidate pair is ranked by, in order:

1. exact offsets first (``gold.start == pred.start and gold.end == pred.end``);
2. equal keys first (``key`` is optional, e.g. the label; without it all keys are equal);
3. larger overlap (number of shared code points) first;
4. a position tie-break that treats both sides alike: the pair whose two spans, taken as the
   sorted pair ``(min((gs, ge), (ps, pe)), max(...))``, come first lexicographically;
5. the gold key, then the predicted key (their sort order);
6. equal sub-keys first, then the gold sub-key, then the predicted sub-key (``subkey`` is
   optional, e.g. the span's other attributes: among co-extensive spans of one label, the
   pair that also agrees on them);
7. the gold index, then the predicted index (reached only by spans identical in offsets,
   keys and sub-keys, which are interchangeable).

Pairs are then taken greedily in that order, skipping any pair whose gold or predicted span is
already taken. Because the order is strict and total, the result is unique: it is the same
as taking, in rounds, every pair that is the best remaining pair of both its spans (the form
implemented here, vectorised with numpy, with a sequential finish for long chains).

Consequences (tested as properties): exact-offset pairs are always found (when a span has
several exact partners, as many as possible are paired); swapping gold and predictions
swaps the pairs; permuting either input permutes the indices only (the multiset of matched
``(gold offsets, pred offsets)`` is unchanged, up to spans identical in offsets and key).

Complexity: O(n log n + k) where k is the number of overlapping pairs (O(n) for ordinary
text, where spans of one side rarely nest deeply). The candidate join uses the fact that two
non-empty spans overlap exactly when the predicted span starts inside the gold span
(``gs <= ps < ge``) or the gold span starts strictly inside the predicted span
(``ps < gs < pe``); each is a sorted "points in intervals" join, and the two are disjoint.

:func:`align` matches one sequence pair; :func:`align_arrays` matches many documents at once
(spans of different documents never match) and is what the scorer uses at scale.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Hashable, Sequence

import numpy as np

__all__ = ["Alignment", "align", "align_arrays"]

# Below this many remaining candidate pairs, or after this many vectorised rounds, finish
# with a plain loop (rounds can be many on long chains of overlapping spans).
_SEQUENTIAL_BELOW = 64
_MAX_ROUNDS = 12


@dataclass(frozen=True)
class Alignment:
    """The result of :func:`align`.

    ``pairs``: matched ``(gold_index, pred_index)`` sorted by gold index;
    ``missed``: unmatched gold indices; ``spurious``: unmatched predicted indices (ascending).
    """

    pairs: tuple[tuple[int, int], ...]
    missed: tuple[int, ...]
    spurious: tuple[int, ...]


def _offsets(spans: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    n = len(spans)
    if n and isinstance(spans[0], tuple):
        starts = np.fromiter((s[0] for s in spans), dtype=np.int64, count=n)
        ends = np.fromiter((s[1] for s in spans), dtype=np.int64, count=n)
    else:
        starts = np.fromiter((s.start for s in spans), dtype=np.int64, count=n)
        ends = np.fromiter((s.end for s in spans), dtype=np.int64, count=n)
    return starts, ends


def _key_codes(gold: Sequence[Any], pred: Sequence[Any],
               key: Callable[[Any], Hashable]) -> tuple[np.ndarray, np.ndarray]:
    gk = [key(s) for s in gold]
    pk = [key(s) for s in pred]
    # Codes follow a fixed order of the key values (not of first appearance) so that the
    # tie-break on keys does not depend on the order of the inputs.
    ordered = sorted(set(gk) | set(pk), key=lambda v: (type(v).__name__, repr(v)))
    code = {v: i for i, v in enumerate(ordered)}
    return (np.fromiter((code[v] for v in gk), dtype=np.int64, count=len(gk)),
            np.fromiter((code[v] for v in pk), dtype=np.int64, count=len(pk)))


def align(gold: Sequence[Any], pred: Sequence[Any], *,
          key: Callable[[Any], Hashable] | None = None,
          subkey: Callable[[Any], Hashable] | None = None) -> Alignment:
    """Match ``gold`` spans to ``pred`` spans one-to-one by the rule in the module docstring.

    Spans are objects with ``.start``/``.end`` or ``(start, end)`` tuples (all of one kind per
    sequence). ``key`` (optional) maps a span to a value; pairs with equal keys are preferred
    after exact offsets (pass the label so that co-extensive spans pair by label); ``subkey``
    (optional) breaks the remaining ties (rule 6).
    """
    gs, ge = _offsets(gold)
    ps, pe = _offsets(pred)
    gk = pk = None
    if key is not None:
        gk, pk = _key_codes(gold, pred, key)
    gsub = psub = None
    if subkey is not None:
        gsub, psub = _key_codes(gold, pred, subkey)
    gi, pi = align_arrays(gs, ge, ps, pe, gold_key=gk, pred_key=pk, gold_sub=gsub, pred_sub=psub)
    gold_taken = np.zeros(len(gold), dtype=bool)
    pred_taken = np.zeros(len(pred), dtype=bool)
    gold_taken[gi] = True
    pred_taken[pi] = True
    return Alignment(
        pairs=tuple(zip(gi.tolist(), pi.tolist())),
        missed=tuple(np.flatnonzero(~gold_taken).tolist()),
        spurious=tuple(np.flatnonzero(~pred_taken).tolist()),
    )


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each i, the integers lo[i] .. hi[i]-1: returns (i repeated, integer)."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(lo), dtype=np.int64), counts)
    if total == 0:
        return owner, owner.copy()
    first = np.cumsum(counts) - counts
    within = np.arange(total, dtype=np.int64) - np.repeat(first, counts)
    return owner, np.repeat(lo, counts) + within


def _global(doc: np.ndarray | None, start: np.ndarray, end: np.ndarray,
            stride: int) -> tuple[np.ndarray, np.ndarray]:
    if doc is None:
        return start, end
    base = doc.astype(np.int64) * stride
    return base + start, base + end


def _candidates(gs, ge, ps, pe) -> tuple[np.ndarray, np.ndarray]:
    """All (gold, pred) index pairs that overlap or have identical offsets."""
    pred_by_start = np.argsort(ps, kind="stable")
    gold_by_start = np.argsort(gs, kind="stable")
    ps_sorted = ps[pred_by_start]
    gs_sorted = gs[gold_by_start]
    # Predicted span starts inside the gold span: gs <= ps < ge.
    g_a, j = _expand(np.searchsorted(ps_sorted, gs, "left"), np.searchsorted(ps_sorted, ge, "left"))
    p_a = pred_by_start[j]
    # Gold span starts strictly inside the predicted span: ps < gs < pe.
    p_b, j = _expand(np.searchsorted(gs_sorted, ps, "right"), np.searchsorted(gs_sorted, pe, "left"))
    g_b = gold_by_start[j]
    g = np.concatenate([g_a, g_b])
    p = np.concatenate([p_a, p_b])
    keep = np.minimum(ge[g], pe[p]) > np.maximum(gs[g], ps[p])
    g, p = g[keep], p[keep]
    g_empty = np.flatnonzero(gs == ge)
    p_empty = np.flatnonzero(ps == pe)
    if len(g_empty) and len(p_empty):  # empty spans match only at identical offsets
        order = p_empty[np.argsort(ps[p_empty], kind="stable")]
        keys = ps[order]
        owner, j = _expand(np.searchsorted(keys, gs[g_empty], "left"), np.searchsorted(keys, gs[g_empty], "right"))
        g = np.concatenate([g, g_empty[owner]])
        p = np.concatenate([p, order[j]])
    return g, p


def _unique_exact_pairs(gs, ge, ps, pe) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs with identical offsets whose offsets occur once among gold and once among preds."""
    width = int(max((ge - gs).max(), (pe - ps).max())) + 1
    top = int(max(gs.max(), ps.max())) + 1
    if top * width >= 2 ** 62:  # offsets too large to pack into one integer: no fast path
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    gcode = gs * width + (ge - gs)
    pcode = ps * width + (pe - ps)

    def unique_sorted(code):
        order = np.argsort(code, kind="stable")
        c = code[order]
        alone = np.ones(len(c), dtype=bool)
        same = c[1:] == c[:-1]
        alone[1:] &= ~same
        alone[:-1] &= ~same
        return c[alone], order[alone]

    gc, gi = unique_sorted(gcode)
    pc, pi = unique_sorted(pcode)
    if len(gc) == 0 or len(pc) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    at = np.minimum(np.searchsorted(pc, gc), len(pc) - 1)
    hit = pc[at] == gc
    return gi[hit], pi[at[hit]]


def _first_mask(values: np.ndarray) -> np.ndarray:
    """True at the first occurrence of each value (the array is in rank order)."""
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    first = np.ones(len(values), dtype=bool)
    first[1:] = sorted_values[1:] != sorted_values[:-1]
    mask = np.zeros(len(values), dtype=bool)
    mask[order[first]] = True
    return mask


def align_arrays(gold_start: np.ndarray, gold_end: np.ndarray, pred_start: np.ndarray, pred_end: np.ndarray, *,
                 gold_doc: np.ndarray | None = None, pred_doc: np.ndarray | None = None,
                 gold_key: np.ndarray | None = None, pred_key: np.ndarray | None = None,
                 gold_sub: np.ndarray | None = None, pred_sub: np.ndarray | None = None,
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`align` over many documents at once.

    Arrays of integers; ``*_doc`` are integer document codes (spans of different documents
    never match; both or neither must be given); ``*_key`` integer key codes (pairs with equal
    codes preferred, codes also order the tie-break); ``*_sub`` integer sub-key codes (rule 6).
    Returns ``(gold_index, pred_index)``
    arrays of the matched pairs, sorted by gold index.
    """
    gs = np.asarray(gold_start, dtype=np.int64)
    ge = np.asarray(gold_end, dtype=np.int64)
    ps = np.asarray(pred_start, dtype=np.int64)
    pe = np.asarray(pred_end, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if len(gs) == 0 or len(ps) == 0:
        return empty, empty.copy()
    if (gold_doc is None) != (pred_doc is None):
        raise ValueError("give both gold_doc and pred_doc, or neither")
    stride = int(max(ge.max(), pe.max(), gs.max(), ps.max())) + 2
    gs, ge = _global(None if gold_doc is None else np.asarray(gold_doc), gs, ge, stride)
    ps, pe = _global(None if pred_doc is None else np.asarray(pred_doc), ps, pe, stride)
    # Fast path: a gold span and a predicted span with identical offsets, each the only one with
    # those offsets on its side, rank above every other pair touching either of them (rule 1),
    # so the greedy takes them; only the rest need the candidate join and the ranking.
    uniq_g, uniq_p = _unique_exact_pairs(gs, ge, ps, pe)
    rest_gold = np.ones(len(gs), dtype=bool)
    rest_pred = np.ones(len(ps), dtype=bool)
    rest_gold[uniq_g] = False
    rest_pred[uniq_p] = False
    gold_ids = np.flatnonzero(rest_gold)
    pred_ids = np.flatnonzero(rest_pred)
    g, p = _candidates(gs[gold_ids], ge[gold_ids], ps[pred_ids], pe[pred_ids])
    g, p = gold_ids[g], pred_ids[p]
    if len(g) == 0:
        order = np.argsort(uniq_g, kind="stable")
        return uniq_g[order], uniq_p[order]

    gs_, ge_, ps_, pe_ = gs[g], ge[g], ps[p], pe[p]
    not_exact = ~((gs_ == ps_) & (ge_ == pe_))
    overlap = np.minimum(ge_, pe_) - np.maximum(gs_, ps_)
    gold_first = (gs_ < ps_) | ((gs_ == ps_) & (ge_ <= pe_))
    lo_s = np.where(gold_first, gs_, ps_)
    lo_e = np.where(gold_first, ge_, pe_)
    hi_s = np.where(gold_first, ps_, gs_)
    hi_e = np.where(gold_first, pe_, ge_)
    if gold_key is not None and pred_key is not None:
        gk = np.asarray(gold_key, dtype=np.int64)[g]
        pk = np.asarray(pred_key, dtype=np.int64)[p]
        key_differs = gk != pk
    else:
        gk = pk = np.zeros(len(g), dtype=np.int64)
        key_differs = gk.astype(bool)
    if gold_sub is not None and pred_sub is not None:
        gsub = np.asarray(gold_sub, dtype=np.int64)[g]
        psub = np.asarray(pred_sub, dtype=np.int64)[p]
    else:
        gsub = psub = np.zeros(len(g), dtype=np.int64)
    # np.lexsort: the last key is the primary one.
    rank = np.lexsort((p, g, psub, gsub, gsub != psub, pk, gk, hi_e, hi_s, lo_e, lo_s, -overlap, key_differs, not_exact))
    g, p = g[rank], p[rank]

    taken_g: list[np.ndarray] = [uniq_g]
    taken_p: list[np.ndarray] = [uniq_p]
    rounds = 0
    while len(g) >= _SEQUENTIAL_BELOW and rounds < _MAX_ROUNDS:
        rounds += 1
        best = _first_mask(g) & _first_mask(p)
        bg, bp = g[best], p[best]
        taken_g.append(bg)
        taken_p.append(bp)
        gold_used = np.zeros(len(gs), dtype=bool)
        pred_used = np.zeros(len(ps), dtype=bool)
        gold_used[bg] = True
        pred_used[bp] = True
        alive = ~(gold_used[g] | pred_used[p])
        g, p = g[alive], p[alive]
    if len(g):
        used_g: set[int] = set()
        used_p: set[int] = set()
        rest_g: list[int] = []
        rest_p: list[int] = []
        for a, b in zip(g.tolist(), p.tolist()):
            if a in used_g or b in used_p:
                continue
            used_g.add(a)
            used_p.add(b)
            rest_g.append(a)
            rest_p.append(b)
        taken_g.append(np.asarray(rest_g, dtype=np.int64))
        taken_p.append(np.asarray(rest_p, dtype=np.int64))
    out_g = np.concatenate(taken_g) if taken_g else empty
    out_p = np.concatenate(taken_p) if taken_p else empty
    order = np.argsort(out_g, kind="stable")
    return out_g[order], out_p[order]
