"""Croissant 1.1 metadata (``croissant.json``) generated from the Hub features and :mod:`swn.vocab`.

* ``distribution``: one FileObject per config data file and per raw text, each with its sha256.
* ``recordSet``: one per config (the ``documents`` record set holds the document-level columns;
  its span lists are the per-layer record sets, joined on ``doc_id``), plus one enumeration
  record set per label vocabulary (inline ``data``), referenced by the label fields.
"""
from __future__ import annotations

import hashlib
from typing import Any, Mapping

from .. import vocab
from .card import PRETTY_NAME, data_path
from .features import CONFIGS, column_descriptions, features

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "arrayShape": "cr:arrayShape",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

DESCRIPTION = (
    "Five English news reports (2016, 2017) on Russia's announced withdrawals of forces from Syria, "
    "annotated in five span layers (named entities with corpus-wide entity ids, TIMEX3 time expressions, "
    "quantities, stance evidence, document zones) plus document-level stance on five targets. "
    "Offsets are half-open, in Unicode code points of the raw text. A single test split. "
    "The news texts are copyrighted by their publishers and redistributed for research; the annotations "
    "are CC BY 4.0."
)

LICENSES = ["https://creativecommons.org/licenses/by/4.0/", "https://opensource.org/license/mit"]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _data_type(feature) -> str:
    import datasets

    if isinstance(feature, datasets.ClassLabel):
        return "sc:Text"
    if isinstance(feature, datasets.Value):
        return {"string": "sc:Text", "int32": "sc:Integer", "int64": "sc:Integer", "float64": "sc:Float",
                "bool": "sc:Boolean", "date32": "sc:Date"}[feature.dtype]
    raise ValueError(f"no Croissant type for {feature!r}")


def _enum_record_set(name: str) -> dict[str, Any]:
    rid = f"vocab_{name}"
    return {
        "@type": "cr:RecordSet", "@id": rid, "name": rid,
        "description": f"The values of the {name} vocabulary, with their definitions.",
        "dataType": "sc:Enumeration",
        "key": {"@id": f"{rid}/name"},
        "field": [
            {"@type": "cr:Field", "@id": f"{rid}/name", "name": "name", "dataType": "sc:Text"},
            {"@type": "cr:Field", "@id": f"{rid}/definition", "name": "definition", "dataType": "sc:Text"},
        ],
        "data": [{f"{rid}/name": k, f"{rid}/definition": v} for k, v in vocab.VOCABULARIES[name].items()],
    }


def _label_vocab(config: str, column: str) -> str | None:
    """The vocabulary behind a ClassLabel column, or None."""
    if config in vocab.LAYERS:
        for f in vocab.LAYERS[config].fields:
            if f.name == column and f.kind == "enum":
                return f.vocab
    if config == "doc_stance":
        return {"target": "stance_targets", "stance": "doc_stance_values"}.get(column)
    if config == "tokens":
        return {"zone": "zones"}.get(column)
    if config == "documents":
        return {"outlet_provenance": "outlet_provenance", "dct_provenance": "dct_provenance",
                "event": "events"}.get(column)
    return None


def _record_set(config: str) -> dict[str, Any]:
    import datasets

    feats = features(config)
    desc = column_descriptions(config)
    file_id = f"data_{config}"
    fields = []
    for column, feature in feats.items():
        fid = f"{config}/{column}"
        source = {"fileObject": {"@id": file_id}, "extract": {"column": column}}
        if isinstance(feature, datasets.List):
            if isinstance(feature.feature, (datasets.Value, datasets.ClassLabel)):  # a list of scalars (tokens)
                fields.append({"@type": "cr:Field", "@id": fid, "name": column, "description": desc.get(column, ""),
                               "dataType": _data_type(feature.feature), "isArray": True, "arrayShape": "-1",
                               "source": source})
            continue  # span lists: see the per-layer record sets
        if isinstance(feature, dict):  # a struct: one sub-field per member, read by JSON path
            fields.append({
                "@type": "cr:Field", "@id": fid, "name": column, "description": desc.get(column, ""),
                "subField": [{"@type": "cr:Field", "@id": f"{fid}/{member}", "name": member,
                              "dataType": _data_type(sub),
                              "source": {"fileObject": {"@id": file_id}, "extract": {"column": column},
                                         "transform": {"jsonPath": member}}}
                             for member, sub in feature.items()],
            })
            continue
        entry: dict[str, Any] = {"@type": "cr:Field", "@id": fid, "name": column,
                                 "description": desc.get(column, ""), "dataType": _data_type(feature),
                                 "source": source}
        vocab_name = _label_vocab(config, column)
        if vocab_name:
            entry["references"] = {"field": {"@id": f"vocab_{vocab_name}/name"}}
        fields.append(entry)
    what = ("one record per document (text and metadata; the span layers are the per-layer record sets)"
            if config == "documents" else
            "one record per document and stance target" if config == "doc_stance" else
            "one record per sentence (tokens and IOB2 tags)" if config == "tokens" else
            f"one record per span of the {config} layer")
    return {"@type": "cr:RecordSet", "@id": config, "name": config, "description": f"Config {config}: {what}.",
            "field": fields}


def croissant(version: str, data_files: Mapping[str, bytes], raw_files: Mapping[str, bytes],
              date_published: str | None, cite_as: str) -> dict[str, Any]:
    """The Croissant document. ``data_files``/``raw_files``: ``{path: bytes}`` of the released files."""
    distribution = []
    for config in CONFIGS:
        path = data_path(config)
        distribution.append({"@type": "cr:FileObject", "@id": f"data_{config}", "name": f"data_{config}",
                             "description": f"The {config} config (JSON Lines, one record per line).",
                             "contentUrl": path, "encodingFormat": "application/jsonlines",
                             "sha256": _sha256(data_files[path])})
    for path in sorted(raw_files):
        stem = path.rsplit("/", 1)[-1].removesuffix(".txt")
        distribution.append({"@type": "cr:FileObject", "@id": f"raw_{stem}", "name": f"raw_{stem}",
                             "description": "A raw text, byte-exact (UTF-8; offsets are code points of it).",
                             "contentUrl": path, "encodingFormat": "text/plain",
                             "sha256": _sha256(raw_files[path])})
    used_vocabs = sorted({v for c in CONFIGS for col in features(c) if (v := _label_vocab(c, col))})
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "swn",
        "alternateName": PRETTY_NAME,
        "description": DESCRIPTION,
        "conformsTo": CONFORMS_TO,
        "citeAs": cite_as,
        "license": LICENSES,
        "version": version,
        "inLanguage": "en",
        "keywords": ["news", "named entities", "TIMEX3", "quantities", "stance", "Syria"],
        "distribution": distribution,
        "recordSet": [_enum_record_set(v) for v in used_vocabs] + [_record_set(c) for c in CONFIGS],
    }
    if date_published:
        out["datePublished"] = date_published
    return out
