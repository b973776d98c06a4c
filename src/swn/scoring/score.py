"""The scorer as a library: gold + predictions -> counts -> report (a JSON-ready dict).

``count`` is the map step (any subset of documents), :meth:`Counts.merge` the reduce step,
``report`` turns merged counts into metrics (with bootstrap intervals over documents).
``score`` does all three. The report uses nervaluate's vocabulary (modes ``strict``,
``exact``, ``partial``, ``type``; ``correct``, ``incorrect``, ``partial``, ``missed``,
``spurious``, ``possible``, ``actual``, ``precision``, ``recall``, ``f1``).
"""
from __future__ import annotations

from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from .. import __version__, vocab
from ..model import AnnotationSet, Span
from . import bootstrap as boot
from .counting import DOC_STANCE, count_doc_stance, count_tables
from .counts import ALL, MODES, Counts, LayerCounts
from .metrics import as_python, doc_stance_scores, macro, mode_scores, overlap_scores
from .predictions import Predictions
from .tables import build_tables, labels_of, zone_filter

# The layers scored by default (structure is the zoning of the text, scored only on request).
DEFAULT_LAYERS = tuple(name for name in vocab.LAYER_NAMES if name != "structure")


def _as_mapping(predictions: Predictions | Mapping[str, AnnotationSet]) -> Mapping[str, AnnotationSet]:
    return predictions.records if isinstance(predictions, Predictions) else predictions


def scored_layers(predictions: Predictions | Mapping[str, AnnotationSet],
                  layers: Sequence[str] | None = None) -> tuple[str, ...]:
    """``layers`` if given, else the layers the predictions give (all default layers for a mapping),
    plus ``doc_stance`` when predicted."""
    if isinstance(predictions, Predictions):
        given = predictions.layers + ((DOC_STANCE,) if predictions.doc_stance else ())
    else:
        given = DEFAULT_LAYERS + (DOC_STANCE,)
    if layers is None:
        return tuple(given)
    for name in layers:
        if name not in vocab.LAYER_NAMES and name != DOC_STANCE:
            raise ValueError(f"unknown layer {name!r}")
    return tuple(name for name in (*vocab.LAYER_NAMES, DOC_STANCE) if name in layers)


def count(gold: Mapping[str, AnnotationSet], predictions: Predictions | Mapping[str, AnnotationSet], *,
          layers: Sequence[str] | None = None, zone: str | None = None,
          docs: Iterable[str] | None = None, keep: Callable[[str, Span], bool] | None = None) -> Counts:
    """Per-document counts of ``docs`` (default: every gold document). ``keep(doc_id, span)``
    filters gold and predicted spans (a scoring profile, :mod:`swn.scoring.profiles`)."""
    pred = _as_mapping(predictions)
    docs = tuple(sorted(gold if docs is None else docs))
    in_zone = zone_filter(gold, zone) if zone else None
    if in_zone is not None and keep is not None:
        keep = (lambda z, k: lambda d, s: z(d, s) and k(d, s))(in_zone, keep)
    else:
        keep = in_zone or keep
    out: dict[str, LayerCounts] = {}
    for name in scored_layers(predictions, layers):
        if name == DOC_STANCE:
            out[name] = count_doc_stance(docs, gold, pred)
        else:
            g, p = build_tables(name, docs, gold, pred, keep)
            out[name] = count_tables(g, p)
    return Counts(out)


def _modes(lc: LayerCounts, sums: np.ndarray, scope: str) -> dict:
    return {mode: mode_scores(lc, sums, scope, mode) for mode in MODES}


def _layer_report(lc: LayerCounts, w: np.ndarray | None) -> dict:
    sums = lc.total()
    if lc.layer == DOC_STANCE:
        out = as_python(doc_stance_scores(lc, sums))
        if w is not None:
            samples = doc_stance_scores(lc, w @ lc.rows)
            out["ci"] = {k: boot.interval(v) for k, v in samples.items()}
        return out
    out: dict = {"overall": as_python(_modes(lc, sums, ALL)),
                 "macro": as_python({m: macro(lc, sums, m) for m in MODES}),
                 "overlap": as_python(overlap_scores(lc, sums))}
    per_label = {}
    for label in labels_of(lc.layer):
        s = _modes(lc, sums, label)
        if any(int(s[m]["possible"]) + int(s[m]["actual"]) for m in MODES):
            per_label[label] = as_python(s)
    out["per_label"] = per_label
    out["documents"] = {doc: {m: {k: v for k, v in scores.items()}
                              for m, scores in as_python(_modes(lc, lc.rows[i], ALL)).items()}
                        for i, doc in enumerate(lc.docs)}
    if w is not None:
        samples = w @ lc.rows
        ci: dict = {"overall": {}, "macro": {}}
        for m in MODES:
            s = mode_scores(lc, samples, ALL, m)
            ci["overall"][m] = {k: boot.interval(s[k]) for k in ("precision", "recall", "f1")}
            mm = macro(lc, samples, m)
            ci["macro"][m] = {k: boot.interval(mm[k]) for k in ("precision", "recall", "f1")}
        ci["overlap"] = {k: boot.interval(v) for k, v in overlap_scores(lc, samples).items()}
        out["ci"] = ci
    return out


def report(counts: Counts, *, bootstrap: int = 0, seed: int = 0, meta: Mapping | None = None) -> dict:
    """The JSON-ready report of merged ``counts`` (bootstrap intervals when ``bootstrap`` > 0)."""
    docs = counts.docs
    layers: dict = {}
    w_all = boot.weights(len(docs), bootstrap, seed) if bootstrap > 0 else None
    pos = {d: i for i, d in enumerate(docs)}
    for name, lc in counts.layers.items():
        w = None if w_all is None else w_all[:, [pos[d] for d in lc.docs]]
        layers[name] = _layer_report(lc, w)
    out = {"scorer": f"swn {__version__}", "documents": len(docs),
           "bootstrap": {"samples": bootstrap, "seed": seed, "confidence": boot.CONFIDENCE} if bootstrap else None}
    if meta:
        out.update(meta)
    out["layers"] = layers
    return out


def score(gold: Mapping[str, AnnotationSet], predictions: Predictions | Mapping[str, AnnotationSet], *,
          layers: Sequence[str] | None = None, zone: str | None = None, bootstrap: int = 0, seed: int = 0,
          keep: Callable[[str, Span], bool] | None = None) -> dict:
    """Score ``predictions`` against ``gold`` (both by doc id); see :func:`report` for the result."""
    meta = {"zone": zone}
    if isinstance(predictions, Predictions):
        meta["predictions"] = predictions.path
    return report(count(gold, predictions, layers=layers, zone=zone, keep=keep), bootstrap=bootstrap, seed=seed,
                  meta=meta)
