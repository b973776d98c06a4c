"""dateparser ``search_dates`` for the temporal layer, normalised to TIMEX3 by :mod:`swn.baselines.timex`.

Each document is searched with ``RELATIVE_BASE`` set to its document creation time (from the
metadata) and past dates preferred. Expressions the rule-based normaliser cannot type fall back
to a DATE valued with dateparser's own resolution (day granularity).
"""
from __future__ import annotations

from datetime import date, datetime

from .spans import record, span, without_overlaps
from .timex import normalise

NAME = "dateparser"
DESCRIPTION = "dateparser search_dates + rule-based TIMEX3 normaliser (temporal)"
LAYERS = ("temporal",)


def available() -> str | None:
    try:
        import dateparser.search  # noqa: F401
    except ImportError:
        return "dateparser is not installed (pip install -e '.[baselines]')"
    return None


def temporal(text: str, dct: date) -> list[dict]:
    from dateparser.search import search_dates
    found = search_dates(text, languages=["en"], settings={
        "RELATIVE_BASE": datetime(dct.year, dct.month, dct.day), "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False}) or []
    out, cursor = [], 0
    for surface, when in found:
        at = text.find(surface, cursor)
        if at < 0:
            continue
        cursor = at + len(surface)
        norm = normalise(surface, dct)
        ttype, value, mod = norm if norm else ("DATE", when.date().isoformat(), None)
        sp = span(text, at, at + len(surface), type=ttype, value=value, mod=mod)
        if sp:
            out.append(sp)
    return without_overlaps(out)


def predict(documents, **_options) -> list[dict]:
    return [record(d.id, temporal=temporal(d.text, date.fromisoformat(d.metadata.dct.value))) for d in documents]
