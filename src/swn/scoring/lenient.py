"""``swn score --lenient``: repair what extractors commonly get wrong, and say what was changed.

The strict reader rejects a file at its first problem (docs/scoring.md lists every rejection).
In lenient mode each record is first repaired, in this order, for every span of every layer:

* ``text`` missing: filled from the document's text at ``[start, end)``;
* a label (the layer's label field) outside the vocabulary: the span is dropped;
* whitespace at either edge (``'Latakia Province\\n'``): the offsets and ``text`` are trimmed
  (U+00A0 counts as whitespace); a span that is all whitespace is dropped.

Nothing else is repaired: offsets beyond the text, a ``text`` that differs from the document,
unknown fields and bad JSON are still rejected. :class:`Repairs` counts every change by kind
and label, so the report says exactly what lenient scoring changed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import vocab
from ..model import trim_offsets

FILLED, TRIMMED, DROPPED_LABEL, DROPPED_BLANK = "text filled", "trimmed", "unknown label dropped", "blank dropped"


@dataclass
class Repairs:
    """What lenient reading changed: ``counts[(layer, kind, label)]``."""

    counts: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        return [f"{layer}: {n} × {kind}" + (f" ({label})" if label else "")
                for (layer, kind, label), n in sorted(self.counts.items())]

    def __bool__(self) -> bool:
        return bool(self.counts)


def _is_offset(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def repair(data: dict, text: str, repairs: Repairs) -> None:
    """Repair one parsed record in place against its document ``text``; count the changes."""
    for layer in vocab.LAYER_NAMES:
        spans = data.get(layer)
        if not isinstance(spans, list):
            continue
        label_field = vocab.LAYERS[layer].label_field
        allowed = set(vocab.LAYERS[layer].labels)
        kept = []
        for s in spans:
            if not isinstance(s, dict) or not (_is_offset(s.get("start")) and _is_offset(s.get("end"))) \
                    or not 0 <= s["start"] < s["end"] <= len(text):
                kept.append(s)  # left for the strict checks to reject with their message
                continue
            if label_field and isinstance(s.get(label_field), str) and s[label_field] not in allowed:
                repairs.counts[(layer, DROPPED_LABEL, s[label_field])] += 1
                continue
            label = s.get(label_field, "") if label_field else ""
            if "text" not in s:
                s["text"] = text[s["start"]:s["end"]]
                repairs.counts[(layer, FILLED, label)] += 1
            if s["text"] != text[s["start"]:s["end"]]:
                kept.append(s)
                continue
            t = trim_offsets(text, s["start"], s["end"])
            if t is None:
                repairs.counts[(layer, DROPPED_BLANK, label)] += 1
                continue
            if t != (s["start"], s["end"]):
                s["start"], s["end"], s["text"] = t[0], t[1], text[t[0]:t[1]]
                repairs.counts[(layer, TRIMMED, label)] += 1
            kept.append(s)
        data[layer] = kept
