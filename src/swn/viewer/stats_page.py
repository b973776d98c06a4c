"""The statistics page: span counts per layer, label and document, and span length
distributions, as inline SVG (no script needed) with the same numbers in tables."""
from __future__ import annotations

import statistics
from typing import Sequence

from .. import vocab
from ..model import Document
from .assets import stylesheet
from .colours import label_colours, layer_labels
from .html import Html, h, page, top_header
from .index_page import span_counts
from .svg import Series, histogram, log2_bins, stacked_bars


def label_counts(docs: Sequence[Document], layer: str) -> dict[str, dict[str, int]]:
    """``{doc_id: {label: n}}`` for one layer (documents without annotations count zero)."""
    out = {}
    for d in docs:
        counts: dict[str, int] = {}
        for s in d.annotations.layer(layer) if d.annotations else ():
            counts[s.label] = counts.get(s.label, 0) + 1
        out[d.id] = counts
    return out


def span_lengths(docs: Sequence[Document], layer: str) -> list[int]:
    """Lengths in code points of every span of ``layer`` in the corpus."""
    return [s.end - s.start for d in docs if d.annotations for s in d.annotations.layer(layer)]


def _counts_table(docs: Sequence[Document]) -> Html:
    head = h("tr", {}, h("th", {}, "document"), [h("th", {"class": "num"}, layer) for layer in vocab.LAYER_NAMES])
    rows = [h("tr", {}, h("td", {}, d.id), [h("td", {"class": "num"}, str(n)) for n in span_counts(d).values()])
            for d in docs]
    totals = h("tr", {"class": "total"}, h("td", {}, "total"),
               [h("td", {"class": "num"}, str(sum(span_counts(d)[layer] for d in docs))) for layer in vocab.LAYER_NAMES])
    return h("table", {"class": "counts"}, head, rows, totals)


def _length_summary(lengths: list[int]) -> str:
    if not lengths:
        return "no spans"
    return (f"{len(lengths)} spans; length in characters: min {min(lengths)}, median {statistics.median(lengths):g}, "
            f"mean {statistics.fmean(lengths):.1f}, max {max(lengths)}")


def stats_page(docs: Sequence[Document]) -> Html:
    doc_ids = [d.id for d in docs]
    count_figs, length_figs = [], []
    for layer in vocab.LAYER_NAMES:
        colours = label_colours(layer)
        series = [Series(label, colours[label].strong) for label in layer_labels(layer)]
        chart = stacked_bars(ident=f"count-{layer}", title=f"{layer}: spans per document and label", rows=doc_ids,
                             series=series, values=label_counts(docs, layer), x_label="spans", y_label="document")
        count_figs.append(h("figure", {"class": "chart", "data-layer": layer}, chart,
                            h("figcaption", {}, vocab.LAYERS[layer].description)))
        lengths = span_lengths(docs, layer)
        bins, counts = log2_bins(lengths)
        first = colours[layer_labels(layer)[0]].strong
        chart = histogram(ident=f"length-{layer}", title=f"{layer}: span length", bins=bins, counts=counts,
                          colour=first, x_label="span length in characters (power-of-two bins)", y_label="spans")
        length_figs.append(h("figure", {"class": "chart", "data-layer": layer},
                             chart, h("figcaption", {}, _length_summary(lengths))))
    body = top_header("Statistics") + h(
        "main", {},
        h("p", {}, f"{len(docs)} documents, {sum(len(d.text) for d in docs)} characters. Hover a bar for its "
          "exact value; every value is also written on the chart and in the table."),
        h("h2", {}, "Spans per layer and document"), _counts_table(docs),
        h("h2", {}, "Spans per label and document"), count_figs,
        h("h2", {}, "Span length distribution"), h("div", {"class": "smallmultiples"}, length_figs))
    return page("SWN — statistics", body, css=stylesheet())
