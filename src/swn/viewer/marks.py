"""Spans of every layer as *marks*: what the viewer draws and what the tooltip says.

The tooltip rows are generated from the layer's fields in :mod:`swn.vocab` (name, kind,
vocabulary definitions), so a field added to the scheme shows up without an edit here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence
from urllib.parse import quote

from .. import vocab
from ..model import AnnotationSet, RegistryEntry, Span, SubSpan
from .colours import css_ident, label_class
from .html import Html, esc, h
from .sweep import Piece

# How each layer is drawn (legend text; the CSS in assets/viewer.css implements it).
LAYER_STYLE = {
    "entities": "background tint",
    "temporal": "thick underline",
    "quantities": "box border",
    "stance": "overline: solid = FAVOR, wavy = AGAINST",
    "structure": "margin bar",
}
# Nesting order of the sweep: zones are the outermost blocks, then the long stance
# clauses, then the short spans.
_PRIORITY = {"structure": 0, "stance": 1}


def layer_style(layer: str) -> str:
    return LAYER_STYLE.get(layer, "dotted underline")


@dataclass(frozen=True)
class Row:
    """One line of a tooltip: field name, shown value, optional link, optional definition."""

    name: str
    value: str
    href: str | None = None
    note: str | None = None

    def to_json(self) -> list:
        return [self.name, self.value, self.href, self.note]


@dataclass(frozen=True)
class Mark:
    key: str                 # data-span-id: unique within a page
    layer: str
    label: str
    start: int
    end: int
    text: str
    rows: tuple[Row, ...]
    status: str | None = None            # compare mode: match | mismatch | missed | spurious
    notes: tuple[str, ...] = ()          # compare mode: what differs from the partner span
    partner: str | None = None           # compare mode: key of the matched span on the other side
    measured: SubSpan | None = None      # quantities: the measured entity

    @property
    def anchor(self) -> str:
        """The element id of the span's first fragment (a URL fragment target)."""
        return anchor_for(self.key)

    def to_json(self) -> dict:
        out: dict[str, Any] = {"layer": self.layer, "label": self.label, "start": self.start, "end": self.end,
                               "text": self.text, "rows": [r.to_json() for r in self.rows]}
        if self.status:
            out["status"] = self.status
        if self.notes:
            out["notes"] = list(self.notes)
        if self.partner:
            out["partner"] = self.partner
        return out


def anchor_for(key: str) -> str:
    return "s-" + css_ident(key)


def entity_href(entity_id: str, base: str = "") -> str:
    return f"{base}entities.html#{entity_anchor(entity_id)}"


def entity_anchor(entity_id: str) -> str:
    return "ent-" + css_ident(entity_id)


def fragment(anchor: str) -> str:
    return "#" + quote(anchor, safe="")


def format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    if isinstance(value, SubSpan):
        return f"“{value.text}” [{value.start}–{value.end})"
    return str(value)


def span_rows(span: Span, registry: Mapping[str, RegistryEntry], base: str = "") -> tuple[Row, ...]:
    layer = vocab.LAYERS[span.layer]
    rows = []
    for f in layer.fields:
        value = getattr(span, f.name)
        shown, href, note = format_value(value), None, None
        if f.kind in ("entity_id", "holder") and isinstance(value, str) and value not in vocab.HOLDER_SPECIALS:
            href = entity_href(value, base)
            entry = registry.get(value)
            if entry is not None:
                shown = f"{value} ({entry.name})"
            note = "other mentions of this entity across the corpus"
        elif f.vocab and isinstance(value, str):
            note = vocab.VOCABULARIES[f.vocab].get(value)
        elif f.kind == "holder" and isinstance(value, str):
            note = vocab.VOCABULARIES["holder_specials"].get(value)
        rows.append(Row(f.name, shown, href, note))
    if span.score is not None:
        rows.append(Row("score", format_value(span.score)))
    return tuple(rows)


def span_key(span: Span, index: int, prefix: str = "") -> str:
    """A page-unique key: the span id when it has one, else ``layer[index]`` (predictions)."""
    return prefix + (span.id if span.id else f"{span.layer}[{index}]")


def marks_of(annotations: AnnotationSet | None, registry: Mapping[str, RegistryEntry], *, base: str = "",
             prefix: str = "", layers: Sequence[str] = vocab.LAYER_NAMES) -> list[Mark]:
    if annotations is None:
        return []
    out = []
    for layer in layers:
        for i, s in enumerate(annotations.layer(layer)):
            out.append(Mark(key=span_key(s, i, prefix), layer=layer, label=s.label, start=s.start, end=s.end,
                            text=s.text, rows=span_rows(s, registry, base),
                            measured=getattr(s, "measured_entity", None)))
    return out


def mark_classes(m: Mark) -> str:
    classes = ["m", f"l-{css_ident(m.layer)}", label_class(m.layer, m.label)]
    if m.layer == "structure":
        classes.append("zone")
    if m.layer == "stance":
        polarity = next((r.value for r in m.rows if r.name == "polarity"), "")
        classes.append(f"pol-{css_ident(polarity)}")
    if m.status:
        classes.append(f"st-{css_ident(m.status)}")
    return " ".join(classes)


def _open(attrs: dict) -> Html:
    return Html(h("span", attrs)[: -len("</span>")])


def pieces_of(marks: Sequence[Mark]) -> list[Piece]:
    """The sweep's pieces: one per mark, plus one per measured entity (drawn on hover only)."""
    pieces = []
    for m in marks:
        attrs = {"class": mark_classes(m), "data-span-id": m.key, "data-layer": m.layer, "data-label": m.label}
        first = {"id": m.anchor, **attrs, "tabindex": "0"}
        pieces.append(Piece(m.start, m.end, _PRIORITY.get(m.layer, 2), _open(first), _open(attrs)))
        if m.measured is not None:
            me = _open({"class": "me", "data-of": m.key})
            pieces.append(Piece(m.measured.start, m.measured.end, 3, me, me))
    return pieces


def count_by_layer(marks: Sequence[Mark]) -> dict[str, int]:
    out = {layer: 0 for layer in vocab.LAYER_NAMES}
    for m in marks:
        out[m.layer] = out.get(m.layer, 0) + 1
    return out
