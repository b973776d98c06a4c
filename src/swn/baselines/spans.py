"""Helpers shared by the baselines: spans trimmed to the model's rules, prediction records."""
from __future__ import annotations

from typing import Any, Iterable

from ..model import trim_offsets


def span(text: str, start: int, end: int, **attrs: Any) -> dict | None:
    t = trim_offsets(text, start, end)
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
    """A prediction record that declares the layers it gives (a baseline predicts them even
    where it found nothing, so an empty list is "found none", not "not predicted")."""
    return {"doc_id": doc_id, "layers": list(layers), **layers}
