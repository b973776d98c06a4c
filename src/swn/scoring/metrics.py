"""Metrics from summed counts, with the formulas of nervaluate, TempEval-3 and SemEval-2016 Task 6.

Every function takes count sums as numpy arrays of any shape (one total, or one row per
bootstrap sample) and returns arrays of the same shape, so the bootstrap reuses them.

nervaluate (``EvaluationResult.compute_metrics``)::

    possible = correct + incorrect + partial + missed
    actual   = correct + incorrect + partial + spurious
    strict, exact:   precision = correct / actual,                 recall = correct / possible
    partial, ent_type: precision = (correct + 0.5 partial) / actual, recall = (correct + 0.5 partial) / possible
    f1 = 2 p r / (p + r), and 0 wherever a denominator is 0,
    except that with nothing to find and nothing predicted (possible = actual = 0) precision,
    recall and F1 are 1.0 (nervaluate gives 0): a system that correctly predicts nothing is
    perfect, so gold scored against itself is 1.0 everywhere. The same convention holds for
    the overlap scores, attribute accuracies and the stance classes.

Bootstrap intervals are reported only where every resample has something to find (see
``*_defined``): a resample without gold spans scores 1.0 or 0 by convention, not by merit.

Macro average: the unweighted mean over labels of each label's precision, recall and F1,
over the labels that occur (possible + actual > 0) in gold or predictions.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from .counts import ALL, MODES, OUTCOMES, LayerCounts
from .counting import DOC_STANCE_CLASSES
from .tables import ATTRIBUTES, labels_of


def ratio(num, den, empty=None):
    """num / den, 0 where den is 0 (or 1 where ``empty`` is true: nothing to find, none found)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)
    return out if empty is None else np.where(empty, 1.0, out)


def f1(p, r):
    p = np.asarray(p, dtype=float)
    r = np.asarray(r, dtype=float)
    return np.divide(2 * p * r, p + r, out=np.zeros(np.broadcast(p, r).shape), where=(p + r) > 0)


def _empty(a, b):
    return (np.asarray(a) == 0) & (np.asarray(b) == 0)


def prf(correct, incorrect, partial, missed, spurious, mode: str) -> dict[str, np.ndarray]:
    possible = correct + incorrect + partial + missed
    actual = correct + incorrect + partial + spurious
    credit = correct + 0.5 * partial if mode in ("partial", "ent_type") else correct
    none = _empty(possible, actual)
    p, r = ratio(credit, actual, none), ratio(credit, possible, none)
    return {"possible": possible, "actual": actual, "precision": p, "recall": r, "f1": f1(p, r)}


def _get(lc: LayerCounts, sums: np.ndarray, name: str) -> np.ndarray:
    return sums[..., lc.col(name)]


def mode_scores(lc: LayerCounts, sums: np.ndarray, scope: str, mode: str) -> dict[str, np.ndarray]:
    out = {o: _get(lc, sums, f"{scope}|{mode}|{o}") for o in OUTCOMES}
    out.update(prf(*(out[o] for o in OUTCOMES), mode=mode))
    return out


def macro(lc: LayerCounts, sums: np.ndarray, mode: str) -> dict[str, np.ndarray]:
    ps, rs, fs, present = [], [], [], []
    for label in labels_of(lc.layer):
        s = mode_scores(lc, sums, label, mode)
        ps.append(s["precision"])
        rs.append(s["recall"])
        fs.append(s["f1"])
        present.append((s["possible"] + s["actual"]) > 0)
    w = np.asarray(present, dtype=float)
    n = w.sum(axis=0)
    mean = lambda xs: ratio((np.asarray(xs) * w).sum(axis=0), n, n == 0)  # noqa: E731
    return {"precision": mean(ps), "recall": mean(rs), "f1": mean(fs), "labels": n}


def any_label_scores(lc: LayerCounts, sums: np.ndarray) -> dict[str, np.ndarray]:
    """Span detection whatever the label (TempEval-3's strict and relaxed extent scores):
    ``span_*_exact`` counts identical offsets, ``span_*_overlap`` any overlap (the same
    alignment); attribute accuracy on overlap matches and attribute F1 = accuracy x
    ``span_f1_overlap`` (TempEval-3's value F1 is ``value_f1``)."""
    gold, pred = _get(lc, sums, "x|gold"), _get(lc, sums, "x|pred")
    pairs, exact = _get(lc, sums, "x|pairs"), _get(lc, sums, "x|exact_pairs")
    out: dict[str, np.ndarray] = {}
    none = _empty(gold, pred)
    for name, tp in (("exact", exact), ("overlap", pairs)):
        p, r = ratio(tp, pred, none), ratio(tp, gold, none)
        out[f"span_precision_{name}"], out[f"span_recall_{name}"], out[f"span_f1_{name}"] = p, r, f1(p, r)
    for a in ATTRIBUTES.get(lc.layer, ()):
        acc = ratio(_get(lc, sums, f"x|{a}_ok"), pairs, none)
        out[f"{a}_accuracy"] = acc
        out[f"{a}_f1"] = acc * out["span_f1_overlap"]
    return out


def any_label_defined(lc: LayerCounts, sums: np.ndarray) -> dict[str, np.ndarray]:
    """Where each :func:`any_label_scores` measure has something to measure: span scores need
    gold spans, attribute scores matched pairs."""
    has_gold, has_pairs = _get(lc, sums, "x|gold") > 0, _get(lc, sums, "x|pairs") > 0
    out = {f"span_{m}_{kind}": has_gold for kind in ("exact", "overlap") for m in ("precision", "recall", "f1")}
    out.update({f"{a}_{m}": has_pairs for a in ATTRIBUTES.get(lc.layer, ()) for m in ("accuracy", "f1")})
    return out


def doc_stance_scores(lc: LayerCounts, sums: np.ndarray) -> dict[str, np.ndarray]:
    """SemEval-2016 Task 6: F_avg = (F(FAVOR) + F(AGAINST)) / 2 over all (document, target) instances."""
    out: dict[str, np.ndarray] = {}
    for c in DOC_STANCE_CLASSES:
        tp, g, p = (_get(lc, sums, f"{c}|{k}") for k in ("tp", "gold", "pred"))
        none = _empty(g, p)
        out[f"{c.lower()}_precision"], out[f"{c.lower()}_recall"] = ratio(tp, p, none), ratio(tp, g, none)
        out[f"{c.lower()}_f1"] = f1(out[f"{c.lower()}_precision"], out[f"{c.lower()}_recall"])
    out["f_avg"] = (out["favor_f1"] + out["against_f1"]) / 2
    out["accuracy"] = ratio(_get(lc, sums, "agree"), _get(lc, sums, "n"))
    return out


def doc_stance_defined(lc: LayerCounts, sums: np.ndarray) -> dict[str, np.ndarray]:
    """Where each :func:`doc_stance_scores` measure has something to find (gold instances of its class)."""
    has = {c.lower(): _get(lc, sums, f"{c}|gold") > 0 for c in DOC_STANCE_CLASSES}
    out = {f"{c}_{k}": v for c, v in has.items() for k in ("precision", "recall", "f1")}
    out["f_avg"] = has["favor"] & has["against"]
    out["accuracy"] = _get(lc, sums, "n") > 0
    return out


def as_python(d: Mapping) -> dict:
    """numpy scalars to int/float (floats rounded to 6 places for stable output); None stays None."""
    out = {}
    for k, v in d.items():
        if isinstance(v, Mapping):
            out[k] = as_python(v)
        elif v is None:
            out[k] = None
        else:
            a = np.asarray(v)
            out[k] = int(a) if a.dtype.kind in "iu" else round(float(a), 6)
    return out


__all__ = ["MODES", "prf", "mode_scores", "macro", "any_label_scores", "any_label_defined", "doc_stance_scores",
           "doc_stance_defined", "ratio", "f1"]
