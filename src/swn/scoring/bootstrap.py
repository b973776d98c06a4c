"""Percentile bootstrap over documents.

A sample draws ``len(docs)`` documents with replacement (numpy ``default_rng(seed)``); its counts
are the sum of the drawn documents' rows, so one weight matrix (samples x documents) times the
per-document counts gives every sample's sums at once, and every metric function of
:mod:`swn.scoring.metrics` evaluates all samples in one call. All layers use the same draws.
"""
from __future__ import annotations

import numpy as np

CONFIDENCE = 0.95


def weights(n_docs: int, samples: int, seed: int) -> np.ndarray:
    """(samples, n_docs) multiplicities of each document in each sample."""
    rng = np.random.default_rng(seed)
    if n_docs == 0:
        return np.zeros((samples, 0), dtype=np.int64)
    return rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=samples).astype(np.int64)


def interval(values: np.ndarray, defined: np.ndarray | None = None,
             confidence: float = CONFIDENCE) -> list[float] | None:
    """The central percentile interval of bootstrap ``values`` (rounded to 6 places), or None
    when some resample has nothing to measure (``defined`` false): its value would come from the
    "nothing to find scores 1.0" convention, not from the system, and widen the interval for nothing."""
    if defined is not None and not np.all(defined):
        return None
    alpha = (1.0 - confidence) / 2
    lo, hi = np.quantile(np.asarray(values, dtype=float), [alpha, 1 - alpha])
    return [round(float(lo), 6), round(float(hi), 6)]
