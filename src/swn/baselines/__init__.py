"""Baselines to beat: small adapters turning off-the-shelf extractors' output into the predictions format.

Each baseline module has ``NAME``, ``DESCRIPTION``, ``LAYERS`` (what it predicts),
``available() -> str | None`` (why it cannot run, or None) and
``predict(documents, **options) -> list[dict]`` (prediction records, one per document).
``floor`` needs nothing beyond SWN; the others need the ``[baselines]`` extra. No model is
ever fetched at run time: a missing model makes the baseline unavailable.
"""
from __future__ import annotations

import importlib
from types import ModuleType

# In leaderboard order.
NAMES = ("floor", "dateparser", "quantulum3", "spacy")


def load(name: str) -> ModuleType:
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"swn.baselines.{name}_baseline")
