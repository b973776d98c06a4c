"""Corpus statistics: spans per document × layer × label, as data and as Markdown tables.

Used by ``swn stats`` and by the dataset card's generated "statistics" block, so the card
always states what the released corpus holds.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from . import vocab
from .model import Document


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


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(map(str, header)) + " |",
             "|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    return "\n".join(lines)


def overview_rows(docs: Sequence[Document]) -> tuple[list[str], list[list[object]]]:
    """Documents × layers: characters and spans per layer, with a total row."""
    header = ["document", "DCT", "characters", *vocab.LAYER_NAMES]
    c = counts(docs)
    rows: list[list[object]] = []
    for d in docs:
        rows.append([d.id, d.metadata.dct.value, len(d.text),
                     *(sum(n for (doc, layer, _), n in c.items() if doc == d.id and layer == lay)
                       for lay in vocab.LAYER_NAMES)])
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
    rows = [[t, *((d.annotations.doc_stance.get(t, "–") if d.annotations else "–") for d in docs)]
            for t in vocab.STANCE_TARGETS]
    return header, rows


def statistics_markdown(docs: Sequence[Document]) -> str:
    """The statistics section of the card: overview, labels per layer, document-level stance."""
    parts = ["Spans per document and layer:", "", _md_table(*overview_rows(docs)), "",
             "Spans per label (every label of the scheme, zeros included):", "", _md_table(*label_rows(docs)), "",
             "Document-level stance:", "", _md_table(*doc_stance_rows(docs))]
    return "\n".join(parts)
