"""Overlapping spans as well-nested HTML: a boundary sweep over the raw text.

Spans of different layers (and the non-flat stance layer) cross each other freely, but
HTML elements must nest. The sweep cuts the text at every span boundary; for each piece it
wants the active spans open in one fixed order (outer-first: priority, then start, then
longest), keeps the longest prefix of what is already open, closes the rest and (re)opens
what is missing. A span is therefore one or more ``<span>`` fragments; only its first
fragment carries the attributes that must be unique (``id``, ``tabindex``). Because the order
of a span never changes while it is open, a span opening later never forces another to
close: fragments appear only where spans truly cross.

The text between tags is the raw text exactly (escaped), so the page's ``textContent``
equals the raw text: whitespace, U+00A0, line breaks and astral characters are kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .html import Html, esc

__all__ = ["Piece", "render_pieces", "escape_text"]


@dataclass(frozen=True)
class Piece:
    """One span to draw: its offsets, its place in the nesting order and its opening tags."""

    start: int
    end: int
    priority: int        # lower = further out (zones are outermost)
    first_open: Html     # opening tag of the first fragment (with id, tabindex)
    next_open: Html      # opening tag of any later fragment
    tag: str = "span"


def escape_text(text: str) -> Html:
    """Escape raw text for element content. A carriage return becomes ``&#13;`` because the
    HTML parser would otherwise turn CR LF into LF and the page would no longer hold the raw text."""
    return Html(esc(text).replace("\r", "&#13;"))


def render_pieces(text: str, pieces: Sequence[Piece]) -> Html:
    """``text`` with every piece wrapped in (possibly fragmented) elements, well nested."""
    n = len(text)
    for p in pieces:
        if not (0 <= p.start < p.end <= n):
            raise ValueError(f"piece [{p.start}, {p.end}) is empty or outside a text of {n} code points")
    order = sorted(range(len(pieces)), key=lambda i: (pieces[i].priority, pieces[i].start, -pieces[i].end, i))
    rank = {i: r for r, i in enumerate(order)}
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, p in enumerate(pieces):
        starts.setdefault(p.start, []).append(i)
        ends.setdefault(p.end, []).append(i)
    bounds = sorted({0, n, *starts, *ends})
    active: set[int] = set()
    opened: set[int] = set()
    stack: list[int] = []
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        wanted = sorted(active, key=rank.__getitem__)
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] == wanted[keep]:
            keep += 1
        for i in reversed(stack[keep:]):
            out.append(f"</{pieces[i].tag}>")
        del stack[keep:]
        for i in wanted[keep:]:
            out.append(pieces[i].next_open if i in opened else pieces[i].first_open)
            opened.add(i)
            stack.append(i)
        out.append(escape_text(text[a:b]))
    for i in reversed(stack):
        out.append(f"</{pieces[i].tag}>")
    return Html("".join(out))
