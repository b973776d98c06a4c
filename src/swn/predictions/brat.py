"""A folder of brat standoff files (as ``swn export --format brat`` writes them, or another tool's
``<doc_id>.ann`` files) to predictions.

Reading is :func:`swn.formats.brat.read_folder` (the one brat reader of SWN: every collection
merged, each ``.txt`` checked against the corpus text). Entity types go through the label map
(``swn`` by default, SWN's own labels; pass ``labels=``/``overrides=`` for another tool's types);
the other layers keep their SWN fields. The layers declared are those the reader says the folder
carries (spans found, or layers an ``annotation.conf`` declares), so a layer the folder does not
annotate is not scored as all missed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .. import vocab
from ..formats.brat import read_folder
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap

NAME = "brat"
DEFAULT_LABELS = "swn"
INPUT = "a folder of brat .ann files named <doc_id>.ann (collections in sub-folders are merged)"


def from_brat(folder: str | Path, *, labels: str | Mapping = DEFAULT_LABELS, overrides: Mapping | None = None,
              texts: Mapping[str, str] | None = None, root: Any = None) -> Adapted:
    """Predictions from every ``<doc_id>.ann`` under ``folder``."""
    texts = corpus_texts(root) if texts is None else texts
    result = read_folder(folder, texts)
    builder = RecordBuilder(LabelMap(labels, overrides), texts, str(folder))
    for doc_id, ann in result.annotations.items():
        builder.document(doc_id)
        for layer in vocab.LAYER_NAMES:
            for span in ann.layer(layer):
                if layer == "entities":
                    builder.add(doc_id, span.start, span.end, span.label, span.score, record=doc_id,
                                extra={"entity_id": span.entity_id} if span.entity_id else None)
                else:
                    builder.keep(doc_id, layer, span)
    return builder.build(declare=result.layers)


read = from_brat
