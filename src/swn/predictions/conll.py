"""CoNLL files to predictions: SWN's ``swn.conll`` (``swn export --format conll``) or another
tagger's ``TOKEN … TAG`` lines, documents introduced by ``-DOCSTART- <doc_id>``.

Reading is :func:`swn.formats.conll.read_chunks` (the one CoNLL reader of SWN), which gives each
chunk's tag type as written; entity types go through the label map (``hf`` by default: SWN's
OntoNotes labels and CoNLL-2003's PER/ORG/LOC/MISC, so score a CoNLL-2003 tagger with
``--coarse conll2003``); TIMEX and QUANTITY columns keep their layer. ``path`` is one file or a
folder of ``*.conll`` files. The layers the file carries are declared (a tagger's two-column
file carries entities only), so a document where the tagger found nothing scores as such.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .. import vocab
from ..errors import SWNError
from ..formats.conll import read_chunks
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap, parse_target

NAME = "conll"
DEFAULT_LABELS = "hf"
INPUT = "a CoNLL file or a folder of *.conll files ('-DOCSTART- <doc_id>' before each document)"


def from_conll(path: str | Path, *, labels: str | Mapping = DEFAULT_LABELS, overrides: Mapping | None = None,
               texts: Mapping[str, str] | None = None, root: Any = None) -> Adapted:
    """Predictions from a CoNLL file, or every ``*.conll`` of a folder."""
    path = Path(path)
    if not path.exists():
        raise SWNError("does not exist", file=str(path), record="-", field="-", check="file-missing")
    files = sorted(path.glob("*.conll")) if path.is_dir() else [path]
    texts = corpus_texts(root) if texts is None else texts
    builder = RecordBuilder(LabelMap(labels, overrides), texts, str(path))
    carried: set[str] = set()
    for f in files:
        found, layers = read_chunks(f.read_text(encoding="utf-8"), texts, str(f))
        carried.update(layers)
        for doc_id, by_layer in found.items():
            builder.document(doc_id)
            for layer, chunks in by_layer.items():
                for start, end, kind, entity_id, line in chunks:
                    where = f"{f.name}:{line}"
                    if layer == "entities":
                        builder.add(doc_id, start, end, kind, record=where,
                                    extra={"entity_id": entity_id} if entity_id else None)
                    else:  # TIMEX and QUANTITY columns name their layer: no label map
                        spec = f"{layer}:{kind}" if vocab.LAYERS[layer].label_field else layer
                        try:
                            target = parse_target(spec)
                        except SWNError as e:
                            raise SWNError(e.message, file=str(f), record=f"line {line}", field=layer,
                                           check=e.check) from None
                        builder.place(doc_id, start, end, target, record=where)
    return builder.build(declare=carried)


read = from_conll
