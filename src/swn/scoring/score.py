"""The scorer as a library: gold + predictions -> counts -> report (a JSON-ready dict).

``count`` is the map step (any subset of documents), :meth:`Counts.merge` the reduce step,
``report`` turns merged counts into metrics (with bootstrap intervals over documents).
``score`` does all three. The report uses nervaluate's vocabulary (modes ``strict``,
``exact``, ``partial``, ``ent_type``; ``correct``, ``incorrect``, ``partial``, ``missed``,
``spurious``, ``possible``, ``actual``, ``precision``, ``recall``, ``f1``); the measures that
ignore labels are under ``any_label`` (``span_f1_exact``, ``span_f1_overlap``, attribute
accuracies). Attributes the predictions never give are ``None`` (not predicted), and each
layer's ``attributes`` says which were given.

:func:`scored_documents` decides the document set: every gold document unless restricted, and
a predictions file that leaves one of them out is an error (no silent misses).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from .. import __version__, vocab
from ..errors import SWNError
from ..model import AnnotationSet, Span
from . import bootstrap as boot
from .counting import DOC_STANCE, count_doc_stance, count_tables
from .coarse import SCHEMES, class_names, fold
from .counts import ALL, MODES, Counts, LayerCounts
from .metrics import (any_label_defined, any_label_scores, as_python, doc_stance_defined, doc_stance_scores, macro,
                      mode_scores)
from .predictions import Predictions
from .tables import ATTRIBUTES, build_tables, labels_of, zone_filter

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


def scored_documents(gold: Mapping[str, AnnotationSet], predictions: Predictions, *,
                     docs: Iterable[str] | None = None, missing_as_empty: bool = False) -> tuple[str, ...]:
    """The documents to score: ``docs`` (default: every gold document), each of which must have a
    prediction record unless ``missing_as_empty`` (then a missing record predicts nothing).
    An empty predictions file is an error either way."""
    if not predictions.records:
        raise SWNError("no prediction records (an empty file scores nothing)", file=predictions.path, record="-",
                       field="-", check="empty-predictions")
    chosen = tuple(sorted(gold if docs is None else set(docs)))
    unknown = [d for d in chosen if d not in gold]
    if unknown:
        raise SWNError(f"no gold for {', '.join(unknown)}", file=predictions.path, record="-", field="--docs",
                       check="unknown-document")
    missing = [d for d in chosen if d not in predictions.records]
    if missing and not missing_as_empty:
        raise SWNError(f"no record for {len(missing)} of the {len(chosen)} scored documents: {', '.join(missing)} "
                       "(restrict the set with --docs, or pass --missing-as-empty to count them as predicting "
                       "nothing)", file=predictions.path, record="-", field="doc_id", check="missing-documents")
    return chosen


def given_attributes(predictions: Predictions | Mapping[str, AnnotationSet]) -> Mapping[str, tuple[str, ...]]:
    """The compared attributes the predictions give, per layer (a plain mapping gives all)."""
    if isinstance(predictions, Predictions):
        return {layer: tuple(a for a in names if a in predictions.attributes.get(layer, ()))
                for layer, names in ATTRIBUTES.items()}
    return dict(ATTRIBUTES)


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


def _not_predicted(scores: dict, given: Sequence[str], layer: str) -> dict:
    """``scores`` with the measures of attributes not given set to None (not predicted)."""
    return {k: None if any(k in (f"{a}_accuracy", f"{a}_f1") for a in ATTRIBUTES.get(layer, ()) if a not in given)
            else v for k, v in scores.items()}


def _layer_report(lc: LayerCounts, w: np.ndarray | None, given: Sequence[str]) -> dict:
    sums = lc.total()
    if lc.layer == DOC_STANCE:
        out = as_python(doc_stance_scores(lc, sums))
        if w is not None:
            samples, defined = w @ lc.rows, doc_stance_defined(lc, w @ lc.rows)
            out["ci"] = {k: boot.interval(v, defined[k]) for k, v in doc_stance_scores(lc, samples).items()}
        return out
    compared = ATTRIBUTES.get(lc.layer, ())
    out: dict = {"overall": as_python(_modes(lc, sums, ALL)),
                 "macro": as_python({m: macro(lc, sums, m) for m in MODES}),
                 "any_label": _not_predicted(as_python(any_label_scores(lc, sums)), given, lc.layer),
                 "attributes": {"given": [a for a in compared if a in given],
                                "not_predicted": [a for a in compared if a not in given]}}
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
            found = s["possible"] > 0
            ci["overall"][m] = {k: boot.interval(s[k], found) for k in ("precision", "recall", "f1")}
            mm = macro(lc, samples, m)
            ci["macro"][m] = {k: boot.interval(mm[k], found) for k in ("precision", "recall", "f1")}
        defined = any_label_defined(lc, samples)
        ci["any_label"] = _not_predicted({k: boot.interval(v, defined[k])
                                          for k, v in any_label_scores(lc, samples).items()}, given, lc.layer)
        out["ci"] = ci
    return out


def report(counts: Counts, *, bootstrap: int = 0, seed: int = 0, meta: Mapping | None = None,
           attributes: Mapping[str, Sequence[str]] | None = None) -> dict:
    """The JSON-ready report of merged ``counts`` (bootstrap intervals when ``bootstrap`` > 0).

    ``attributes``: per layer, the attributes the predictions give (default: all); the others
    are reported as not predicted (None)."""
    docs = counts.docs
    layers: dict = {}
    w_all = boot.weights(len(docs), bootstrap, seed) if bootstrap > 0 else None
    pos = {d: i for i, d in enumerate(docs)}
    for name, lc in counts.layers.items():
        w = None if w_all is None else w_all[:, [pos[d] for d in lc.docs]]
        given = ATTRIBUTES.get(name, ()) if attributes is None else attributes.get(name, ())
        layers[name] = _layer_report(lc, w, given)
    out = {"scorer": f"swn {__version__}", "documents": len(docs),
           "bootstrap": {"samples": bootstrap, "seed": seed, "confidence": boot.CONFIDENCE} if bootstrap else None}
    if meta:
        out.update(meta)
    out["layers"] = layers
    return out


def score(gold: Mapping[str, AnnotationSet], predictions: Predictions | Mapping[str, AnnotationSet], *,
          layers: Sequence[str] | None = None, zone: str | None = None, bootstrap: int = 0, seed: int = 0,
          docs: Iterable[str] | None = None, missing_as_empty: bool = False,
          keep: Callable[[str, Span], bool] | None = None, coarse: str | None = None) -> dict:
    """Score ``predictions`` against ``gold`` (both by doc id); see :func:`report` for the result.

    Validated :class:`Predictions` are scored on :func:`scored_documents` (``docs``,
    ``missing_as_empty``); a plain mapping on ``docs`` (default: every gold document), a
    document it lacks predicting nothing. ``keep`` filters spans as in :func:`count`; ``coarse``
    names a scheme of :mod:`swn.scoring.coarse` into which gold and predicted entity labels are
    folded first."""
    meta: dict = {"zone": zone}
    if isinstance(predictions, Predictions):
        meta["predictions"] = predictions.path
        docs = scored_documents(gold, predictions, docs=docs, missing_as_empty=missing_as_empty)
        missing = [d for d in docs if d not in predictions.records]
        if missing:
            meta["missing_as_empty"] = missing
        if not scored_layers(predictions, layers):
            raise SWNError("no layer to score: no record has a span of any layer or declares one"
                           + (f" (only empty lists of {', '.join(predictions.empty)}; ask with --layer)"
                              if predictions.empty else ""),
                           file=predictions.path, record="-", field="-", check="no-layers")
    attributes = given_attributes(predictions)
    if coarse is not None:
        meta["coarse"] = {name: list(labels) for name, labels in SCHEMES[coarse].items()}
        gold = fold(gold, coarse)
        predictions = replace(predictions, records=fold(predictions.records, coarse)) \
            if isinstance(predictions, Predictions) else fold(predictions, coarse)
    out = report(count(gold, predictions, layers=layers, zone=zone, docs=docs, keep=keep), bootstrap=bootstrap,
                 seed=seed, meta=meta, attributes=attributes)
    if coarse is not None and "entities" in out["layers"]:
        names = class_names(coarse)
        lr = out["layers"]["entities"]
        lr["per_label"] = {names[label]: v for label, v in lr["per_label"].items()}
    return out
