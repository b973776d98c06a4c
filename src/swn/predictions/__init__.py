"""Adapters: an extractor's output in, SWN prediction records out — one module per source.

==========  ===========================================  =========================
name        function                                      default label map
==========  ===========================================  =========================
spacy       :func:`from_spacy` (``Doc``s or a ``DocBin``)  ``ontonotes``
hf          :func:`from_hf_pipeline` (token classification) ``hf``
records     :func:`from_records` (GLiNER-style dicts)       ``generic``
brat        :func:`from_brat` (a folder of ``.ann``)       ``swn``
conll       :func:`from_conll` (CoNLL file or folder)       ``swn``
strings     :func:`from_strings` (LLM quoted strings)      ``generic``
==========  ===========================================  =========================

Each returns an :class:`~swn.predictions.core.Adapted`: ``.records`` (validated like ``swn
score`` validates a file by ``.predictions()``), ``.report.lines()`` (what was dropped, trimmed,
not found or ambiguous), ``.write(path)``, ``.score()`` and ``.leaderboard(name)``. Every
adapter takes ``labels=`` (a map name or dict) and ``overrides=`` (see
:mod:`swn.predictions.labels`), and ``texts=``/``root=`` for the corpus (default: the
repository around the current folder). ``swn predict --from NAME IN --out P.jsonl`` runs the
module's ``read``. docs/benchmark-your-extractor.md walks through spaCy, an HF pipeline and an
LLM string list.
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from .core import Adapted, Report, corpus_texts
from .labels import MAPS, LabelMap

# name -> module of this package (one module per source)
ADAPTERS = ("spacy", "hf", "records", "brat", "conll", "strings")
_FUNCTIONS = {"from_spacy": "spacy", "from_hf_pipeline": "hf", "from_records": "records", "from_brat": "brat",
              "from_conll": "conll", "from_strings": "strings"}


def get(name: str) -> ModuleType:
    """The adapter module registered as ``name``."""
    from ..errors import SWNError
    if name not in ADAPTERS:
        raise SWNError(f"unknown adapter {name!r}; adapters are {', '.join(ADAPTERS)}", field="--from",
                       check="unknown-adapter")
    return importlib.import_module(f"{__name__}.{name}")


def __getattr__(attr: str) -> Any:  # from_spacy & co. without importing every adapter up front
    if attr in _FUNCTIONS:
        return getattr(get(_FUNCTIONS[attr]), attr)
    raise AttributeError(attr)


__all__ = ["ADAPTERS", "Adapted", "LabelMap", "MAPS", "Report", "corpus_texts", "get", *_FUNCTIONS]
