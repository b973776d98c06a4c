"""Helpers shared by the baselines: spans trimmed to the model's rules, prediction records."""
from __future__ import annotations

from typing import Any, Iterable


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without leading/trailing whitespace (U+00A0 included); None if empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def span(text: str, start: int, end: int, **attrs: Any) -> dict | None:
    t = trimmed(text, start, end)
    if t is None:
        return None
    s, e = t
    return {"start": s, "end": e, "text": text[s:e], **attrs}


def without_overlaps(spans: Iterable[dict]) -> list[dict]:
    """Flat layers: keep the longest of overlapping spans (then the earliest), sorted by offset."""
    chosen: list[dict] = []
    for sp in sorted(spans, key=lambda s: (-(s["end"] - s["start"]), s["start"])):
        if all(sp["end"] <= c["start"] or sp["start"] >= c["end"] for c in chosen):
            chosen.append(sp)
    return sorted(chosen, key=lambda s: (s["start"], s["end"]))


def record(doc_id: str, **layers: list[dict]) -> dict:
    return {"doc_id": doc_id, **{k: v for k, v in layers.items()}}
