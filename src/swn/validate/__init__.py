"""The levelled validator of SWN: ``validate(paths, level) -> list[Incident]``.

Level 1: files are UTF-8, parse as JSON/JSON Lines and match their schemas (files.py).
Level 2: span offsets lie inside the text and agree with the stored text (spans.py).
Level 3: corpus rules: ids, overlaps, registry, zones, TIMEX3, quantities, stance, checksums
(documents.py for rules inside one annotation set, corpus.py for rules across files).

Every check has a stable kebab-case id and a docstring in :data:`CHECKS` (checks.py). The
validator returns incidents; it neither prints nor raises for bad data, and it does not stop
at the first problem.
"""
from __future__ import annotations

from . import corpus as _corpus, documents as _documents, files as _files, spans as _spans  # noqa: F401 (register)
from .checks import CHECKS, Check
from .incidents import Incident
from .run import iter_validate, validate, validate_predictions

__all__ = ["CHECKS", "Check", "Incident", "iter_validate", "validate", "validate_predictions"]
