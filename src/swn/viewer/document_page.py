"""One page per document: the raw text with every layer drawn, switches, legend, metadata."""
from __future__ import annotations

from typing import Mapping, Sequence

from .. import vocab
from ..model import Document, RegistryEntry
from .assets import script, stylesheet
from .html import Html, h, json_script, page, top_header
from .legend import layer_panel
from .marks import Mark, fragment, marks_of, pieces_of
from .sweep import Piece, render_pieces


def doc_href(doc_id: str) -> str:
    return f"doc-{doc_id}.html"


def zone_gaps(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """The whitespace outside every zone, as blocks of its own (class ``gap``).

    Zones are drawn as blocks; the line breaks between two of them would otherwise sit in
    line boxes of full text height and double the paragraph spacing. A gap keeps its
    characters (the text stays exact) but is styled with a short line height."""
    zones = sorted((m.start, m.end) for m in marks if m.layer == "structure")
    if not zones:
        return []
    gaps, pos = [], 0
    for start, end in zones + [(len(text), len(text))]:
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    tag = Html('<span class="gap">')
    return [Piece(a, b, -1, tag, tag) for a, b in gaps]


def text_block(text: str, marks: Sequence[Mark], *, label: str) -> Html:
    """The raw text with the marks drawn (``textContent`` of the block is ``text`` exactly)."""
    return h("div", {"class": "text", "aria-label": label},
             render_pieces(text, zone_gaps(text, marks) + pieces_of(marks)))


def metadata_list(doc: Document) -> Html:
    m = doc.metadata
    rows = [
        ("document", doc.id),
        ("title", m.title.text if m.title else "—"),
        ("outlet", h("span", {"title": m.outlet.evidence}, f"{m.outlet.value or '—'} ({m.outlet.provenance})")),
        ("author", m.author or "—"),
        ("date (DCT)", h("span", {"title": m.dct.evidence}, f"{m.dct.value} ({m.dct.provenance})")),
        ("event", h("span", {"title": m.event_description}, m.event_id)),
        ("size", f"{m.n_chars} characters"),
        ("source file", m.source_file),
        ("rights", m.rights),
    ]
    return h("dl", {"class": "meta"}, [[h("dt", {}, k), h("dd", {}, v)] for k, v in rows])


def doc_stance_table(doc_stance: Mapping[str, str]) -> Html:
    rows = [h("tr", {}, h("th", {"scope": "row", "title": definition}, target), h("td", {}, doc_stance.get(target, "—")))
            for target, definition in vocab.VOCABULARIES["stance_targets"].items()]
    return h("table", {"class": "docstance"}, h("caption", {"class": "muted"}, "Document-level stance"),
             h("tr", {}, h("th", {}, "target"), h("th", {}, "stance")), rows)


def span_tables(marks: Sequence[Mark]) -> Html:
    """Every span as a table row, per layer: the page read without a script or a mouse."""
    parts = []
    for layer in vocab.LAYER_NAMES:
        rows = [m for m in marks if m.layer == layer]
        if not rows:
            continue
        fields = [r.name for r in rows[0].rows]
        head = h("tr", {}, h("th", {}, "span"), h("th", {}, "text"), [h("th", {}, f) for f in fields])
        body = []
        for m in rows:
            cells = [h("td", {}, h("a", {"href": fragment(m.anchor)}, m.key)), h("td", {}, m.text)]
            for r in m.rows:
                cells.append(h("td", {"title": r.note}, h("a", {"href": r.href}, r.value) if r.href else r.value))
            body.append(h("tr", {}, cells))
        parts.append(h("h3", {}, f"{layer} ({len(rows)})") + h("table", {}, head, body))
    return h("details", {"class": "spans"}, h("summary", {}, "All spans as tables"), parts)


def document_page(doc: Document, registry: Mapping[str, RegistryEntry]) -> Html:
    marks = marks_of(doc.annotations, registry)
    title = doc.metadata.title.text if doc.metadata.title else doc.id
    note = None if doc.annotations is not None else h("p", {"class": "muted"}, "This document has no annotations yet.")
    article = h("article", {},
                metadata_list(doc),
                doc_stance_table(doc.annotations.doc_stance) if doc.annotations else None,
                note,
                h("h2", {}, "Text"),
                text_block(doc.text, marks, label=f"text of {doc.id}"),
                span_tables(marks))
    body = (top_header(title, h("span", {"class": "muted"}, doc.id) if title != doc.id else None)
            + h("main", {"class": "docgrid"}, article, layer_panel(marks))
            + h("div", {"id": "swn-tip", "role": "tooltip"}))
    data = json_script("swn-spans", {m.key: m.to_json() for m in marks})
    return page(f"{title} — SWN", body, css=stylesheet(), scripts=[script()], data=data)
