"""The entity index: every ``entity_id`` with its registry entry and all its mentions across the
corpus (keyword in context, linked to the span on its document page), and the stance it holds."""
from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Sequence

from .. import vocab
from ..model import Document, RegistryEntry, Span
from .assets import stylesheet
from .document_page import doc_href
from .html import Html, h, page, top_header
from .marks import anchor_for, entity_anchor, fragment, span_key

_CONTEXT = 60  # code points of context either side of a mention


def kwic(text: str, span: Span) -> Html:
    left = text[max(0, span.start - _CONTEXT):span.start]
    right = text[span.end:span.end + _CONTEXT]
    return h("span", {"class": "kwic"}, ("…" if span.start > _CONTEXT else "") + left.replace("\n", " "),
             h("mark", {}, span.text), right.replace("\n", " ") + ("…" if span.end + _CONTEXT < len(text) else ""))


def _link(doc: Document, span: Span, index: int) -> Html:
    return h("a", {"href": doc_href(doc.id) + fragment(anchor_for(span_key(span, index)))}, span.id or f"{doc.id} {span.layer}[{index}]")


def entities_page(docs: Sequence[Document], registry: Mapping[str, RegistryEntry]) -> Html:
    mentions: dict[str, list] = defaultdict(list)
    held: dict[str, list] = defaultdict(list)
    for d in docs:
        if d.annotations is None:
            continue
        for i, e in enumerate(d.annotations.entities):
            if e.entity_id:
                mentions[e.entity_id].append((d, i, e))
        for i, s in enumerate(d.annotations.stance):
            if s.holder and s.holder not in vocab.HOLDER_SPECIALS:
                held[s.holder].append((d, i, s))
    ids = sorted(set(mentions) | set(held) | set(registry), key=lambda k: (-len(mentions.get(k, ())), k))
    links = [h("a", {"href": "#" + entity_anchor(k)}, registry[k].name if k in registry else k)
             + f" ({len(mentions.get(k, ()))})" for k in ids]
    toc = h("p", {"class": "toc"}, Html(", ").join(links)) if ids else h("p", {"class": "muted"}, "No entity mentions yet.")
    sections = []
    for k in ids:
        entry = registry.get(k)
        found = mentions.get(k, [])
        head = h("h2", {}, (entry.name if entry else k) + " ", h("span", {"class": "muted"}, f"{k}"))
        facts = [f"type {entry.type}" if entry else "not in the registry",
                 f"{len(found)} mentions in {len({d.id for d, _, _ in found})} documents"]
        info = [h("p", {}, " · ".join(facts),
                  [" · ", h("a", {"href": f"https://www.wikidata.org/wiki/{entry.wikidata}", "rel": "external"},
                            entry.wikidata)] if entry and entry.wikidata else None)]
        if entry and entry.aliases:
            info.append(h("p", {"class": "muted"}, "aliases: " + ", ".join(entry.aliases)))
        if entry and entry.note:
            info.append(h("p", {"class": "muted"}, entry.note))
        rows = [h("tr", {}, h("td", {}, _link(d, e, i)), h("td", {}, e.label), h("td", {}, kwic(d.text, e)))
                for d, i, e in found]
        table = h("table", {"class": "mentions"}, h("tr", {}, h("th", {}, "mention"), h("th", {}, "label"),
                                                    h("th", {}, "in context")), rows) if rows else None
        stance = None
        if held.get(k):
            stance = [h("h3", {}, "Stance held"),
                      h("table", {}, [h("tr", {}, h("td", {}, _link(d, s, i)), h("td", {}, f"{s.polarity} {s.target}"),
                                            h("td", {}, kwic(d.text, s))) for d, i, s in held[k]])]
        sections.append(h("section", {"class": "entity", "id": entity_anchor(k)}, head, info, table, stance))
    body = top_header("Entities") + h("main", {}, toc, sections)
    return page("SWN — entities", body, css=stylesheet())
