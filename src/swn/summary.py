"""A plain-text summary of a loaded corpus: documents, characters, spans per layer and label."""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from . import vocab
from .model import Document


def layer_label_counts(docs: Sequence[Document]) -> dict[str, Counter]:
    """``{layer: Counter(label -> n)}`` over all documents, every layer present."""
    out = {name: Counter() for name in vocab.LAYER_NAMES}
    for d in docs:
        if d.annotations is None:
            continue
        for name in vocab.LAYER_NAMES:
            out[name].update(s.label for s in d.annotations.layer(name))
    return out


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w) if c.replace(".", "").isdigit() else c.ljust(w) for c, w in zip(r, widths)).rstrip()
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_table(docs: Sequence[Document]) -> str:
    doc_rows = []
    for d in docs:
        counts = [len(d.annotations.layer(n)) if d.annotations else 0 for n in vocab.LAYER_NAMES]
        doc_rows.append([d.id, d.metadata.dct.value, len(d.text), *counts])
    totals = ["total", "", sum(len(d.text) for d in docs), *(sum(r[3 + i] for r in doc_rows)
                                                             for i in range(len(vocab.LAYER_NAMES)))]
    parts = [f"SWN corpus: {len(docs)} documents, {totals[2]} characters",
             "", format_table(["document", "DCT", "chars", *vocab.LAYER_NAMES], doc_rows + [totals]), ""]
    label_rows = [[layer, label, n] for layer, c in layer_label_counts(docs).items()
                  for label, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
    parts.append(format_table(["layer", "label", "spans"], label_rows) if label_rows else "(no annotations yet)")
    return "\n".join(parts)
