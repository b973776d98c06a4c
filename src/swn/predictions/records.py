"""GLiNER-style span records to predictions: ``{doc_id: [{"start", "end", "label", "text"?, "score"?}, ...]}``.

This is what GLiNER's ``predict_entities(text, labels)`` returns per text, and what most span
extractors can be made to print. ``text``, when given, must equal the document's
``text[start:end]`` before trimming (a record whose text differs is rejected: its offsets are not
the corpus's). Other keys are ignored. Default label map ``generic`` (natural-language names
such as ``person``, ``organization``, ``date`` and the OntoNotes/CoNLL-2003 tags,
case-insensitive); only layers with at least one span are given.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..errors import SWNError
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap

NAME = "records"
DEFAULT_LABELS = "generic"
INPUT = 'a JSON object {doc_id: [{"start", "end", "label", "text"?, "score"?}, ...]}'


def from_records(records: Mapping[str, Sequence[Mapping]], *, labels: str | Mapping = DEFAULT_LABELS,
                 overrides: Mapping | None = None, texts: Mapping[str, str] | None = None, root: Any = None,
                 source: str = "<records>") -> Adapted:
    """Predictions from span records by document."""
    texts = corpus_texts(root) if texts is None else texts
    builder = RecordBuilder(LabelMap(labels, overrides), texts, source)
    for doc_id, items in records.items():
        builder.document(doc_id)
        text = texts[doc_id]
        if not isinstance(items, Sequence) or isinstance(items, (str, bytes)):
            raise SWNError("must be a list of span records", file=source, record=doc_id, field="-", check="schema")
        for i, r in enumerate(items):
            where = f"{doc_id}[{i}]"
            if not isinstance(r, Mapping):
                raise SWNError(f"a span record must be an object, got {type(r).__name__}", file=source, record=where,
                               field="-", check="schema")
            for key in ("start", "end", "label"):
                if key not in r:
                    raise SWNError("is missing", file=source, record=where, field=key, check="schema")
            if "text" in r and isinstance(r["start"], int) and isinstance(r["end"], int) \
                    and r["text"] != text[r["start"]:r["end"]]:
                raise SWNError(f"{r['text']!r} but the text has {text[r['start']:r['end']]!r} there", file=source,
                               record=where, field="text", check="span-text-mismatch")
            builder.add(doc_id, r["start"], r["end"], str(r["label"]), r.get("score"), record=where)
    return builder.build()


def read(path: str, **options) -> Adapted:
    """``swn predict --from records FILE.json``."""
    from .files import read_json_object
    return from_records(read_json_object(path), source=str(path), **options)
