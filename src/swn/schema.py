"""JSON Schemas (Draft 2020-12) of every file SWN stores or reads, generated from :mod:`swn.vocab`.

``schemas()`` returns ``{file name: schema}``; ``swn schema`` writes them to ``schema/`` and
``swn schema --check`` fails when the committed files differ from a fresh generation.

Identifiers: every schema's ``$id`` is a URN carrying the scheme version,
``urn:swn:schema:<SCHEMA_VERSION>:<name>`` (e.g. ``urn:swn:schema:1.0.0:annotation-file``).
A URN, not an ``https://`` address, because the schemas are not served anywhere: an
``$id`` that looks fetchable but is not would mislead tools that try. Each schema is
self-contained (its sub-schemas live in its own ``$defs``), so no ``$ref`` ever leaves a file.

Two deliberate points where SWN is stricter than a generic JSON Schema validator, applied by
:func:`validator_for` (and by the validator's compiled fast path):

* ``integer`` means a JSON integer (``3``), not a float with an integral value (``3.0``);
* a ``pattern`` ending in ``$`` does not match before a trailing newline (ECMA-262 semantics;
  Python's ``re`` ``$`` would accept ``"doc-id\\n"``).

Rules that JSON Schema cannot express (``end > start``, offsets inside the text, TIMEX3
grammar per type, ``value_high`` only for ranges, ids, registry use, zone tiling, checksums)
belong to ``swn validate`` levels 2 and 3.
"""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any

from . import vocab

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_id(name: str) -> str:
    """The versioned ``$id`` of schema ``name`` (e.g. ``annotation-file``)."""
    return f"urn:swn:schema:{vocab.SCHEMA_VERSION}:{name}"


def _enum(vocab_name: str, description: str, nullable: bool = False) -> dict:
    values = list(vocab.VOCABULARIES[vocab_name])
    out: dict[str, Any] = {"description": description, "enum": values + ([None] if nullable else [])}
    # Definitions travel with the values, so a schema reader sees what each label means.
    out["x-definitions"] = dict(vocab.VOCABULARIES[vocab_name])
    return out


def _nullable_type(t: str, nullable: bool) -> Any:
    return [t, "null"] if nullable else t


def _field_schema(f: vocab.Field) -> dict:
    d = f.description
    if f.kind == "enum":
        return _enum(f.vocab, d, f.nullable)
    if f.kind in ("entity_id", "holder"):
        out = {"description": d, "type": _nullable_type("string", f.nullable), "pattern": vocab.ENTITY_ID_PATTERN}
        if f.kind == "holder":
            out["x-definitions"] = dict(vocab.VOCABULARIES["holder_specials"])
        return out
    if f.kind == "timex_value":
        return {"description": d, "type": _nullable_type("string", f.nullable), "minLength": 1}
    if f.kind == "number":
        return {"description": d, "type": _nullable_type("number", f.nullable)}
    if f.kind == "string":
        return {"description": d, "type": _nullable_type("string", f.nullable), "minLength": 1}
    if f.kind == "boolean":
        return {"description": d, "type": _nullable_type("boolean", f.nullable)}
    if f.kind == "subspan":
        ref = {"$ref": "#/$defs/subspan"}
        return {"description": d, "anyOf": [ref, {"type": "null"}]} if f.nullable else {"description": d, **ref}
    raise ValueError(f"no JSON Schema for field kind {f.kind!r}")


def _offsets() -> dict:
    return {
        "start": {"description": "Start offset in code points (inclusive).", "type": "integer", "minimum": 0},
        # end > start and a non-empty text are level-2 rules (check span-empty), not schema rules.
        "end": {"description": "End offset in code points (exclusive); greater than start.", "type": "integer",
                "minimum": 0},
        "text": {"description": "The covered text, equal to text[start:end] of the raw document.",
                 "type": "string"},
    }


def _subspan() -> dict:
    return {"description": "A span without attributes: offsets and text.", "type": "object",
            "properties": _offsets(), "required": ["start", "end", "text"], "additionalProperties": False}


def span_def(layer_name: str) -> dict:
    """The schema of one stored (gold or pass) span of ``layer_name``, without ``$id``."""
    layer = vocab.LAYERS[layer_name]
    props: dict[str, Any] = {"id": {"description": f"Span id <doc_id>#{layer.id_prefix}<n>, unique in the corpus.",
                                    "type": "string", "pattern": vocab.SPAN_ID_PATTERN}}
    props.update(_offsets())
    props.update({f.name: _field_schema(f) for f in layer.fields})
    required = ["id", "start", "end", "text"] + [f.name for f in layer.fields if f.required]
    return {"description": layer.description, "type": "object", "properties": props, "required": required,
            "additionalProperties": False}


def prediction_span_def(layer_name: str) -> dict:
    """A submitted span: offsets, text and the label field required; other attributes optional."""
    layer = vocab.LAYERS[layer_name]
    props: dict[str, Any] = {"id": {"description": "Optional id chosen by the submitter.", "type": "string"}}
    props.update(_offsets())
    props.update({f.name: _field_schema(f) for f in layer.fields})
    props["score"] = {"description": "Optional confidence of the prediction.", "type": "number"}
    required = ["start", "end", "text"] + ([layer.label_field] if layer.label_field else [])
    return {"description": f"A predicted span of layer {layer_name}.", "type": "object", "properties": props,
            "required": required, "additionalProperties": False}


def doc_stance_def() -> dict:
    return {
        "description": "Stance of the document as a whole towards every target (SemEval-2016 Task 6 style).",
        "type": "object",
        "properties": {t: {"description": definition, "enum": list(vocab.DOC_STANCE_VALUES)}
                       for t, definition in vocab.VOCABULARIES["stance_targets"].items()},
        "additionalProperties": False,
        "x-definitions": dict(vocab.VOCABULARIES["doc_stance_values"]),
    }


def _root(name: str, title: str, body: dict) -> dict:
    return {"$schema": DIALECT, "$id": schema_id(name), "title": title, **body}


def _layer_defs(span: Any) -> dict:
    defs = {f"span-{n}": span(n) for n in vocab.LAYER_NAMES}
    defs["subspan"] = _subspan()
    return defs


def annotation_file_schema() -> dict:
    props: dict[str, Any] = {"doc_id": {"description": "The document id; equals the file name without .json.",
                                        "type": "string", "pattern": vocab.DOC_ID_PATTERN}}
    for n in vocab.LAYER_NAMES:
        props[n] = {"description": vocab.LAYERS[n].description, "type": "array",
                    "items": {"$ref": f"#/$defs/span-{n}"}}
    props["doc_stance"] = {"$ref": "#/$defs/doc-stance"}
    defs = _layer_defs(span_def)
    defs["doc-stance"] = doc_stance_def()
    return _root("annotation-file", "SWN annotation file (annotations/gold/<doc_id>.json and passes)", {
        "type": "object", "properties": props, "required": ["doc_id", *vocab.LAYER_NAMES, "doc_stance"],
        "additionalProperties": False, "$defs": defs})


def span_schema(layer_name: str) -> dict:
    body = span_def(layer_name)
    if layer_name == "quantities":
        body["$defs"] = {"subspan": _subspan()}
    return _root(f"span-{layer_name}", f"SWN span of layer {layer_name}", body)


def doc_stance_schema() -> dict:
    return _root("doc-stance", "SWN document-level stance", doc_stance_def())


def predictions_record_schema() -> dict:
    props: dict[str, Any] = {"doc_id": {"description": "The document the predictions are for.", "type": "string",
                                        "pattern": vocab.DOC_ID_PATTERN}}
    for n in vocab.LAYER_NAMES:
        props[n] = {"description": f"Predicted spans of layer {n} (omit a layer not predicted).", "type": "array",
                    "items": {"$ref": f"#/$defs/span-{n}"}}
    props["doc_stance"] = {"$ref": "#/$defs/doc-stance"}
    props["layers"] = {"description": "Optional: the layers this record predicts, so that an empty list means "
                                      "'found none' (a layer given only as empty lists and not declared is not "
                                      "scored unless asked for).",
                       "type": "array", "items": {"enum": [*vocab.LAYER_NAMES, "doc_stance"]}, "uniqueItems": True}
    defs = _layer_defs(prediction_span_def)
    defs["doc-stance"] = doc_stance_def()
    return _root("predictions-record", "SWN predictions: one JSONL line per document", {
        "type": "object", "properties": props, "required": ["doc_id"], "additionalProperties": False,
        "$defs": defs})


def _provenanced(value_schema: dict, provenance_vocab: str, value_name: str) -> dict:
    return {"type": "object",
            "properties": {value_name: value_schema,
                           "provenance": _enum(provenance_vocab, "Where the value comes from."),
                           "evidence": {"description": "The evidence in the text, written down.", "type": "string",
                                        "minLength": 1}},
            "required": [value_name, "provenance", "evidence"], "additionalProperties": False}


def document_metadata_schema() -> dict:
    props = {
        "id": {"description": "Document id, safe as a file name.", "type": "string",
               "pattern": vocab.DOC_ID_PATTERN},
        "source_file": {"description": "The original file name (provenance).", "type": "string", "minLength": 1},
        "title": {"description": "The headline with its offsets in the text, or null if there is none.",
                  "anyOf": [{"type": "null"}, {"type": "object", "properties": {
                      "text": {"type": "string", "minLength": 1},
                      "start": {"type": "integer", "minimum": 0},
                      "end": {"type": "integer", "minimum": 1}},
                      "required": ["text", "start", "end"], "additionalProperties": False}]},
        "outlet": _provenanced({"description": "Outlet name, null when unknown.", "type": ["string", "null"],
                                "minLength": 1}, "outlet_provenance", "name"),
        "author": {"description": "Author when stated in the text, else null.", "type": ["string", "null"],
                   "minLength": 1},
        "dct": _provenanced({"description": "Document creation time, an ISO date.", "type": "string",
                             "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"},
                            "dct_provenance", "value"),
        "event": {"type": "object", "properties": {
            "id": _enum("events", "The real-world event the report covers."),
            "description": {"type": "string", "minLength": 1}},
            "required": ["id", "description"], "additionalProperties": False},
        "language": {"description": "ISO 639 language code.", "type": "string", "pattern": "^[a-z]{2,3}$"},
        "n_chars": {"description": "Length of the raw text in Unicode code points.", "type": "integer",
                    "minimum": 0},
        "sha256": {"description": "sha256 of the raw bytes.", "type": "string", "pattern": vocab.SHA256_PATTERN},
        "rights": {"description": "Rights note.", "type": "string", "minLength": 1},
    }
    return _root("document-metadata", "SWN document metadata (one line of corpus/metadata.jsonl)", {
        "type": "object", "properties": props, "required": list(props), "additionalProperties": False})


def entity_registry_schema() -> dict:
    entry = {
        "type": "object",
        "properties": {
            "id": {"description": "Corpus-wide entity id (the entity_id of its mentions).", "type": "string",
                   "pattern": vocab.ENTITY_ID_PATTERN},
            "name": {"description": "Canonical name.", "type": "string", "minLength": 1},
            "type": _enum("entity_labels", "Entity type (an entity label)."),
            "aliases": {"description": "Spellings seen in the corpus.", "type": "array",
                        "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
            "wikidata": {"description": "Wikidata QID, only where certain; else null.", "type": ["string", "null"],
                         "pattern": "^Q[1-9][0-9]*$"},
            "note": {"description": "Optional note (e.g. why a type was chosen).", "type": "string",
                     "minLength": 1},
        },
        "required": ["id", "name", "type", "aliases", "wikidata"],
        "additionalProperties": False,
    }
    return _root("entity-registry", "SWN entity registry (annotations/entities.json)", {
        "type": "object", "properties": {"entities": {"type": "array", "items": {"$ref": "#/$defs/entry"}}},
        "required": ["entities"], "additionalProperties": False, "$defs": {"entry": entry}})


def manifest_schema() -> dict:
    entry = {
        "type": "object",
        "properties": {
            "path": {"description": "Path relative to the repository root, '/'-separated, no '..'.",
                     "type": "string", "pattern": r"^(?!/)(?!.*(^|/)\.\.?(/|$))[^\\\x00]+$"},
            "sha256": {"type": "string", "pattern": vocab.SHA256_PATTERN},
            "size": {"description": "Size in bytes.", "type": "integer", "minimum": 0},
        },
        "required": ["path", "sha256", "size"], "additionalProperties": False,
    }
    return _root("manifest", "SWN release manifest (corpus/MANIFEST.json)", {
        "description": "Every released file with its sha256 and size. Other top-level keys are left to the "
                       "release tooling.",
        "type": "object",
        "properties": {"version": {"description": "Release version (semantic versioning).", "type": "string",
                                   "pattern": r"^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$"},
                       "files": {"type": "array", "items": {"$ref": "#/$defs/file"}}},
        "required": ["version", "files"], "$defs": {"file": entry}})


def release_index_schema() -> dict:
    entry = {
        "type": "object",
        "properties": {
            "version": {"description": "Release version MAJOR.MINOR.PATCH (its tag, when there is one, is "
                                       "'v' + version).", "type": "string",
                        "pattern": r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"},
            "date": {"description": "Release date (that of its CHANGELOG.md section).", "type": "string",
                     "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "commit": {"description": "The git commit holding the release's built files (its tag points here).",
                       "type": "string", "pattern": r"^[0-9a-f]{40}$"},
            "manifest_sha256": {"description": "sha256 of that commit's corpus/MANIFEST.json; a release found "
                                               "by any route is checked against it.",
                                "type": "string", "pattern": vocab.SHA256_PATTERN},
        },
        "required": ["version", "date", "commit", "manifest_sha256"], "additionalProperties": False,
    }
    return _root("release-index", "SWN release index (corpus/releases.json)", {
        "description": "One entry per release, oldest first, so that a version resolves without git tags.",
        "type": "object",
        "properties": {"releases": {"type": "array", "items": {"$ref": "#/$defs/release"}}},
        "required": ["releases"], "additionalProperties": False, "$defs": {"release": entry}})


@lru_cache(maxsize=1)
def _schemas() -> dict[str, dict]:
    out = {
        "document-metadata": document_metadata_schema(),
        "annotation-file": annotation_file_schema(),
        **{f"span-{n}": span_schema(n) for n in vocab.LAYER_NAMES},
        "doc-stance": doc_stance_schema(),
        "entity-registry": entity_registry_schema(),
        "predictions-record": predictions_record_schema(),
        "manifest": manifest_schema(),
        "release-index": release_index_schema(),
    }
    return out


def schemas() -> dict[str, dict]:
    """``{name: schema}`` for every stored or read file format (fresh copies, safe to mutate)."""
    return copy.deepcopy(_schemas())


def schema(name: str) -> dict:
    """One schema by name (``annotation-file``, ``document-metadata``, ``span-entities``, ...)."""
    return copy.deepcopy(_schemas()[name])


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def dumps(s: dict) -> str:
    """Deterministic text of a schema file (sorted keys would scramble the readable order,
    so key order is the generation order, which is itself deterministic)."""
    return json.dumps(s, ensure_ascii=False, indent=2) + "\n"


def rendered() -> dict[str, str]:
    """``{file name: file text}`` of the ``schema/`` folder, README included."""
    files = {file_name(n): dumps(s) for n, s in _schemas().items()}
    files["README.md"] = _readme()
    return files


def _readme() -> str:
    rows = "\n".join(f"| `{file_name(n)}` | {s['title']} | `{s['$id']}` |" for n, s in _schemas().items())
    return f"""# JSON Schemas of SWN (generated — do not edit)

Generated from `src/swn/data/vocab.json` by `swn schema`; `swn schema --check` (run by the tests)
fails when these files are out of date. JSON Schema Draft 2020-12, scheme version {vocab.SCHEMA_VERSION}.

| File | Describes | `$id` |
|---|---|---|
{rows}

`$id`s are URNs (`urn:swn:schema:<version>:<name>`): the schemas are not served from any address,
and each is self-contained (no `$ref` leaves its file). Label sets carry their definitions in
`x-definitions`.

SWN reads two keywords more strictly than a generic validator: `integer` is a JSON integer (`3`,
not `3.0`), and a `pattern` ending in `$` does not match before a trailing newline. Rules a schema
cannot express (offsets inside the text, `end > start`, TIMEX3 values per type, quantity ranges,
ids, registry use, zone tiling, checksums) are levels 2 and 3 of `swn validate`.
"""


# ---------------------------------------------------------------- validating with jsonschema

def ecma_pattern(pattern: str) -> "re.Pattern[str]":
    """Compile a schema pattern with ECMA-262 ``$`` (end of string only)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


@lru_cache(maxsize=None)
def _pattern(pattern: str) -> "re.Pattern[str]":
    return ecma_pattern(pattern)


@lru_cache(maxsize=1)
def _validator_class():
    import jsonschema
    from jsonschema import Draft202012Validator

    def is_integer(checker, instance) -> bool:
        return isinstance(instance, int) and not isinstance(instance, bool)

    def pattern(validator, patrn, instance, schema):
        if validator.is_type(instance, "string") and not _pattern(patrn).search(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")

    type_checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer)
    return jsonschema.validators.extend(Draft202012Validator, validators={"pattern": pattern},
                                        type_checker=type_checker)


@lru_cache(maxsize=None)
def validator_for(name: str):
    """A ``jsonschema`` validator of schema ``name`` with SWN's strict integer and pattern."""
    cls = _validator_class()
    s = _schemas()[name]
    cls.check_schema(s)
    return cls(s)
