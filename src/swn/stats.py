"""Corpus statistics: spans per document × layer × label, as data and as Markdown tables.

Two views. The *summary* (per layer, per label, document-level stance per target) is the dataset
card's generated "statistics" block: its size depends on the vocabulary, not on the number of
documents, so the card does not grow with the corpus. The *per-document* tables (one row or
column per document) are printed by ``swn stats`` and drawn on the viewer's statistics page.
Everything is one pass over the spans (linear in the corpus).
"""
from __future__ import annotations

import statistics
from collections import Counter
from typing import Sequence

from . import vocab
from .model import Document

MISSING = "–"  # a document without a document-level value for a stance target


def counts(docs: Sequence[Document]) -> Counter:
    """``Counter((doc_id, layer, label) -> spans)``; document-level stance as layer ``doc_stance``
    with labels ``target=VALUE``."""
    out: Counter = Counter()
    for d in docs:
        if d.annotations is None:
            continue
        for layer in vocab.LAYER_NAMES:
            for s in d.annotations.layer(layer):
                out[(d.id, layer, s.label)] += 1
        for target, value in d.annotations.doc_stance.items():
            out[(d.id, "doc_stance", f"{target}={value}")] += 1
    return out


def labels_of(layer: str) -> tuple[str, ...]:
    """Every label a layer can have, in vocabulary order (quantities: ``QUANTITY``)."""
    return vocab.LAYERS[layer].labels or ("QUANTITY",)


def layer_counts(doc: Document) -> list[int]:
    """Spans of ``doc`` per layer, in vocabulary order (zeros without annotations)."""
    return [len(doc.annotations.layer(layer)) if doc.annotations else 0 for layer in vocab.LAYER_NAMES]


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(map(str, header)) + " |",
             "|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- summary (the card)

def layer_summary_rows(docs: Sequence[Document]) -> tuple[list[str], list[list[object]]]:
    """Layers: spans, documents with at least one span, and spans per document (min, median, max)."""
    header = ["layer", "spans", "documents with spans", "per document: min", "median", "max"]
    per_doc = [layer_counts(d) for d in docs]
    rows: list[list[object]] = []
    for i, layer in enumerate(vocab.LAYER_NAMES):
        column = [c[i] for c in per_doc] or [0]
        rows.append([layer, sum(column), sum(1 for n in column if n), min(column),
                     f"{statistics.median(column):g}", max(column)])
    return header, rows


def label_summary_rows(docs: Sequence[Document]) -> tuple[list[str], list[list[object]]]:
    """Layer × label: spans and documents with the label (every label of the vocabulary, zeros included)."""
    spans: Counter = Counter()
    documents: Counter = Counter()
    for (_, layer, label), n in counts(docs).items():
        spans[(layer, label)] += n
        documents[(layer, label)] += 1
    header = ["layer", "label", "spans", "documents"]
    rows = [[layer, label, spans[(layer, label)], documents[(layer, label)]]
            for layer in vocab.LAYER_NAMES for label in labels_of(layer)]
    return header, rows


def doc_stance_summary_rows(docs: Sequence[Document]) -> tuple[list[str], list[list[object]]]:
    """Stance targets × document-level values: how many documents take each value."""
    values = {t: Counter() for t in vocab.STANCE_TARGETS}
    for d in docs:
        stance = d.annotations.doc_stance if d.annotations else {}
        for t in vocab.STANCE_TARGETS:
            values[t][stance.get(t, MISSING)] += 1
    columns = [*vocab.DOC_STANCE_VALUES, *((MISSING,) if any(c[MISSING] for c in values.values()) else ())]
    return ["target", *columns], [[t, *(values[t][v] for v in columns)] for t in vocab.STANCE_TARGETS]


def statistics_markdown(docs: Sequence[Document]) -> str:
    """The statistics section of the card: per layer, per label, document-level stance per target."""
    chars = [len(d.text) for d in docs] or [0]
    parts = [f"{len(docs)} documents, {sum(chars)} characters (per document: min {min(chars)}, "
             f"median {statistics.median(chars):g}, max {max(chars)}).", "",
             "Spans per layer:", "", _md_table(*layer_summary_rows(docs)), "",
             "Spans per label (every label of the scheme, zeros included):", "", _md_table(*label_summary_rows(docs)),
             "", "Document-level stance (documents per target and value):", "",
             _md_table(*doc_stance_summary_rows(docs)), "",
             "Per-document tables: `swn stats` (also `--format markdown` or `json`) and the statistics page of "
             "the viewer (`swn render`)."]
    return "\n".join(parts)


# ---------------------------------------------------------------- per document (swn stats, the viewer)

def overview_rows(docs: Sequence[Document]) -> tuple[list[str], list[list[object]]]:
    """Documents × layers: characters and spans per layer, with a total row."""
    header = ["document", "DCT", "characters", *vocab.LAYER_NAMES]
    rows: list[list[object]] = [[d.id, d.metadata.dct.value, len(d.text), *layer_counts(d)] for d in docs]
    rows.append(["**total**", "", sum(len(d.text) for d in docs),
                 *(sum(r[3 + i] for r in rows) for i in range(len(vocab.LAYER_NAMES)))])
    return header, rows


def label_rows(docs: Sequence[Document]) -> tuple[list[str], list[list[object]]]:
    """Layer × label × document counts (every label of the vocabulary, zeros included)."""
    c = counts(docs)
    header = ["layer", "label", *(d.id for d in docs), "total"]
    rows: list[list[object]] = []
    for layer in vocab.LAYER_NAMES:
        for label in labels_of(layer):
            per_doc = [c[(d.id, layer, label)] for d in docs]
            rows.append([layer, label, *per_doc, sum(per_doc)])
    return header, rows


def doc_stance_rows(docs: Sequence[Document]) -> tuple[list[str], list[list[object]]]:
    header = ["target", *(d.id for d in docs)]
    rows = [[t, *((d.annotations.doc_stance.get(t, MISSING) if d.annotations else MISSING) for d in docs)]
            for t in vocab.STANCE_TARGETS]
    return header, rows


def per_document_markdown(docs: Sequence[Document]) -> str:
    """The per-document tables (not in the card: they grow with the corpus)."""
    parts = ["Spans per document and layer:", "", _md_table(*overview_rows(docs)), "",
             "Spans per label and document:", "", _md_table(*label_rows(docs)), "",
             "Document-level stance per document:", "", _md_table(*doc_stance_rows(docs))]
    return "\n".join(parts)
