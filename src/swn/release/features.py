"""The Hugging Face ``datasets`` features of every SWN config, generated from :mod:`swn.vocab`.

One place decides the types: labels are ``ClassLabel`` (names in vocabulary order), offsets
``int32``, the document creation time ``date32``, numbers ``float64``. Every config is
declared here; the card's ``dataset_info`` and the Croissant record sets are written from it.

Configs
-------
``documents`` (default)  one row per document: text, metadata, every layer as a list of structs,
                          document-level stance as a struct with one field per stance target.
``entities`` … ``structure``  one row per span of that layer (``doc_id`` first).
``doc_stance``           one row per document and stance target.
``tokens``               one row per sentence: tokens with code-point offsets, IOB2 tags of the
                          flat layers (``ner_tags`` …) and the sentence's zone (see :mod:`swn.tokens`).
"""
from __future__ import annotations

from typing import Any

from .. import vocab
from ..tokens import TAG_COLUMNS, TOKENIZER, token_features

DEFAULT_CONFIG = "documents"
TOKENS_CONFIG = "tokens"
# The configs that hold the gold exactly (each alone, or the flat ones together, converts back to it).
GOLD_CONFIGS: tuple[str, ...] = ("documents", *vocab.LAYER_NAMES, "doc_stance")
# Views derived from the gold for other tooling (token classification); they do not convert back.
DERIVED_CONFIGS: tuple[str, ...] = (TOKENS_CONFIG,)
CONFIGS: tuple[str, ...] = GOLD_CONFIGS + DERIVED_CONFIGS
SPLIT = "test"

# Metadata columns of the ``documents`` config, in order. (name, kind, description); kind is
# "string", "int32", "date32" or "enum:<vocabulary>".
METADATA_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("title", "string", "The headline as written, null when the text has none."),
    ("outlet", "string", "The publishing outlet, null when unknown."),
    ("outlet_provenance", "enum:outlet_provenance", "Whether the outlet is stated in the text, inferred, or unknown."),
    ("outlet_evidence", "string", "The evidence for the outlet, in words."),
    ("author", "string", "The author as named in the byline, else null."),
    ("dct", "date32", "Document creation time (the date relative expressions are resolved against)."),
    ("dct_provenance", "enum:dct_provenance", "Whether the DCT is stated (a dateline) or inferred."),
    ("dct_evidence", "string", "The evidence for the DCT, in words."),
    ("event", "enum:events", "Which of the two news events the report is about."),
    ("source_file", "string", "The file name the text was received under."),
    ("language", "string", "ISO 639-1 language code."),
    ("n_chars", "int32", "Length of the text in Unicode code points."),
    ("sha256", "string", "SHA-256 of the raw text's UTF-8 bytes."),
    ("rights", "string", "Rights statement for the text."),
)

SPAN_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "string", "Stable span id, <doc_id>#<layer prefix><n>."),
    ("start", "int32", "Start offset (code points, inclusive)."),
    ("end", "int32", "End offset (code points, exclusive)."),
    ("text", "string", "text[start:end] of the document."),
)


def _datasets():
    import datasets  # the hub extra; imported late so that ``swn`` works without it

    return datasets


def _value(kind: str):
    ds = _datasets()
    if kind.startswith("enum:"):
        return ds.ClassLabel(names=list(vocab.VOCABULARIES[kind[5:]]))
    return ds.Value(kind)


def field_feature(field: vocab.Field):
    """The feature of one attribute field of a layer, by its vocab kind."""
    ds = _datasets()
    if field.kind == "enum":
        return ds.ClassLabel(names=list(field.values))
    if field.kind in ("entity_id", "timex_value", "string", "holder"):
        return ds.Value("string")
    if field.kind == "number":
        return ds.Value("float64")
    if field.kind == "boolean":
        return ds.Value("bool")
    if field.kind == "subspan":
        return {"start": ds.Value("int32"), "end": ds.Value("int32"), "text": ds.Value("string")}
    raise ValueError(f"no Hub feature for field kind {field.kind!r} (field {field.name})")


def span_struct(layer: str) -> dict[str, Any]:
    """The struct of one span of ``layer``: id, offsets, text, then the layer's fields."""
    out = {name: _value(kind) for name, kind, _ in SPAN_COLUMNS}
    for f in vocab.LAYERS[layer].fields:
        out[f.name] = field_feature(f)
    return out


def doc_stance_struct() -> dict[str, Any]:
    return {t: _value("enum:doc_stance_values") for t in vocab.STANCE_TARGETS}


def features(config: str):
    """The ``datasets.Features`` of ``config``."""
    ds = _datasets()
    if config == "documents":
        cols: dict[str, Any] = {"id": ds.Value("string"), "text": ds.Value("string")}
        cols.update({name: _value(kind) for name, kind, _ in METADATA_COLUMNS})
        for layer in vocab.LAYER_NAMES:
            cols[layer] = ds.List(span_struct(layer))
        cols["doc_stance"] = doc_stance_struct()
        return ds.Features(cols)
    if config in vocab.LAYERS:
        cols = {"doc_id": ds.Value("string")}
        if config == "temporal":  # values are resolved against the DCT; keep it next to them
            cols["dct"] = ds.Value("date32")
        cols.update(span_struct(config))
        return ds.Features(cols)
    if config == "doc_stance":
        return ds.Features({"doc_id": ds.Value("string"), "target": _value("enum:stance_targets"),
                            "stance": _value("enum:doc_stance_values")})
    if config == TOKENS_CONFIG:
        cols = {"doc_id": ds.Value("string"), "sentence_id": ds.Value("int32"), "start": ds.Value("int32"),
                "end": ds.Value("int32"), "zone": _value("enum:zones"), **token_features()}
        return ds.Features(cols)
    raise KeyError(f"unknown config {config!r}; configs are {', '.join(CONFIGS)}")


def column_descriptions(config: str) -> dict[str, str]:
    """A one-line description of every top-level column of ``config`` (for the card and Croissant)."""
    if config == "documents":
        out = {"id": "Document id (stable, file-name safe).", "text": "The raw text, byte-exact (UTF-8)."}
        out.update({n: d for n, _, d in METADATA_COLUMNS})
        for layer in vocab.LAYER_NAMES:
            out[layer] = f"List of {layer} spans: {vocab.LAYERS[layer].description}"
        out["doc_stance"] = "Document-level stance: one field per stance target (FAVOR, AGAINST or NONE)."
        return out
    if config in vocab.LAYERS:
        out = {"doc_id": "Id of the document the span is in."}
        if config == "temporal":
            out["dct"] = "The document creation time the value is resolved against."
        out.update({n: d for n, _, d in SPAN_COLUMNS})
        out.update({f.name: f.description for f in vocab.LAYERS[config].fields})
        return out
    if config == "doc_stance":
        return {"doc_id": "Document id.", "target": "Stance target.",
                "stance": "The document's stance on the target as a whole."}
    if config == TOKENS_CONFIG:
        out = {"doc_id": "Document id.", "sentence_id": "Position of the sentence in its document (0-based).",
               "start": "Start offset of the sentence (its first token; code points).",
               "end": "End offset of the sentence (its last token; code points, exclusive).",
               "zone": "The zone (structure layer) the sentence starts in.",
               "tokens": f"The tokens: {TOKENIZER}.",
               "token_start": "Start offset of each token (code points).",
               "token_end": "End offset of each token (code points, exclusive)."}
        for layer, column in TAG_COLUMNS.items():
            out[column] = f"IOB2 tags of the {layer} layer, one per token (decode to exactly its spans)."
        out["entity_ids"] = "The entity_id of the entity each token is in, empty outside entities."
        return out
    raise KeyError(config)
