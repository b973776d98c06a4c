"""The single source of truth of the annotation scheme, read from ``data/vocab.json``.

Everything else (JSON Schemas, Hub features, Label Studio XML, Croissant, docs tables,
validator, scorer) is generated from or checked against these values.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # enum | entity_id | timex_value | number | string | boolean | subspan | holder
    required: bool
    nullable: bool
    description: str
    vocab: str | None = None

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of an enum field, in vocabulary order."""
        return tuple(VOCABULARIES[self.vocab]) if self.vocab else ()


@dataclass(frozen=True)
class Layer:
    name: str
    description: str
    id_prefix: str
    flat: bool
    label_field: str | None
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def labels(self) -> tuple[str, ...]:
        """The values of the label field (empty when the layer has no label field)."""
        return self.field(self.label_field).values if self.label_field else ()


def _load(name: str = "vocab.json") -> dict:
    return json.loads(resources.files("swn").joinpath(f"data/{name}").read_text(encoding="utf-8"))


_RAW = _load()

SCHEMA_VERSION: str = _RAW["schema_version"]
VOCABULARIES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {k: MappingProxyType(dict(v)) for k, v in _RAW["vocabularies"].items()})
LAYERS: Mapping[str, Layer] = MappingProxyType({
    name: Layer(
        name=name,
        description=spec["description"],
        id_prefix=spec["id_prefix"],
        flat=spec["flat"],
        label_field=spec["label_field"],
        fields=tuple(Field(name=fname, kind=f["kind"], required=f["required"],
                           nullable=f.get("nullable", False), description=f["description"],
                           vocab=f.get("vocab"))
                     for fname, f in spec["fields"].items()),
    )
    for name, spec in _RAW["layers"].items()
})
LAYER_NAMES: tuple[str, ...] = tuple(LAYERS)

ENTITY_LABELS = tuple(VOCABULARIES["entity_labels"])
TIMEX3_TYPES = tuple(VOCABULARIES["timex3_types"])
TIMEX3_MODS = tuple(VOCABULARIES["timex3_mods"])
QUANTITY_MODIFIERS = tuple(VOCABULARIES["quantity_modifiers"])
STANCE_TARGETS = tuple(VOCABULARIES["stance_targets"])
STANCE_POLARITIES = tuple(VOCABULARIES["stance_polarities"])
DOC_STANCE_VALUES = tuple(VOCABULARIES["doc_stance_values"])
ZONES = tuple(VOCABULARIES["zones"])
HOLDER_SPECIALS = tuple(VOCABULARIES["holder_specials"])
EVENTS = VOCABULARIES["events"]
# (registry type, mention label) pairs accepted besides label == type (data/entity_types.json).
ENTITY_METONYMIES: frozenset[tuple[str, str]] = frozenset(
    (m["type"], m["label"]) for m in _load("entity_types.json")["allowed"])


def entity_label_fits(label: str, registry_type: str) -> bool:
    """Whether a mention labelled ``label`` may link an entity of ``registry_type``."""
    return label == registry_type or (registry_type, label) in ENTITY_METONYMIES

# Whitespace that a span may not start or end on: what str.isspace() says, which covers
# ASCII whitespace and U+00A0 (both occur in the corpus).
DOC_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"
ENTITY_ID_PATTERN = r"^[a-z0-9][a-z0-9_]{0,79}$"
SPAN_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}#[etqsz][1-9][0-9]{0,6}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
