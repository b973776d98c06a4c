"""From gold and predicted span tables to per-document :class:`~swn.scoring.counts.LayerCounts`.

One alignment (:func:`swn.scoring.match.align_arrays`, label as key) decides every outcome of
every mode, as in SemEval-2013 Task 9.1 / nervaluate, for a matched pair (g, p):

============  =====================================  ==========================
mode          correct                                otherwise
============  =====================================  ==========================
strict        same offsets and same label            incorrect
exact         same offsets                           incorrect
partial       same offsets                           partial (0.5 credit)
type          same label                             incorrect
============  =====================================  ==========================

An unmatched gold span is ``missed`` and an unmatched predicted span ``spurious`` in every mode.
Per label, as nervaluate does, the spans of that label alone are aligned again (so a gold
PERSON matched to a predicted ORG counts as ``incorrect`` overall in strict and type modes, but
as a ``missed`` PERSON and a ``spurious`` ORG per label).

Extra columns (``x|...``): ``gold``, ``pred``, ``pairs`` (overlap matches), ``exact_pairs``
(offset-identical matches) and ``<attr>_ok`` (matched pairs whose attribute agrees) for the
layer's compared attributes.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .. import vocab
from ..model import AnnotationSet
from .counts import ALL, MODES, OUTCOMES, LayerCounts, nervaluate_columns
from .match import align_arrays
from .tables import ATTRIBUTES, SpanTable, build_tables, labels_of

DOC_STANCE = "doc_stance"
DOC_STANCE_CLASSES = ("FAVOR", "AGAINST")


def layer_columns(layer: str) -> tuple[str, ...]:
    extras = ["x|gold", "x|pred", "x|pairs", "x|exact_pairs"] + [f"x|{a}_ok" for a in ATTRIBUTES.get(layer, ())]
    return nervaluate_columns(labels_of(layer)) + tuple(extras)


def _outcome_columns(scope_offset: np.ndarray | int, mode: int, outcome: int) -> np.ndarray | int:
    # column of (scope, mode, outcome) in nervaluate_columns order
    return scope_offset * (len(MODES) * len(OUTCOMES)) + mode * len(OUTCOMES) + outcome


_C, _I, _P, _M, _S = range(5)
_STRICT, _EXACT, _PARTIAL, _TYPE = range(4)


def _add_outcomes(acc: np.ndarray, n_cols: int, doc_g: np.ndarray, doc_p: np.ndarray, scope_g: np.ndarray,
                  scope_p: np.ndarray, pair_doc: np.ndarray, pair_scope: np.ndarray, exact: np.ndarray,
                  same: np.ndarray, unmatched_g: np.ndarray, unmatched_p: np.ndarray) -> None:
    """Add every mode's outcomes into ``acc`` (flattened docs x columns) with one bincount."""
    idx = []
    for mode in range(len(MODES)):
        if mode == _STRICT:
            outcome = np.where(exact & same, _C, _I)
        elif mode == _EXACT:
            outcome = np.where(exact, _C, _I)
        elif mode == _PARTIAL:
            outcome = np.where(exact, _C, _P)
        else:
            outcome = np.where(same, _C, _I)
        idx.append(pair_doc * n_cols + _outcome_columns(pair_scope, mode, outcome))
        idx.append(doc_g[unmatched_g] * n_cols + _outcome_columns(scope_g[unmatched_g], mode, _M))
        idx.append(doc_p[unmatched_p] * n_cols + _outcome_columns(scope_p[unmatched_p], mode, _S))
    flat = np.concatenate(idx)
    acc += np.bincount(flat, minlength=acc.size)[: acc.size]


def align_tables(gold: SpanTable, pred: SpanTable) -> tuple[np.ndarray, np.ndarray]:
    """The scorer's one alignment of all labels (label as key, compared attributes as sub-key):
    indices of the paired gold and predicted rows."""
    return align_arrays(gold.start, gold.end, pred.start, pred.end, gold_doc=gold.doc, pred_doc=pred.doc,
                        gold_key=gold.label, pred_key=pred.label,
                        gold_sub=gold.attrs.get("*"), pred_sub=pred.attrs.get("*"))


class _OneDocument:
    """One document's spans of one layer, as :func:`build_tables` reads an annotation set."""

    def __init__(self, spans: Sequence) -> None:
        self.spans = tuple(spans)

    def layer(self, name: str) -> tuple:
        return self.spans


def align_spans(layer: str, gold: Sequence, pred: Sequence) -> list[tuple[int, int]]:
    """The (gold index, predicted index) pairs the scorer forms between one document's spans of
    ``layer`` (what the viewer's compare pages show, so that they agree with ``swn score``)."""
    g, p = build_tables(layer, ("-",), {"-": _OneDocument(gold)}, {"-": _OneDocument(pred)})
    gi, pi = align_tables(g, p)
    return sorted(zip(gi.tolist(), pi.tolist()))


def count_tables(gold: SpanTable, pred: SpanTable) -> LayerCounts:
    """Per-document counts of one layer (both tables over the same ``docs``)."""
    layer = gold.layer
    columns = layer_columns(layer)
    n_cols = len(columns)
    n_docs = len(gold.docs)
    n_labels = len(labels_of(layer))
    acc = np.zeros(n_docs * n_cols, dtype=np.int64)

    # All labels together, the label as key.
    gi, pi = align_tables(gold, pred)
    exact = (gold.start[gi] == pred.start[pi]) & (gold.end[gi] == pred.end[pi])
    same = gold.label[gi] == pred.label[pi]
    un_g = np.ones(len(gold), dtype=bool)
    un_p = np.ones(len(pred), dtype=bool)
    un_g[gi] = False
    un_p[pi] = False
    zero_g = np.zeros(len(gold), dtype=np.int64)
    zero_p = np.zeros(len(pred), dtype=np.int64)
    _add_outcomes(acc, n_cols, gold.doc, pred.doc, zero_g, zero_p, gold.doc[gi], np.zeros(len(gi), np.int64),
                  exact, same, un_g, un_p)

    # Extras on the all-label alignment.
    extra = {"x|gold": (gold.doc, None), "x|pred": (pred.doc, None), "x|pairs": (gold.doc[gi], None),
             "x|exact_pairs": (gold.doc[gi], exact)}
    for name in ATTRIBUTES.get(layer, ()):
        extra[f"x|{name}_ok"] = (gold.doc[gi], gold.attrs[name][gi] == pred.attrs[name][pi])
    rows = acc.reshape(n_docs, n_cols)
    for name, (docs, mask) in extra.items():
        d = docs if mask is None else docs[mask]
        rows[:, columns.index(name)] += np.bincount(d, minlength=n_docs)[:n_docs]

    # Per label: align each label's spans alone (label folded into the document code).
    if n_labels > 1:
        gdoc = gold.doc * n_labels + gold.label
        pdoc = pred.doc * n_labels + pred.label
        gi, pi = align_arrays(gold.start, gold.end, pred.start, pred.end, gold_doc=gdoc, pred_doc=pdoc,
                              gold_sub=gold.attrs.get("*"), pred_sub=pred.attrs.get("*"))
        exact = (gold.start[gi] == pred.start[pi]) & (gold.end[gi] == pred.end[pi])
        un_g = np.ones(len(gold), dtype=bool)
        un_p = np.ones(len(pred), dtype=bool)
        un_g[gi] = False
        un_p[pi] = False
        _add_outcomes(acc, n_cols, gold.doc, pred.doc, gold.label + 1, pred.label + 1, gold.doc[gi],
                      gold.label[gi] + 1, exact, np.ones(len(gi), dtype=bool), un_g, un_p)
    else:  # one label: per label equals overall
        block = len(MODES) * len(OUTCOMES)
        rows[:, block:2 * block] = rows[:, :block]
    return LayerCounts(layer, columns, tuple(gold.docs), rows)


def doc_stance_columns() -> tuple[str, ...]:
    return ("n", "agree") + tuple(f"{c}|{k}" for c in DOC_STANCE_CLASSES for k in ("tp", "gold", "pred"))


def count_doc_stance(docs: Sequence[str], gold: Mapping[str, AnnotationSet],
                     pred: Mapping[str, AnnotationSet]) -> LayerCounts:
    """SemEval-2016 Task 6 counts: each (document, target) is one instance; a target the
    gold (or the prediction) leaves out is ``NONE``."""
    columns = doc_stance_columns()
    rows = np.zeros((len(docs), len(columns)), dtype=np.int64)
    col = {c: i for i, c in enumerate(columns)}
    for i, doc_id in enumerate(docs):
        g = gold[doc_id].doc_stance if doc_id in gold else {}
        p = pred[doc_id].doc_stance if doc_id in pred else {}
        for target in vocab.STANCE_TARGETS:
            gv, pv = g.get(target, "NONE"), p.get(target, "NONE")
            rows[i, col["n"]] += 1
            rows[i, col["agree"]] += gv == pv
            for c in DOC_STANCE_CLASSES:
                rows[i, col[f"{c}|gold"]] += gv == c
                rows[i, col[f"{c}|pred"]] += pv == c
                rows[i, col[f"{c}|tp"]] += gv == c and pv == c
    return LayerCounts(DOC_STANCE, columns, tuple(docs), rows)


__all__ = ["ALL", "DOC_STANCE", "align_spans", "align_tables", "count_tables", "count_doc_stance", "layer_columns", "doc_stance_columns"]
