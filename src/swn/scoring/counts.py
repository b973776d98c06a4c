"""Mergeable per-document counts: the monoid every score is computed from.

A :class:`Counts` holds, for each scored layer, one row of integer counts per document
under named columns. Every metric (precision, recall, F1, accuracies, F_avg, bootstrap
intervals) is a function of column sums, so scoring is map-reduce:
``score(A ∪ B) == metrics(merge(count(A), count(B)))`` for disjoint document sets, and
``merge`` is associative and commutative with :meth:`Counts.empty` as identity (rows of a
document present on both sides are added).

Column names: ``"<scope>|<mode>|<outcome>"`` for the nervaluate counts, where scope is ``*``
(all labels) or a label; ``"x|<name>"`` for a layer's extra counts (see ``counting``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np

MODES = ("strict", "exact", "partial", "ent_type")  # nervaluate's names
OUTCOMES = ("correct", "incorrect", "partial", "missed", "spurious")
ALL = "*"


@dataclass(frozen=True)
class LayerCounts:
    """Counts of one layer: ``rows[i]`` are the counts of document ``docs[i]``."""

    layer: str
    columns: tuple[str, ...]
    docs: tuple[str, ...]
    rows: np.ndarray  # int64, shape (len(docs), len(columns))
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {c: i for i, c in enumerate(self.columns)})
        if self.rows.shape != (len(self.docs), len(self.columns)):
            raise ValueError(f"rows have shape {self.rows.shape}, expected {(len(self.docs), len(self.columns))}")

    def col(self, name: str) -> int:
        return self._index[name]

    def total(self) -> np.ndarray:
        return self.rows.sum(axis=0)

    def select(self, docs: Iterable[str]) -> "LayerCounts":
        pos = {d: i for i, d in enumerate(self.docs)}
        keep = sorted(d for d in set(docs) if d in pos)
        return LayerCounts(self.layer, self.columns, tuple(keep), self.rows[[pos[d] for d in keep]].reshape(len(keep), -1))

    def merge(self, other: "LayerCounts") -> "LayerCounts":
        if self.layer != other.layer or self.columns != other.columns:
            raise ValueError("cannot merge counts with different columns")
        docs = sorted(set(self.docs) | set(other.docs))
        pos = {d: i for i, d in enumerate(docs)}
        rows = np.zeros((len(docs), len(self.columns)), dtype=np.int64)
        np.add.at(rows, [pos[d] for d in self.docs], self.rows)
        np.add.at(rows, [pos[d] for d in other.docs], other.rows)
        return LayerCounts(self.layer, self.columns, tuple(docs), rows)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, LayerCounts) and self.layer == other.layer and self.columns == other.columns and self.docs == other.docs
                and np.array_equal(self.rows, other.rows))

    def to_dict(self) -> dict:
        return {"layer": self.layer, "columns": list(self.columns), "docs": list(self.docs), "rows": self.rows.tolist()}

    @classmethod
    def from_dict(cls, d: Mapping) -> "LayerCounts":
        return cls(d["layer"], tuple(d["columns"]), tuple(d["docs"]),
                   np.asarray(d["rows"], dtype=np.int64).reshape(len(d["docs"]), len(d["columns"])))


@dataclass(frozen=True)
class Counts:
    """Per-layer counts (``"doc_stance"`` is scored like a layer)."""

    layers: Mapping[str, LayerCounts]

    @classmethod
    def empty(cls) -> "Counts":
        return cls({})

    def merge(self, other: "Counts") -> "Counts":
        out = dict(self.layers)
        for name, lc in other.layers.items():
            out[name] = out[name].merge(lc) if name in out else lc
        return Counts(dict(sorted(out.items())))

    def select(self, docs: Iterable[str]) -> "Counts":
        docs = set(docs)
        return Counts({k: v.select(docs) for k, v in self.layers.items()})

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(sorted({d for lc in self.layers.values() for d in lc.docs}))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Counts) and dict(self.layers) == dict(other.layers)

    def to_dict(self) -> dict:
        return {k: v.to_dict() for k, v in sorted(self.layers.items())}

    @classmethod
    def from_dict(cls, d: Mapping) -> "Counts":
        return cls({k: LayerCounts.from_dict(v) for k, v in sorted(d.items())})


def merge_all(parts: Iterable[Counts]) -> Counts:
    out = Counts.empty()
    for p in parts:
        out = out.merge(p)
    return out


def nervaluate_columns(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"{scope}|{mode}|{outcome}" for scope in (ALL, *labels) for mode in MODES for outcome in OUTCOMES)
