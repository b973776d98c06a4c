"""One colour per label, generated from :mod:`swn.vocab` (never typed): a label added to
``vocab.json`` gets its colour, its CSS class and its legend entry with no other edit.

Hues step by the golden angle from a start hue per layer, so that any two labels of a layer,
and especially neighbours in vocabulary order, get well-separated hues. Lightness is then set
per hue (yellow and green are brighter than blue at the same HSL lightness) so that every
strong colour reaches WCAG contrast 4.5:1 against white (white chart labels, lines on white)
and every tint keeps black text at 12:1 or more. Each label has a strong colour
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


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _strong(hue: float, start: float) -> str:
    lightness = start
    while contrast(_hex(hue, lightness, 0.75), "#ffffff") < 4.5:
        lightness -= 0.01
    return _hex(hue, lightness, 0.75)


def _tint(hue: float, start: float) -> str:
    lightness = start
    while contrast(_hex(hue, lightness, 0.80), "#000000") < 12:
        lightness += 0.01
    return _hex(hue, lightness, 0.80)


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
        out[label] = Colour(strong=_strong(hue, 0.30 if i % 2 else 0.40), tint=_tint(hue, 0.85 if i % 2 else 0.89))
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
