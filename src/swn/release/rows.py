"""Documents and annotation sets to Hub rows and back (pure functions).

Rows are JSON-ready: labels are written as their names (``"PERSON"``), the DCT as
``"YYYY-MM-DD"``. ``datasets`` turns the names into ``ClassLabel`` integers and the date into
``datetime.date`` on load; :func:`decode` turns a loaded row back into names and strings, so
``annotation_sets_from_documents(load_dataset(..., "documents"))`` is exactly the gold.

Numbers: quantity values are ``float64`` on the Hub; a value that is a whole number comes back
as an ``int`` (the gold writes whole numbers as integers), others as ``float``.
"""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from typing import Any, Iterable, Mapping, Sequence

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Document, Span, span_from_dict
from .features import METADATA_COLUMNS, TOKENS_CONFIG


# ---------------------------------------------------------------- to rows

def _span_row(span: Span) -> dict[str, Any]:
    row: dict[str, Any] = {"id": span.id, "start": span.start, "end": span.end, "text": span.text}
    for name, value in span.attributes().items():
        row[name] = value.to_dict() if hasattr(value, "to_dict") else value
    return row


def _metadata_row(doc: Document) -> dict[str, Any]:
    m = doc.metadata
    values = {
        "title": m.title.text if m.title else None,
        "outlet": m.outlet.value, "outlet_provenance": m.outlet.provenance, "outlet_evidence": m.outlet.evidence,
        "author": m.author,
        "dct": m.dct.value, "dct_provenance": m.dct.provenance, "dct_evidence": m.dct.evidence,
        "event": m.event_id, "source_file": m.source_file, "language": m.language, "n_chars": m.n_chars,
        "sha256": m.sha256, "rights": m.rights,
    }
    return {name: values[name] for name, _, _ in METADATA_COLUMNS}


def _annotations(doc: Document) -> AnnotationSet:
    if doc.annotations is None:
        raise SWNError("has no gold annotations; a release needs gold for every document",
                       file=f"annotations/gold/{doc.id}.json", record="-", field="-", check="gold-missing")
    return doc.annotations


def document_row(doc: Document) -> dict[str, Any]:
    """The ``documents`` row of one document (text, metadata, every layer, doc_stance)."""
    ann = _annotations(doc)
    row: dict[str, Any] = {"id": doc.id, "text": doc.text}
    row.update(_metadata_row(doc))
    for layer in vocab.LAYER_NAMES:
        row[layer] = [_span_row(s) for s in ann.layer(layer)]
    row["doc_stance"] = {t: ann.doc_stance.get(t) for t in vocab.STANCE_TARGETS}
    return row


def layer_rows(doc: Document, layer: str) -> list[dict[str, Any]]:
    """The rows of the flat config ``layer`` for one document, in gold order."""
    ann = _annotations(doc)
    prefix: dict[str, Any] = {"doc_id": doc.id}
    if layer == "temporal":
        prefix["dct"] = doc.metadata.dct.value
    return [{**prefix, **_span_row(s)} for s in ann.layer(layer)]


def doc_stance_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per stance target that has a document-level value, in vocabulary order."""
    ann = _annotations(doc)
    return [{"doc_id": doc.id, "target": t, "stance": ann.doc_stance[t]}
            for t in vocab.STANCE_TARGETS if t in ann.doc_stance]


def config_rows(docs: Sequence[Document], config: str) -> list[dict[str, Any]]:
    """All rows of ``config`` for ``docs`` (documents in the given order)."""
    if config == "documents":
        return [document_row(d) for d in docs]
    if config == "doc_stance":
        return [r for d in docs for r in doc_stance_rows(d)]
    if config in vocab.LAYERS:
        return [r for d in docs for r in layer_rows(d, config)]
    if config == TOKENS_CONFIG:
        from ..tokens import sentence_rows

        return [r for d in docs for r in sentence_rows(d, _annotations(d))]
    raise KeyError(config)


# ---------------------------------------------------------------- from rows

def decode(value: Any, feature: Any) -> Any:
    """Undo what ``datasets`` did on load: ClassLabel integers to names, dates to ISO strings."""
    import datasets

    if value is None:
        return None
    if isinstance(feature, datasets.ClassLabel):
        return feature.int2str(value) if isinstance(value, int) else value
    if isinstance(feature, (datasets.List, datasets.Sequence)) or isinstance(feature, list):
        inner = feature[0] if isinstance(feature, list) else feature.feature
        return [decode(v, inner) for v in value]
    if isinstance(feature, dict):
        return {k: decode(value[k], f) for k, f in feature.items() if k in value}
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def decode_row(row: Mapping[str, Any], features: Any | None) -> dict[str, Any]:
    if features is None:
        return dict(row)
    return {k: decode(v, features[k]) if k in features else v for k, v in row.items()}


def _number(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    return v


def _span_from_row(layer: str, row: Mapping[str, Any]) -> Span:
    data = {k: row[k] for k in ("id", "start", "end", "text")}
    for f in vocab.LAYERS[layer].fields:
        v = row.get(f.name)
        data[f.name] = _number(v) if f.kind == "number" else v
    if data.get("id") is None:
        del data["id"]
    return span_from_dict(layer, data)


def annotation_set_from_document_row(row: Mapping[str, Any], features: Any | None = None) -> AnnotationSet:
    """The AnnotationSet of a ``documents`` row (raw JSON row, or loaded with its ``features``)."""
    row = decode_row(row, features)
    kwargs: dict[str, Any] = {"doc_id": row["id"]}
    for layer in vocab.LAYER_NAMES:
        kwargs[layer] = tuple(_span_from_row(layer, s) for s in row[layer])
    kwargs["doc_stance"] = {t: v for t, v in (row.get("doc_stance") or {}).items() if v is not None}
    return AnnotationSet(**kwargs)


def annotation_sets_from_documents(rows: Iterable[Mapping[str, Any]], features: Any | None = None
                                   ) -> dict[str, AnnotationSet]:
    """``{doc_id: AnnotationSet}`` from the rows of the ``documents`` config."""
    out = {}
    for r in rows:
        a = annotation_set_from_document_row(r, features)
        out[a.doc_id] = a
    return out


def annotation_sets_from_flat(doc_ids: Sequence[str], rows_by_config: Mapping[str, Iterable[Mapping[str, Any]]],
                              features_by_config: Mapping[str, Any] | None = None) -> dict[str, AnnotationSet]:
    """``{doc_id: AnnotationSet}`` from the flat configs (every layer config and ``doc_stance``).

    ``doc_ids`` lists every document, so a document without spans still gets its (empty) set.
    """
    features_by_config = features_by_config or {}
    spans: dict[str, dict[str, list[Span]]] = {d: defaultdict(list) for d in doc_ids}
    stance: dict[str, dict[str, str]] = {d: {} for d in doc_ids}
    for config, rows in rows_by_config.items():
        feats = features_by_config.get(config)
        for raw in rows:
            r = decode_row(raw, feats)
            if r["doc_id"] not in spans:
                raise SWNError(f"row for unknown document {r['doc_id']!r}", record=config, field="doc_id",
                               check="unknown-document")
            if config == "doc_stance":
                stance[r["doc_id"]][r["target"]] = r["stance"]
            else:
                spans[r["doc_id"]][config].append(_span_from_row(config, r))
    return {d: AnnotationSet(doc_id=d, doc_stance={t: stance[d][t] for t in vocab.STANCE_TARGETS if t in stance[d]},
                             **{layer: tuple(spans[d][layer]) for layer in vocab.LAYER_NAMES})
            for d in doc_ids}
