"""Columnar span tables: one layer's spans over many documents, as numpy arrays.

The scorer works on tables so that one call of :func:`swn.scoring.match.align_arrays` matches
all documents at once. Documents are integer codes into ``docs`` (sorted doc ids), labels
integer codes into the layer's vocabulary labels; compared attributes are integer codes of
their normalised values (equal code == equal value), shared between gold and predictions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .. import vocab
from ..model import AnnotationSet, Span

# The attributes whose agreement on matched spans is reported, per layer (TempEval-3 type and
# value plus mod; MeasEval-style value, unit, modifier; stance target, polarity, holder).
ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "temporal": ("type", "value", "mod"),
    "quantities": ("value", "unit", "modifier"),
    "stance": ("target", "polarity", "holder"),
}
for _layer, _names in ATTRIBUTES.items():
    assert set(_names) <= set(vocab.LAYERS[_layer].field_names), (_layer, _names)


def labels_of(layer: str) -> tuple[str, ...]:
    """The labels the scorer reports per label: the label field's vocabulary (quantities: one)."""
    return vocab.LAYERS[layer].labels or ("QUANTITY",)


def _number(v: Any) -> Any:
    if v is None:
        return None
    f = float(v)
    # Equal numbers compare equal whatever their JSON spelling (3 == 3.0); 12 significant
    # digits absorb float noise from extractors.
    return float(f"{f:.12g}") if math.isfinite(f) else f


def normalised(layer: str, name: str, span: Span) -> Any:
    """The value compared for attribute ``name`` (quantities: value with value_high; unit case-folded)."""
    if layer == "quantities" and name == "value":
        return (_number(span.value), _number(span.value_high))
    v = getattr(span, name)
    if layer == "quantities" and name == "unit" and isinstance(v, str):
        return " ".join(v.casefold().split())
    return v


@dataclass(frozen=True)
class SpanTable:
    layer: str
    docs: tuple[str, ...]
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    attrs: Mapping[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.start)

    def take(self, mask: np.ndarray) -> "SpanTable":
        return SpanTable(self.layer, self.docs, self.doc[mask], self.start[mask], self.end[mask], self.label[mask],
                         {k: v[mask] for k, v in self.attrs.items()})


def _codes(values: list) -> np.ndarray:
    """Integer codes of hashable values in the sorted order of the distinct values (so codes,
    and every tie-break using them, do not depend on the order of the spans)."""
    distinct = sorted(set(values), key=lambda v: (type(v).__name__, repr(v)))
    code = {v: i for i, v in enumerate(distinct)}
    return np.fromiter((code[v] for v in values), dtype=np.int64, count=len(values))


def build_tables(layer: str, docs: Sequence[str], gold: Mapping[str, AnnotationSet],
                 pred: Mapping[str, AnnotationSet],
                 keep: Callable[[str, Span], bool] | None = None) -> tuple[SpanTable, SpanTable]:
    """Tables of ``layer`` for gold and predictions over ``docs`` (missing documents are empty).

    ``keep(doc_id, span)`` filters spans of both sides (the zone filter).
    """
    labels = {lab: i for i, lab in enumerate(labels_of(layer))}
    attr_names = ATTRIBUTES.get(layer, ())
    docs = tuple(docs)

    def collect(source: Mapping[str, AnnotationSet]) -> tuple[list, ...]:
        d, s, e, lab, vals = [], [], [], [], []
        for code, doc_id in enumerate(docs):
            ann = source.get(doc_id)
            if ann is None:
                continue
            for span in ann.layer(layer):
                if keep is not None and not keep(doc_id, span):
                    continue
                d.append(code)
                s.append(span.start)
                e.append(span.end)
                lab.append(labels[span.label])
                vals.append(tuple(normalised(layer, n, span) for n in attr_names))
        return d, s, e, lab, vals

    g, p = collect(gold), collect(pred)
    n_gold = len(g[0])
    # attribute codes shared by both sides; "*" codes all attributes together (the sub-key)
    columns = {n: _codes([v[k] for v in g[4] + p[4]]) for k, n in enumerate(attr_names)}
    columns["*"] = _codes(g[4] + p[4])
    arr = lambda xs: np.asarray(xs, dtype=np.int64)  # noqa: E731

    def table(c: tuple[list, ...], lo: int, hi: int) -> SpanTable:
        return SpanTable(layer, docs, arr(c[0]), arr(c[1]), arr(c[2]), arr(c[3]),
                         {n: v[lo:hi] for n, v in columns.items()})

    return table(g, 0, n_gold), table(p, n_gold, len(columns["*"]))


def zone_filter(gold: Mapping[str, AnnotationSet], zone: str) -> Callable[[str, Span], bool]:
    """Keep a span when it lies inside one ``zone`` zone of the GOLD structure layer."""
    if zone not in vocab.ZONES:
        raise ValueError(f"unknown zone {zone!r}")
    zones: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for doc_id, ann in gold.items():
        zs = sorted((z.start, z.end) for z in ann.structure if z.zone == zone)
        zones[doc_id] = (np.asarray([a for a, _ in zs], dtype=np.int64), np.asarray([b for _, b in zs], dtype=np.int64))

    def keep(doc_id: str, span: Span) -> bool:
        starts, ends = zones.get(doc_id, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
        i = int(np.searchsorted(starts, span.start, "right")) - 1
        return i >= 0 and span.end <= ends[i]

    return keep
