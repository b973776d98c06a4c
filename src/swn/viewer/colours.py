"""One colour per label, generated from :mod:`swn.vocab` (never typed): a label added to
``vocab.json`` gets its colour, its CSS class and its legend entry with no other edit.

Hues step by the golden angle from a start hue per layer, so that any two labels of a layer,
and especially neighbours in vocabulary order, get well-separated hues; lightness alternates too. Each label has a strong colour
(underlines, borders, text) and a light tint of the same hue (backgrounds).
"""
from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from .. import vocab

# Where each layer's hue wheel starts (degrees), so that layers look different at a glance.
_LAYER_HUE_OFFSET = {"entities": 200.0, "temporal": 10.0, "quantities": 130.0, "stance": 280.0, "structure": 45.0}


@dataclass(frozen=True)
class Colour:
    strong: str  # "#rrggbb", dark enough for text and lines on white
    tint: str    # "#rrggbb", light enough to read black text on


def _hex(h: float, l: float, s: float) -> str:
    r, g, b = colorsys.hls_to_rgb((h % 360) / 360, l, s)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


def layer_labels(layer: str) -> tuple[str, ...]:
    """The labels a span of ``layer`` can carry, in vocabulary order ("QUANTITY" for quantities)."""
    labels = vocab.LAYERS[layer].labels
    return labels if labels else ("QUANTITY",)


def _layer_offset(layer: str) -> float:
    if layer in _LAYER_HUE_OFFSET:
        return _LAYER_HUE_OFFSET[layer]
    return (vocab.LAYER_NAMES.index(layer) * 137.5) % 360  # a layer added later still gets a hue


def label_colours(layer: str) -> dict[str, Colour]:
    labels = layer_labels(layer)
    out = {}
    for i, label in enumerate(labels):
        hue = _layer_offset(layer) + 137.508 * i
        dark = 0.30 if i % 2 else 0.38
        out[label] = Colour(strong=_hex(hue, dark, 0.75), tint=_hex(hue, 0.86 if i % 2 else 0.90, 0.80))
    return out


def all_colours() -> dict[str, dict[str, Colour]]:
    return {layer: label_colours(layer) for layer in vocab.LAYER_NAMES}


_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def css_ident(value: str) -> str:
    """A string made safe as (part of) a CSS class name."""
    return _CLASS_UNSAFE.sub(lambda m: f"_{ord(m.group()):x}_", value)


def label_class(layer: str, label: str) -> str:
    return f"lb-{css_ident(layer)}-{css_ident(label)}"


def colour_css() -> str:
    """CSS rules giving every label class its two colours as ``--c`` and ``--t``."""
    rules = []
    for layer, colours in all_colours().items():
        for label, c in colours.items():
            rules.append(f".{label_class(layer, label)}{{--c:{c.strong};--t:{c.tint}}}")
    return "\n".join(rules)
