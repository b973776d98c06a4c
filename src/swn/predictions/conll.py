"""CoNLL files (``TOKEN START END TAG ENTITY_ID``, as ``swn export`` writes them) to predictions.

Reading is :func:`swn.formats.conll.from_conll` (one CoNLL parser in SWN); each file names its
document in its ``# doc_id =`` line. ``path`` is one file or a folder of ``*.conll`` files. The
format carries the entities layer only, which is declared: a document without entities scores
as finding none.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ..errors import SWNError
from ..formats.conll import from_conll as read_conll
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap

NAME = "conll"
DEFAULT_LABELS = "swn"
INPUT = "a CoNLL file or a folder of *.conll files (one document each, '# doc_id = ' line)"


def _doc_id(conll: str, path: Path) -> str:
    for line in conll.split("\n"):
        if line.startswith("# doc_id = "):
            return line[len("# doc_id = "):]
    raise SWNError("no '# doc_id = ' line", file=str(path), record="-", field="-", check="conll-syntax")


def from_conll(path: str | Path, *, labels: str | Mapping = DEFAULT_LABELS, overrides: Mapping | None = None,
               texts: Mapping[str, str] | None = None, root: Any = None) -> Adapted:
    """Predictions from a CoNLL file, or every ``*.conll`` of a folder."""
    path = Path(path)
    files = sorted(path.glob("*.conll")) if path.is_dir() else [path]
    if not path.exists():
        raise SWNError("does not exist", file=str(path), record="-", field="-", check="file-missing")
    texts = corpus_texts(root) if texts is None else texts
    builder = RecordBuilder(LabelMap(labels, overrides), texts, str(path))
    for f in files:
        conll = f.read_text(encoding="utf-8")
        doc_id = _doc_id(conll, f)
        builder.document(doc_id)
        try:
            _, entities = read_conll(conll, texts[doc_id])
        except SWNError as e:
            raise SWNError(e.message, file=str(f), record=e.record, field=e.field, check=e.check) from None
        for e in entities:
            builder.add(doc_id, e.start, e.end, e.label, record=str(f))
    return builder.build(declare=("entities",))


read = from_conll
