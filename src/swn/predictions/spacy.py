"""spaCy ``Doc``s (or a ``DocBin``) to predictions: ``doc.ents`` and every span group in ``doc.spans``.

Which document a ``Doc`` is: the key when ``docs`` is a mapping ``{doc_id: Doc}``, else
``doc.user_data["doc_id"]`` when set, else the corpus document whose text equals ``doc.text``
(so ``nlp.pipe(corpus_texts().values())`` needs no ids). Labels go through the ``ontonotes``
map by default (:mod:`swn.predictions.labels`), which also routes DATE/TIME to ``temporal`` and
CARDINAL/QUANTITY/MONEY/PERCENT to ``quantities``; the layers of the map's targets are declared,
since an OntoNotes model predicts them all (a document where it found none scores as such).
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..errors import SWNError
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap

NAME = "spacy"
DEFAULT_LABELS = "ontonotes"
INPUT = "a spaCy DocBin file (.spacy); documents found by doc_id in user_data, else by their text"


def _docs(docs: Any) -> Iterable[tuple[str | None, Any]]:
    if hasattr(docs, "get_docs"):  # a DocBin: its documents need a vocabulary to be rebuilt
        import spacy
        docs = docs.get_docs(spacy.blank("en").vocab)
    if isinstance(docs, Mapping):
        return list(docs.items())
    return [(None, d) for d in docs]


def _spans(doc: Any, groups: Iterable[str] | None) -> Iterable[tuple[int, int, str, Any]]:
    for e in doc.ents:
        yield e.start_char, e.end_char, e.label_, None
    for key, group in doc.spans.items():
        if groups is not None and key not in groups:
            continue
        scores = group.attrs.get("scores") if hasattr(group, "attrs") else None
        for i, s in enumerate(group):
            yield s.start_char, s.end_char, s.label_, (scores[i] if scores is not None and i < len(scores) else None)


def from_spacy(docs: Any, *, labels: str | Mapping = DEFAULT_LABELS, overrides: Mapping | None = None,
               span_groups: Iterable[str] | None = None, texts: Mapping[str, str] | None = None,
               root: Any = None, source: str = "<spacy>") -> Adapted:
    """Predictions from spaCy ``docs`` (an iterable of ``Doc``, a ``{doc_id: Doc}`` mapping, or a
    ``DocBin``); ``span_groups`` limits the span groups read (default: all)."""
    texts = corpus_texts(root) if texts is None else texts
    label_map = LabelMap(labels, overrides)
    builder = RecordBuilder(label_map, texts, source)
    by_text: dict[str, list[str]] = {}
    for d, t in texts.items():
        by_text.setdefault(t, []).append(d)
    for n, (doc_id, doc) in enumerate(_docs(docs)):
        found = by_text.get(doc.text, [])
        if doc_id is None and doc.user_data.get("doc_id") is None and len(found) > 1:
            raise SWNError(f"the text is the text of several documents ({', '.join(found)}): set "
                           "doc.user_data['doc_id'] or pass {doc_id: Doc}", file=source, record=f"doc {n}",
                           field="doc_id", check="ambiguous-document")
        doc_id = doc_id or doc.user_data.get("doc_id") or (found[0] if found else None)
        if doc_id is None:
            raise SWNError(f"no doc_id in user_data and the text ({doc.text[:40]!r}…) is no corpus document's",
                           file=source, record=f"doc {n}", field="doc_id", check="unknown-document")
        if texts.get(doc_id) != doc.text:
            raise SWNError(f"the Doc's text is not the text of {doc_id!r} (offsets would not fit)", file=source,
                           record=f"doc {n}", field="text", check="span-text-mismatch")
        builder.document(doc_id)
        for start, end, label, score in _spans(doc, span_groups):
            builder.add(doc_id, start, end, label, score, record=f"doc {n}")
    return builder.build(declare={target[0] for target in label_map.exact.values() if target})


def read(path: str, **options) -> Adapted:
    """``swn predict --from spacy FILE.spacy``."""
    from spacy.tokens import DocBin
    try:
        docbin = DocBin().from_disk(path)
    except (OSError, ValueError) as e:
        raise SWNError(f"not a spaCy DocBin ({e})", file=str(path), record="-", field="-", check="bad-input") from None
    return from_spacy(docbin, source=str(path), **options)
