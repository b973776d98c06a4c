"""Compare mode: a reference annotation set (gold, or pass A) against another (predictions, or
pass B), span by span, with the scorer's own alignment (:func:`swn.scoring.counting.align_spans`).

Every span of either side gets a status, which is its outcome in ``swn score``'s strict mode,
so a page's counts equal the scorer's per-document counts:

* ``match``    — paired, same offsets and same label (strict ``correct``);
* ``mismatch`` — paired (same offsets or overlapping) but offsets or label differ (strict
  ``incorrect``);
* ``missed``   — a reference span with no partner;
* ``spurious`` — a span of the other side with no partner.

The differences of a pair are listed (also for a match: other attributes may differ), but
only for the attributes the other side gives: a predictions file without ``entity_id`` does
not show ``entity_id: vladimir_putin vs —`` on every entity.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from .. import vocab
from ..model import AnnotationSet, Document, RegistryEntry, Span
from ..scoring.counting import align_spans
from .assets import script, stylesheet
from .document_page import doc_href, text_block
from .html import Html, h, json_script, page, top_header
from .legend import layer_panel
from .marks import Mark, format_value, fragment, marks_of

STATUSES = ("match", "mismatch", "missed", "spurious")
STATUS_HELP = {
    "match": "paired, same offsets and label (correct in swn score's strict mode)",
    "mismatch": "paired (same or overlapping offsets), but offsets or label differ (incorrect in strict mode)",
    "missed": "only on the reference side",
    "spurious": "only on the other side",
}


def differences(a: Span, b: Span, given: Sequence[str] | None = None) -> tuple[str, ...]:
    """What differs between two paired spans of one layer: offsets, then each field in vocab
    order among ``given`` (the fields the other side gives; default all)."""
    out = []
    if (a.start, a.end) != (b.start, b.end):
        out.append(f"offsets: [{a.start}–{a.end}) “{a.text}” vs [{b.start}–{b.end}) “{b.text}”")
    for f in vocab.LAYERS[a.layer].fields:
        if given is not None and f.name not in given and f.name != vocab.LAYERS[a.layer].label_field:
            continue
        va, vb = getattr(a, f.name), getattr(b, f.name)
        if va != vb:
            out.append(f"{f.name}: {format_value(va)} vs {format_value(vb)}")
    return tuple(out)


@dataclass(frozen=True)
class LayerPair:
    """One status per span of each side, and the pairs, for one layer of one document."""

    layer: str
    ref: tuple[Span, ...]
    other: tuple[Span, ...]
    pairs: tuple[tuple[int, int], ...]
    ref_status: tuple[str, ...]
    other_status: tuple[str, ...]
    notes: Mapping[tuple[int, int], tuple[str, ...]]

    def counts(self) -> Counter:
        c = Counter({s: 0 for s in STATUSES})
        c.update(self.ref_status)
        c.update(s for s in self.other_status if s == "spurious")
        return c


def compare_layer(layer: str, ref: Sequence[Span], other: Sequence[Span],
                  given: Sequence[str] | None = None) -> LayerPair:
    """Statuses of one layer's spans (strict outcomes); ``given``: the fields the other side gives."""
    pairs = align_spans(layer, ref, other)
    ref_status = ["missed"] * len(ref)
    other_status = ["spurious"] * len(other)
    notes = {}
    for i, j in pairs:
        a, b = ref[i], other[j]
        correct = (a.start, a.end) == (b.start, b.end) and a.label == b.label
        ref_status[i] = other_status[j] = "match" if correct else "mismatch"
        notes[(i, j)] = differences(a, b, given)
    return LayerPair(layer, tuple(ref), tuple(other), tuple(pairs), tuple(ref_status),
                     tuple(other_status), notes)


@dataclass(frozen=True)
class DocComparison:
    doc: Document
    ref: AnnotationSet | None
    other: AnnotationSet | None
    layers: Mapping[str, LayerPair]

    def counts(self) -> dict[str, Counter]:
        return {layer: lp.counts() for layer, lp in self.layers.items()}


def compare_document(doc: Document, ref: AnnotationSet | None, other: AnnotationSet | None,
                     layers: Sequence[str] = vocab.LAYER_NAMES,
                     given: Mapping[str, Sequence[str]] | None = None) -> DocComparison:
    """Compare the given layers (predictions may give only some; the others are not compared);
    ``given``: per layer, the fields the other side gives (default: all)."""
    pairs = {layer: compare_layer(layer, ref.layer(layer) if ref else (), other.layer(layer) if other else (),
                                  None if given is None else given.get(layer, ()))
             for layer in layers}
    return DocComparison(doc, ref, other, pairs)


@dataclass(frozen=True)
class Comparison:
    """A whole comparison: side names and one :class:`DocComparison` per document compared."""

    ref_name: str
    other_name: str
    docs: tuple[DocComparison, ...]
    layers: tuple[str, ...] = vocab.LAYER_NAMES
    doc_stance: bool = True  # whether the other side gives document-level stance (predictions may not)


def compare_href(doc_id: str) -> str:
    return f"compare-{doc_id}.html"


def _side_marks(cmp: DocComparison, registry: Mapping[str, RegistryEntry]) -> tuple[list[Mark], list[Mark]]:
    ref_marks = marks_of(cmp.ref, registry, prefix="A:", layers=tuple(cmp.layers))
    other_marks = marks_of(cmp.other, registry, prefix="B:", layers=tuple(cmp.layers))
    by_layer_ref = {layer: [m for m in ref_marks if m.layer == layer] for layer in vocab.LAYER_NAMES}
    by_layer_other = {layer: [m for m in other_marks if m.layer == layer] for layer in vocab.LAYER_NAMES}
    out_ref, out_other = [], []
    for layer, lp in cmp.layers.items():
        rm, om = list(by_layer_ref[layer]), list(by_layer_other[layer])
        for i, st in enumerate(lp.ref_status):
            rm[i] = replace(rm[i], status=st)
        for j, st in enumerate(lp.other_status):
            om[j] = replace(om[j], status=st)
        for i, j in lp.pairs:
            rm[i] = replace(rm[i], partner=om[j].key, notes=lp.notes[(i, j)])
            om[j] = replace(om[j], partner=rm[i].key, notes=lp.notes[(i, j)])
        out_ref += rm
        out_other += om
    return out_ref, out_other


def _status_legend(counts: Mapping[str, Counter]) -> Html:
    total = Counter()
    for c in counts.values():
        total.update(c)
    items = [h("li", {"title": STATUS_HELP[s]}, h("span", {"class": f"badge {s}"}, s), f" {total[s]}")
             for s in STATUSES]
    box = h("label", {}, h("input", {"type": "checkbox", "id": "only-diff"}), " show differences only")
    return h("fieldset", {"class": "layer"}, h("legend", {}, "Status"), h("ul", {"class": "labels"}, items), box)


def counts_table(counts: Mapping[str, Counter]) -> Html:
    head = h("tr", {}, h("th", {}, "layer"), [h("th", {"class": "num", "title": STATUS_HELP[s]}, s) for s in STATUSES])
    rows = [h("tr", {"data-layer": layer}, h("td", {}, layer),
              [h("td", {"class": "num", "data-status": s}, str(c[s])) for s in STATUSES])
            for layer, c in counts.items()]
    return h("table", {"class": "cmpcounts"}, head, rows)


def _diff_rows(cmp: DocComparison, ref_marks: list[Mark], other_marks: list[Mark]) -> Html:
    """Every span that is not a plain match, per layer, linked to both panels."""
    def cell(m: Mark | None) -> Html:
        if m is None:
            return h("td", {"class": "muted"}, "—")
        return h("td", {}, h("a", {"href": fragment(m.anchor)}, f"[{m.start}–{m.end})"), f" {m.label} “{m.text}”")

    other_by_key = {m.key: m for m in other_marks}
    rows = []
    for m in ref_marks + other_marks:
        paired = m.status in ("match", "mismatch")
        if (m.status == "match" and not m.notes) or (paired and m.key.startswith("B:")):
            continue
        a, b = (m, other_by_key.get(m.partner)) if m.key.startswith("A:") else (None, m)
        rows.append((m.layer, m.start, h("tr", {"data-status": m.status},
                                          h("td", {}, m.layer), h("td", {}, h("span", {"class": f"badge {m.status}"},
                                                                              m.status)),
                                          cell(a), cell(b), h("td", {}, "; ".join(m.notes)))))
    rows.sort(key=lambda r: (vocab.LAYER_NAMES.index(r[0]), r[1]))
    if not rows:
        return h("p", {}, "No differences.")
    head = h("tr", {}, [h("th", {}, c) for c in ("layer", "status", "reference", "other", "what differs")])
    return h("table", {"class": "diffs"}, head, [r[2] for r in rows])


def _doc_stance_rows(cmp: DocComparison, comparison: Comparison) -> Html | None:
    if not comparison.doc_stance:
        return None
    ref = cmp.ref.doc_stance if cmp.ref else {}
    other = cmp.other.doc_stance if cmp.other else {}
    # A target left out is NONE, as the scorer counts it (SemEval-2016 Task 6).
    head = h("tr", {}, h("th", {"scope": "col"}, "target"), h("th", {"scope": "col"}, comparison.ref_name),
             h("th", {"scope": "col"}, comparison.other_name), h("th", {"scope": "col"}, "agreement"))
    rows = []
    for t in vocab.STANCE_TARGETS:
        a, b = ref.get(t, "NONE"), other.get(t, "NONE")
        rows.append(h("tr", {"class": "differs" if a != b else None}, h("th", {"scope": "row"}, t),
                      h("td", {}, a), h("td", {}, b), h("td", {}, "same" if a == b else "differs")))
    return h("table", {"class": "docstance"}, h("caption", {"class": "muted"}, "Document-level stance"), head, rows)


def compare_page(cmp: DocComparison, comparison: Comparison, registry: Mapping[str, RegistryEntry]) -> Html:
    ref_marks, other_marks = _side_marks(cmp, registry)
    doc = cmp.doc
    counts = cmp.counts()
    missing = [name for name, side in ((comparison.ref_name, cmp.ref), (comparison.other_name, cmp.other))
               if side is None]
    note = h("p", {"class": "muted"}, "No annotations on this side for this document: " + ", ".join(missing)) \
        if missing else None
    grid = h("div", {"class": "cmpgrid"},
             h("section", {}, h("h2", {}, f"Reference: {comparison.ref_name}"),
               text_block(doc.text, ref_marks, label=f"{comparison.ref_name}: {doc.id}")),
             h("section", {}, h("h2", {}, f"Other: {comparison.other_name}"),
               text_block(doc.text, other_marks, label=f"{comparison.other_name}: {doc.id}")))
    compared = h("p", {"class": "muted"}, "Layers compared: " + ", ".join(cmp.layers) + "."
                 + ("" if len(cmp.layers) == len(vocab.LAYER_NAMES) else
                    " The other side gives no spans of the remaining layers, so they are not compared."))
    article = h("article", {}, note, compared, counts_table(counts), _doc_stance_rows(cmp, comparison), grid,
                h("h2", {}, "Differences"), _diff_rows(cmp, ref_marks, other_marks))
    title = f"{doc.id}: {comparison.ref_name} vs {comparison.other_name}"
    subtitle = h("a", {"href": doc_href(doc.id)}, "document page")
    body = (top_header(title, subtitle)
            + h("main", {"class": "docgrid"}, article,
                layer_panel(ref_marks + other_marks, extra=_status_legend(counts),
                            sides=(ref_marks, other_marks)))
            + h("div", {"id": "swn-tip", "role": "tooltip"}))
    data = json_script("swn-spans", {m.key: m.to_json() for m in ref_marks + other_marks})
    return page(f"{title} — SWN", body, css=stylesheet(), scripts=[script()], data=data)


def comparison_summary(comparison: Comparison) -> Html:
    """The index page's comparison table: per document and layer, the four status counts."""
    head = h("tr", {}, h("th", {}, "document"),
             [h("th", {"class": "num"}, layer) for layer in vocab.LAYER_NAMES])
    rows = []
    for cmp in comparison.docs:
        counts = cmp.counts()
        cells = [h("td", {"class": "num", "data-layer": layer},
                     " ".join(f"{c[s]}{sym}" for s, sym in zip(STATUSES, ("✓", "≠", "−", "+")))
                     if layer in counts else "not compared")
                 for layer in vocab.LAYER_NAMES for c in [counts.get(layer)]]
        rows.append(h("tr", {}, h("td", {}, h("a", {"href": compare_href(cmp.doc.id)}, cmp.doc.id)), cells))
    key = h("p", {"class": "help"}, "✓ match · ≠ mismatch (same or overlapping span, different offsets or "
            "attributes) · − missed (only in the reference) · + spurious (only in the other)")
    return (h("h2", {}, f"Comparison: {comparison.ref_name} (reference) vs {comparison.other_name}")
            + key + h("table", {"class": "comparison"}, head, rows))
