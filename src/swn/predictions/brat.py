"""A folder of brat standoff files (``<doc_id>.ann``, as ``swn export`` writes them) to predictions.

Reading is :func:`swn.formats.brat.from_brat` (one parser for brat in SWN); the ``.txt`` beside
an ``.ann`` is not needed, the corpus text is used (the reader checks every span's text against
it). Entity types go through the ``swn`` label map; the other layers keep their SWN fields.
brat carries every layer, but a folder made by another tool often annotates only some, so only
layers with at least one span in the folder are given (an empty-list layer is not scored as all
missed).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .. import vocab
from ..errors import SWNError
from ..formats.brat import from_brat as read_brat
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap

NAME = "brat"
DEFAULT_LABELS = "swn"
INPUT = "a folder of brat .ann files named <doc_id>.ann"


def from_brat(folder: str | Path, *, labels: str | Mapping = DEFAULT_LABELS, overrides: Mapping | None = None,
              texts: Mapping[str, str] | None = None, root: Any = None) -> Adapted:
    """Predictions from every ``<doc_id>.ann`` in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SWNError("is not a folder", file=str(folder), record="-", field="-", check="file-missing")
    texts = corpus_texts(root) if texts is None else texts
    label_map = LabelMap(labels, overrides)
    builder = RecordBuilder(label_map, texts, str(folder))
    for path in sorted(folder.glob("*.ann")):
        doc_id = path.stem
        builder.document(doc_id)
        try:
            ann = read_brat(doc_id, texts[doc_id], path.read_text(encoding="utf-8"))
        except SWNError as e:
            raise SWNError(e.message, file=str(path), record=e.record, field=e.field, check=e.check) from None
        for layer in vocab.LAYER_NAMES:
            for span in ann.layer(layer):
                if layer == "entities":
                    builder.add(doc_id, span.start, span.end, span.label, span.score, record=str(path),
                                extra={"entity_id": span.entity_id} if span.entity_id else None)
                else:
                    builder.keep(doc_id, layer, span)
    return builder.build()


read = from_brat
