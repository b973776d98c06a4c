"""Carry an annotator's changes from an older gold onto the current one (``swn ls import --rebase``).

The tasks of a round are pre-annotated with the gold of their time. When another round changed
the gold in the meantime, importing the passes as they are would revert that round's changes.
A rebase keeps only what the annotator changed relative to the task's pre-annotations, per layer
of the round: spans they deleted (or changed: a change is a deletion plus an addition), spans they
added, and document-stance values they set. Applied to the current gold:

* a deleted span is removed if the current gold still has it, else it cannot be carried (the
  gold changed it since);
* an added span is added unless the current gold already has it; in a flat layer, an added span
  that overlaps a span of the current gold cannot be carried;
* a document-stance value is set unless the current gold changed that target to another value.

What cannot be carried is listed (annotator, document, what, why) and left out; the curator
sees it in the import's output and ``import.json``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from .. import vocab
from ..model import AnnotationSet, span_from_dict
from .results import _order_key


@dataclass
class Rebased:
    annotations: AnnotationSet
    carried: int = 0
    not_carried: list[dict] = field(default_factory=list)


def _content(span) -> dict:
    d = span.to_dict()
    d.pop("id", None)
    return d


def _key(d: dict) -> str:
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def rebase(prediction: AnnotationSet, annotation: AnnotationSet, gold: AnnotationSet,
           layers: tuple[str, ...]) -> Rebased:
    """The annotator's changes (``annotation`` relative to ``prediction``) applied to ``gold``."""
    doc_id = gold.doc_id
    out = Rebased(annotations=gold)
    layers_out = {}
    for name in vocab.LAYER_NAMES:
        if name not in layers:
            layers_out[name] = ()
            continue
        before = [_content(s) for s in prediction.layer(name)]
        after = [_content(s) for s in annotation.layer(name)]
        base = [_content(s) for s in gold.layer(name)]
        removed = _minus(before, after)
        added = _minus(after, before)
        for d in removed:
            if _key(d) in {_key(b) for b in base}:
                base = _minus(base, [d])
                out.carried += 1
            else:
                out.not_carried.append({"doc_id": doc_id, "layer": name, "span": d,
                                        "why": "deleted or changed, but the current gold no longer has it"})
        for d in added:
            if _key(d) in {_key(b) for b in base}:
                continue
            if vocab.LAYERS[name].flat and any(_overlaps(d, b) for b in base):
                out.not_carried.append({"doc_id": doc_id, "layer": name, "span": d,
                                        "why": "added, but it overlaps a span of the current gold in a flat layer"})
                continue
            base.append(d)
            out.carried += 1
        prefix = vocab.LAYERS[name].id_prefix  # ids in text order, as an import numbers them
        spans = sorted((span_from_dict(name, {"id": f"{doc_id}#{prefix}1", **d}) for d in base), key=_order_key)
        layers_out[name] = tuple(replace(s, id=f"{doc_id}#{prefix}{i}") for i, s in enumerate(spans, start=1))
    stance = {}
    if "stance" in layers:
        stance = dict(gold.doc_stance)
        for target in vocab.STANCE_TARGETS:
            p, a, g = (x.doc_stance.get(target) for x in (prediction, annotation, gold))
            if a == p:
                continue
            if g in (p, a):
                if a is None:
                    stance.pop(target, None)
                else:
                    stance[target] = a
                out.carried += 1
            else:
                out.not_carried.append({"doc_id": doc_id, "layer": "doc_stance", "target": target, "value": a,
                                        "why": f"set to {a}, but the current gold changed it to {g} since"})
    out.annotations = AnnotationSet(doc_id=doc_id, doc_stance=stance, **layers_out)
    return out


def _minus(items: list[dict], others: list[dict]) -> list[dict]:
    """``items`` without one occurrence of each of ``others`` (a multiset difference)."""
    left = [_key(o) for o in others]
    out = []
    for d in items:
        k = _key(d)
        if k in left:
            left.remove(k)
        else:
            out.append(d)
    return out
