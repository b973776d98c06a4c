"""The catalogue of validator checks: a stable kebab-case id, a level and a docstring each.

Level 1: the file is there, is UTF-8, parses, and matches its JSON Schema.
Level 2: every span's offsets lie inside its document's text and agree with the stored text.
Level 3: corpus rules (ids, overlaps, registry, zones, TIMEX3, quantities, stance, checksums).

Checks register themselves with :func:`check` (a decorator taking the docstring of the
function) or :func:`declare` (for rules applied inside a shared routine, e.g. the schema
walk that yields ``schema``, ``unknown-label`` and ``bad-doc-id``). Every registered id has
exactly one invalid fixture in ``tests/fixtures/invalid/<id>.json``.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Callable

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Check:
    id: str
    level: int
    doc: str

    @property
    def summary(self) -> str:
        """The first paragraph of the docstring, on one line."""
        return " ".join(self.doc.strip().split("\n\n")[0].split())


CHECKS: dict[str, Check] = {}


def declare(check_id: str, level: int, doc: str) -> Check:
    if not _ID.match(check_id):
        raise ValueError(f"check id {check_id!r} is not kebab-case")
    if check_id in CHECKS:
        raise ValueError(f"check id {check_id!r} registered twice")
    if level not in (1, 2, 3) or not doc.strip():
        raise ValueError(f"check {check_id!r} needs a level 1-3 and a docstring")
    CHECKS[check_id] = c = Check(check_id, level, inspect.cleandoc(doc))
    return c


def check(check_id: str, level: int) -> Callable:
    """Register the decorated function as check ``check_id``; its docstring documents the rule."""
    def wrap(fn: Callable) -> Callable:
        declare(check_id, level, fn.__doc__ or "")
        fn.check_id = check_id
        return fn
    return wrap
