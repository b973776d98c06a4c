"""Inline SVG charts, written here (no plotting library): readable without a script, with a
``<title>``/``<desc>`` for screen readers, axis titles, tick labels and every value written out.

Every string goes through :func:`~swn.viewer.html.esc`; numbers are formatted here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from .html import Html, h

_FONT = 12
_CHAR_W = 7.0  # approximate width of a character at 12 px, for laying out labels


def nice_ticks(maximum: float, target: int = 5) -> list[int]:
    """Round tick values 0 .. >= maximum with a step of 1, 2 or 5 × 10^k."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    step = max(1, int(step))
    top = int(math.ceil(maximum / step) * step)
    return list(range(0, top + 1, step))


def _text(x: float, y: float, content: str, **attrs) -> Html:
    base = {"x": f"{x:.1f}", "y": f"{y:.1f}"}
    base.update(attrs)  # h() turns text_anchor into text-anchor and class_ into class
    return h("text", base, content)


def _svg(width: float, height: float, ident: str, title: str, desc: str, *content) -> Html:
    return h("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width:.0f} {height:.0f}",
                     "width": f"{width:.0f}", "height": f"{height:.0f}", "role": "img",
                     "aria-labelledby": f"{ident}-title {ident}-desc", "font-family": "system-ui, sans-serif",
                     "font-size": str(_FONT)},
             h("title", {"id": f"{ident}-title"}, title), h("desc", {"id": f"{ident}-desc"}, desc), *content)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


def stacked_bars(*, ident: str, title: str, rows: Sequence[str], series: Sequence[Series],
                 values: Mapping[str, Mapping[str, int]], x_label: str, y_label: str, width: int = 760) -> Html:
    """Horizontal stacked bars: one bar per row (e.g. document), one segment per series (label).

    Each bar ends with its total; each segment wide enough shows its count, and every segment
    has a ``<title>`` naming row, series and value. A legend with the series totals follows.
    """
    bar_h, gap = 22, 10
    left = 24 + max([len(r) for r in rows] + [6]) * _CHAR_W
    top, right = 34, 60
    plot_w = width - left - right
    totals = {r: sum(values.get(r, {}).values()) for r in rows}
    ticks = nice_ticks(max(totals.values(), default=0))
    scale = plot_w / ticks[-1]
    plot_h = len(rows) * (bar_h + gap) + gap
    legend_y = top + plot_h + 46
    series_totals = {s.name: sum(values.get(r, {}).get(s.name, 0) for r in rows) for s in series}
    shown = [s for s in series if series_totals[s.name]] or list(series)
    legend_rows, x, legend = 0, left, []
    for s in shown:
        item_w = 22 + (len(s.name) + len(str(series_totals[s.name])) + 3) * _CHAR_W
        if x + item_w > width - 10:
            legend_rows, x = legend_rows + 1, left
        y = legend_y + legend_rows * 20
        legend.append(h("g", {}, h("rect", {"x": f"{x:.1f}", "y": f"{y - 10:.1f}", "width": "12", "height": "12",
                                            "fill": s.colour}),
                        _text(x + 17, y, f"{s.name} ({series_totals[s.name]})")))
        x += item_w
    height = legend_y + legend_rows * 20 + 14

    parts = [_text(width / 2, 18, title, text_anchor="middle", font_weight="600", font_size="14")]
    for t in ticks:
        tx = left + t * scale
        parts.append(h("line", {"x1": f"{tx:.1f}", "x2": f"{tx:.1f}", "y1": str(top), "y2": f"{top + plot_h:.1f}",
                                "stroke": "#d1d9e0", "stroke-width": "1"}))
        parts.append(_text(tx, top + plot_h + 15, str(t), text_anchor="middle", fill="#59636e"))
    parts.append(_text(left + plot_w / 2, top + plot_h + 32, x_label, text_anchor="middle"))
    parts.append(_text(14, top + plot_h / 2, y_label, text_anchor="middle",
                       transform=f"rotate(-90 14 {top + plot_h / 2:.1f})"))
    for i, r in enumerate(rows):
        y = top + gap + i * (bar_h + gap)
        parts.append(_text(left - 8, y + bar_h / 2 + 4, r, text_anchor="end"))
        x = left
        for s in series:
            n = values.get(r, {}).get(s.name, 0)
            if not n:
                continue
            w = n * scale
            seg = [h("title", {}, f"{r}: {s.name} {n}"),
                   h("rect", {"x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{w:.1f}", "height": str(bar_h),
                              "fill": s.colour, "stroke": "#fff", "stroke-width": "1"})]
            if w >= len(str(n)) * _CHAR_W + 6:
                seg.append(_text(x + w / 2, y + bar_h / 2 + 4, str(n), text_anchor="middle", fill="#fff",
                                 font_size="11"))
            parts.append(h("g", {"class": "seg"}, seg))
            x += w
        parts.append(_text(x + 5, y + bar_h / 2 + 4, str(totals[r]), font_weight="600", class_="total"))
    parts.append(h("line", {"x1": f"{left:.1f}", "x2": f"{left:.1f}", "y1": str(top), "y2": f"{top + plot_h:.1f}",
                            "stroke": "#59636e"}))
    parts.extend(legend)
    desc = "; ".join(f"{r}: {totals[r]} (" + ", ".join(f"{s.name} {values.get(r, {}).get(s.name, 0)}"
                                                          for s in shown if values.get(r, {}).get(s.name, 0)) + ")"
                     for r in rows)
    return _svg(width, height, ident, title, desc, parts)


def histogram(*, ident: str, title: str, bins: Sequence[str], counts: Sequence[int], colour: str,
              x_label: str, y_label: str, slot_width: int = 50) -> Html:
    """Vertical bars, one per bin, each with its count written above it and its bin below."""
    if len(bins) != len(counts):
        raise ValueError("one count per bin")
    top, bottom, left, right = 34, 52, 46, 10
    width = left + right + max(len(bins), 6) * slot_width
    plot_h = 150
    plot_w = width - left - right
    ticks = nice_ticks(max(counts, default=0), 4)
    scale = plot_h / ticks[-1]
    slot = plot_w / max(len(bins), 1)
    parts = [_text(width / 2, 18, title, text_anchor="middle", font_weight="600", font_size="13")]
    for t in ticks:
        ty = top + plot_h - t * scale
        parts.append(h("line", {"x1": str(left), "x2": f"{left + plot_w:.1f}", "y1": f"{ty:.1f}", "y2": f"{ty:.1f}",
                                "stroke": "#d1d9e0"}))
        parts.append(_text(left - 5, ty + 4, str(t), text_anchor="end", fill="#59636e"))
    for i, (b, n) in enumerate(zip(bins, counts)):
        x = left + i * slot
        bh = n * scale
        parts.append(h("g", {"class": "bin"}, h("title", {}, f"{b} characters: {n} spans"),
                       h("rect", {"x": f"{x + 2:.1f}", "y": f"{top + plot_h - bh:.1f}", "width": f"{slot - 4:.1f}",
                                  "height": f"{bh:.1f}", "fill": colour}),
                       _text(x + slot / 2, top + plot_h - bh - 4, str(n), text_anchor="middle", font_size="11",
                             class_="value")))
        parts.append(_text(x + slot / 2, top + plot_h + 14, b, text_anchor="middle", font_size="10", fill="#59636e"))
    parts.append(h("line", {"x1": str(left), "x2": f"{left + plot_w:.1f}", "y1": f"{top + plot_h}",
                            "y2": f"{top + plot_h}", "stroke": "#59636e"}))
    parts.append(_text(left + plot_w / 2, top + plot_h + 34, x_label, text_anchor="middle"))
    parts.append(_text(12, top + plot_h / 2, y_label, text_anchor="middle",
                       transform=f"rotate(-90 12 {top + plot_h / 2:.1f})"))
    desc = ", ".join(f"{b}: {n}" for b, n in zip(bins, counts))
    return _svg(width, top + plot_h + bottom, ident, title, desc, parts)


def log2_bins(lengths: Sequence[int]) -> tuple[list[str], list[int]]:
    """Power-of-two bins of span lengths (1, 2–3, 4–7, …) up to the longest span."""
    if not lengths:
        return ["1"], [0]
    top = max(lengths).bit_length()
    labels, counts = [], [0] * top
    for k in range(top):
        lo, hi = 2 ** k, 2 ** (k + 1) - 1
        labels.append(str(lo) if lo == hi else f"{lo}–{hi}")
    for n in lengths:
        counts[max(n, 1).bit_length() - 1] += 1
    return labels, counts


__all__ = ["Series", "stacked_bars", "histogram", "log2_bins", "nice_ticks"]
