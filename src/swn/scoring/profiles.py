"""Scoring profiles: spans a profile leaves out of the score, on both the gold and the predictions side.

``timeml``: the time expressions where SWN differs from TimeML by design (anaphoric "then",
"To date" with its "To", a one-span range, …), listed in ``annotations/timeml-compat.json``
with what SWN and TimeML do (the card's ``timeml-compat`` table is generated from the same
list). A TempEval-trained tagger (HeidelTime, SUTime) is then not scored as wrong for doing
what TimeML says: every gold or predicted time expression that overlaps a listed expression
is dropped before matching. Other layers are unaffected.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from ..errors import SWNError
from ..model import Span
from ..store import read_json

PROFILES = ("timeml",)
TIMEML_COMPAT = "annotations/timeml-compat.json"
_FIELDS = ("doc_id", "start", "end", "text", "swn", "timeml", "rule")


@dataclass(frozen=True)
class CompatExpression:
    doc_id: str
    start: int
    end: int
    text: str
    swn: str
    timeml: str
    rule: str


def read_timeml_compat(path: Path | str, texts: Mapping[str, str]) -> tuple[CompatExpression, ...]:
    """The listed expressions, each checked against the raw text of its document (``texts``)."""
    data = read_json(path)
    items = data.get("expressions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise SWNError("must be an object with a list 'expressions'", file=str(path), record="-",
                       field="expressions", check="schema")
    out = []
    for i, e in enumerate(items):
        record = f"expressions[{i}]"
        if not isinstance(e, dict):
            raise SWNError("must be an object", file=str(path), record=record, field="-", check="schema")
        for name in _FIELDS:
            want = int if name in ("start", "end") else str
            if not isinstance(e.get(name), want) or isinstance(e.get(name), bool):
                raise SWNError(f"missing or not a{'n integer' if want is int else ' string'}", file=str(path),
                               record=record, field=name, check="schema")
        if e["doc_id"] not in texts:
            raise SWNError(f"unknown document {e['doc_id']!r}", file=str(path), record=record, field="doc_id",
                           check="unknown-document")
        if texts[e["doc_id"]][e["start"]:e["end"]] != e["text"] or e["start"] >= e["end"]:
            raise SWNError(f"[{e['start']}, {e['end']}) is not {e['text']!r} in {e['doc_id']}", file=str(path),
                           record=record, field="text", check="span-text-mismatch")
        out.append(CompatExpression(**{k: e[k] for k in _FIELDS}))
    return tuple(out)


def profile_filter(profile: str, root: Path | str, texts: Mapping[str, str]) -> Callable[[str, Span], bool]:
    """``keep(doc_id, span)`` for ``profile``: False for the spans the profile leaves out."""
    if profile not in PROFILES:
        raise SWNError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})", field="--profile",
                       check="bad-argument")
    listed: dict[str, list[tuple[int, int]]] = {}
    for e in read_timeml_compat(Path(root) / TIMEML_COMPAT, texts):
        listed.setdefault(e.doc_id, []).append((e.start, e.end))

    def keep(doc_id: str, span: Span) -> bool:
        if span.layer != "temporal":
            return True
        return not any(span.start < b and a < span.end for a, b in listed.get(doc_id, ()))

    return keep
