"""The site's front page: every document with its metadata and its span counts per layer."""
from __future__ import annotations

from typing import Sequence

from .. import vocab
from ..model import Document
from .assets import stylesheet
from .html import Html, h, page, top_header
from .document_page import doc_href


def span_counts(doc: Document) -> dict[str, int]:
    return {layer: len(doc.annotations.layer(layer)) if doc.annotations else 0 for layer in vocab.LAYER_NAMES}


def documents_table(docs: Sequence[Document]) -> Html:
    head = h("tr", {}, [h("th", {}, c) for c in ("document", "title", "outlet", "author", "date (DCT)", "event")],
             h("th", {"class": "num"}, "characters"),
             [h("th", {"class": "num"}, layer) for layer in vocab.LAYER_NAMES], h("th", {"class": "num"}, "spans"))
    rows, totals = [], {layer: 0 for layer in vocab.LAYER_NAMES}
    for d in docs:
        m = d.metadata
        counts = span_counts(d)
        for layer, n in counts.items():
            totals[layer] += n
        rows.append(h("tr", {"data-doc": d.id},
                      h("td", {}, h("a", {"href": doc_href(d.id)}, d.id)),
                      h("td", {}, m.title.text if m.title else "—"),
                      h("td", {"title": m.outlet.evidence}, f"{m.outlet.value or '—'} ({m.outlet.provenance})"),
                      h("td", {}, m.author or "—"),
                      h("td", {"title": m.dct.evidence}, f"{m.dct.value} ({m.dct.provenance})"),
                      h("td", {"title": m.event_description}, m.event_id),
                      h("td", {"class": "num"}, str(len(d.text))),
                      [h("td", {"class": "num", "data-layer": layer}, str(n)) for layer, n in counts.items()],
                      h("td", {"class": "num"}, str(sum(counts.values()))),
                      None if d.annotations else h("td", {"class": "muted"}, "no annotations")))
    total_row = h("tr", {"class": "total"}, h("td", {}, "total"), h("td", {"colspan": "5"}, f"{len(docs)} documents"),
                  h("td", {"class": "num"}, str(sum(len(d.text) for d in docs))),
                  [h("td", {"class": "num"}, str(n)) for n in totals.values()],
                  h("td", {"class": "num"}, str(sum(totals.values()))))
    return h("table", {"class": "documents"}, head, rows, total_row)


def index_page(docs: Sequence[Document], *, comparison: Html | None = None) -> Html:
    annotated = sum(1 for d in docs if d.annotations is not None)
    intro = h("p", {}, f"{len(docs)} documents, {annotated} with annotations in five layers "
              f"({', '.join(vocab.LAYER_NAMES)}). Open a document to see its text with every layer drawn; "
              "the statistics page plots counts and span lengths; the entity index lists every mention of "
              "every entity across the corpus.")
    body = top_header("SWN — Syria Withdrawal News") + h("main", {}, intro, h("h2", {}, "Documents"),
                                                         documents_table(docs), comparison)
    return page("SWN — documents", body, css=stylesheet())
