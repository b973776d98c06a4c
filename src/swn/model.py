"""Frozen, typed records of the corpus: documents, spans of every layer, annotation sets.

Offsets are half-open ``[start, end)`` in Unicode code points. Every span checks its own
offsets and attribute values on construction; a :class:`Document` also checks that each
span's ``text`` is ``text[start:end]`` of its raw text. Failures raise :class:`SWNError`
with the offending field, so readers can add the file and record.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Iterator, Mapping

from . import vocab
from .errors import SWNError

_DOC_ID = re.compile(vocab.DOC_ID_PATTERN)  # used with fullmatch: "$" alone would accept a trailing newline
_ENTITY_ID = re.compile(vocab.ENTITY_ID_PATTERN)


def _fail(field_name: str, message: str, check: str) -> SWNError:
    return SWNError(message, field=field_name, check=check)


def _check_int(name: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(name, f"must be an integer, got {type(value).__name__}", "schema")


def _check_offsets(start: Any, end: Any, text: Any) -> None:
    _check_int("start", start)
    _check_int("end", end)
    if not isinstance(text, str):
        raise _fail("text", f"must be a string, got {type(text).__name__}", "schema")
    if start < 0:
        raise _fail("start", f"negative offset {start}", "span-out-of-bounds")
    if end <= start:
        raise _fail("end", f"end {end} is not after start {start}", "span-empty")
    if len(text) != end - start:
        raise _fail("text", f"has {len(text)} code points but the span [{start}, {end}) has {end - start}",
                    "span-text-mismatch")
    if text[0].isspace() or text[-1].isspace():
        raise _fail("text", f"span {text!r} starts or ends on whitespace", "span-whitespace-edge")


def trim_offsets(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` of ``text`` without leading and trailing whitespace (U+00A0 included: the
    rule of :func:`_check_offsets`); None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


@functools.cache
def _enum_values(layer: str, name: str) -> tuple[str, ...]:
    """The allowed values of an enum field (looked up once: this runs for every span read)."""
    return vocab.LAYERS[layer].field(name).values


def _check_enum(layer: str, name: str, value: Any, nullable: bool = False) -> None:
    if value is None and nullable:
        return
    allowed = _enum_values(layer, name)
    if value not in allowed:
        raise _fail(name, f"{value!r} is not one of {', '.join(allowed)}", "unknown-label")


@dataclass(frozen=True, kw_only=True)
class SubSpan:
    """A span without attributes (the ``measured_entity`` of a quantity)."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        _check_offsets(self.start, self.end, self.text)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, kw_only=True)
class Span:
    """Base of every layer's span. ``id`` is ``None`` only for submitted predictions.

    ``score`` (a prediction's confidence) never takes part in equality.
    """

    layer: ClassVar[str] = ""
    id: str | None = None
    start: int
    end: int
    text: str
    score: float | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _check_offsets(self.start, self.end, self.text)
        if self.id is not None and not isinstance(self.id, str):
            raise _fail("id", "must be a string", "schema")

    # ``label`` (the value of the layer's label field, "QUANTITY" for quantities) is defined by
    # each subclass: a property here would shadow Entity's ``label`` field and make
    # ``Entity(label=...)`` fail on the frozen-dataclass setter.

    def attributes(self) -> dict[str, Any]:
        """The layer's attribute fields (not id, offsets, text or score)."""
        return {n: getattr(self, n) for n in vocab.LAYERS[self.layer].field_names}

    def to_dict(self) -> dict:
        out: dict[str, Any] = {} if self.id is None else {"id": self.id}
        out.update(start=self.start, end=self.end, text=self.text)
        for name, value in self.attributes().items():
            out[name] = value.to_dict() if isinstance(value, SubSpan) else value
        if self.score is not None:
            out["score"] = self.score
        return out


@dataclass(frozen=True, kw_only=True)
class Entity(Span):
    layer: ClassVar[str] = "entities"
    label: str
    entity_id: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_enum(self.layer, "label", self.label)
        if self.entity_id is not None and not (isinstance(self.entity_id, str) and _ENTITY_ID.fullmatch(self.entity_id)):
            raise _fail("entity_id", f"{self.entity_id!r} is not a valid entity id", "schema")


@dataclass(frozen=True, kw_only=True)
class Timex(Span):
    layer: ClassVar[str] = "temporal"
    type: str
    value: str | None = None
    mod: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_enum(self.layer, "type", self.type)
        _check_enum(self.layer, "mod", self.mod, nullable=True)
        if self.value is not None and not isinstance(self.value, str):
            raise _fail("value", "must be a string", "schema")

    @property
    def label(self) -> str:
        """The value of the layer's label field."""
        return getattr(self, vocab.LAYERS[self.layer].label_field)


@dataclass(frozen=True, kw_only=True)
class Quantity(Span):
    layer: ClassVar[str] = "quantities"
    value: int | float | None = None
    value_high: int | float | None = None
    unit: str | None = None
    is_count: bool | None = None
    modifier: str | None = None
    measured_entity: SubSpan | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("value", "value_high"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v != v):
                raise _fail(name, f"must be a number, got {v!r}", "schema")
        if self.unit is not None and not isinstance(self.unit, str):
            raise _fail("unit", "must be a string or null", "schema")
        if self.is_count is not None and not isinstance(self.is_count, bool):
            raise _fail("is_count", "must be true or false", "schema")
        _check_enum(self.layer, "modifier", self.modifier, nullable=True)
        if self.measured_entity is not None and not isinstance(self.measured_entity, SubSpan):
            raise _fail("measured_entity", "must be a span", "schema")

    @property
    def label(self) -> str:
        return "QUANTITY"


@dataclass(frozen=True, kw_only=True)
class StanceEvidence(Span):
    layer: ClassVar[str] = "stance"
    target: str
    polarity: str | None = None
    holder: str | None = None
    holder_text: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_enum(self.layer, "target", self.target)
        _check_enum(self.layer, "polarity", self.polarity, nullable=True)
        if self.holder is not None and not (isinstance(self.holder, str) and _ENTITY_ID.fullmatch(self.holder)):
            raise _fail("holder", f"{self.holder!r} is neither author, unnamed nor an entity id", "schema")
        if self.holder_text is not None and not isinstance(self.holder_text, str):
            raise _fail("holder_text", "must be a string or null", "schema")

    @property
    def label(self) -> str:
        """The value of the layer's label field."""
        return getattr(self, vocab.LAYERS[self.layer].label_field)


@dataclass(frozen=True, kw_only=True)
class Zone(Span):
    layer: ClassVar[str] = "structure"
    zone: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_enum(self.layer, "zone", self.zone)

    @property
    def label(self) -> str:
        """The value of the layer's label field."""
        return getattr(self, vocab.LAYERS[self.layer].label_field)


SPAN_TYPES: Mapping[str, type[Span]] = {cls.layer: cls for cls in (Entity, Timex, Quantity, StanceEvidence, Zone)}
assert tuple(SPAN_TYPES) == vocab.LAYER_NAMES, "every layer of vocab.json needs a span type"
# The keys a stored span of each layer may have (computed once: ``fields()`` per span read was a hot spot).
_SPAN_FIELDS: Mapping[str, frozenset[str]] = {layer: frozenset(f.name for f in fields(cls))
                                              for layer, cls in SPAN_TYPES.items()}


def span_from_dict(layer: str, data: Any) -> Span:
    """Build a span of ``layer`` from its stored dict; unknown keys are rejected."""
    if not isinstance(data, dict):
        raise _fail("-", f"a span must be an object, got {type(data).__name__}", "schema")
    cls = SPAN_TYPES[layer]
    allowed = _SPAN_FIELDS[layer]
    for key in data:
        if key not in allowed:
            raise _fail(str(key), f"unknown field for layer {layer}", "schema")
    for key in ("start", "end", "text"):
        if key not in data:
            raise _fail(key, "is missing", "schema")
    label_field = vocab.LAYERS[layer].label_field
    if label_field and label_field not in data:
        raise _fail(label_field, "is missing", "schema")
    kwargs = dict(data)
    me = kwargs.get("measured_entity")
    if me is not None:
        if not isinstance(me, dict) or set(me) != {"start", "end", "text"}:
            raise _fail("measured_entity", "must be an object with start, end and text", "schema")
        try:
            kwargs["measured_entity"] = SubSpan(**me)
        except SWNError as e:
            raise _fail(f"measured_entity.{e.field}", e.message, e.check or "schema") from None
    return cls(**kwargs)


def _check_doc_stance(doc_stance: Any) -> None:
    if not isinstance(doc_stance, Mapping):
        raise _fail("doc_stance", "must be an object", "schema")
    for target, value in doc_stance.items():
        if target not in vocab.STANCE_TARGETS:
            raise _fail(f"doc_stance.{target}", "unknown stance target", "unknown-label")
        if value not in vocab.DOC_STANCE_VALUES:
            raise _fail(f"doc_stance.{target}", f"{value!r} is not one of {', '.join(vocab.DOC_STANCE_VALUES)}",
                        "unknown-label")


@dataclass(frozen=True, kw_only=True)
class AnnotationSet:
    """All layers of one document, as annotated by one source (gold, a pass, predictions)."""

    doc_id: str
    entities: tuple[Entity, ...] = ()
    temporal: tuple[Timex, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    stance: tuple[StanceEvidence, ...] = ()
    structure: tuple[Zone, ...] = ()
    doc_stance: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.doc_id, str) or not _DOC_ID.fullmatch(self.doc_id):
            raise _fail("doc_id", f"{self.doc_id!r} is not a valid document id", "bad-doc-id")
        for name, cls in SPAN_TYPES.items():
            spans = getattr(self, name)
            if not isinstance(spans, tuple):
                object.__setattr__(self, name, spans := tuple(spans))
            for i, s in enumerate(spans):
                if not isinstance(s, cls):
                    raise _fail(f"{name}[{i}]", f"is a {type(s).__name__}, expected {cls.__name__}", "schema")
        _check_doc_stance(self.doc_stance)
        object.__setattr__(self, "doc_stance", dict(self.doc_stance))

    def __hash__(self) -> int:
        return hash((self.doc_id, *(getattr(self, n) for n in SPAN_TYPES), tuple(sorted(self.doc_stance.items()))))

    def layer(self, name: str) -> tuple[Span, ...]:
        return getattr(self, name)

    def spans(self) -> Iterator[Span]:
        for name in SPAN_TYPES:
            yield from getattr(self, name)

    def with_layer(self, name: str, spans) -> "AnnotationSet":
        return replace(self, **{name: tuple(spans)})

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"doc_id": self.doc_id}
        for name in SPAN_TYPES:
            out[name] = [s.to_dict() for s in getattr(self, name)]
        out["doc_stance"] = {t: self.doc_stance[t] for t in vocab.STANCE_TARGETS if t in self.doc_stance}
        return out

    @classmethod
    def from_dict(cls, data: Any) -> "AnnotationSet":
        """Build from the stored dict. Errors carry ``record`` (e.g. ``entities[3]``) and ``field``."""
        if not isinstance(data, dict):
            raise SWNError(f"must be an object, got {type(data).__name__}", record="-", field="(top level)",
                           check="schema")
        allowed = {"doc_id", *SPAN_TYPES, "doc_stance"}
        for key in data:
            if key not in allowed:
                raise SWNError("unknown top-level field", record="-", field=str(key), check="schema")
        if "doc_id" not in data:
            raise SWNError("is missing", record="-", field="doc_id", check="schema")
        kwargs: dict[str, Any] = {"doc_id": data["doc_id"], "doc_stance": data.get("doc_stance", {})}
        for name in SPAN_TYPES:
            items = data.get(name, [])
            if not isinstance(items, list):
                raise SWNError("must be a list", record="-", field=name, check="schema")
            spans = []
            for i, item in enumerate(items):
                try:
                    spans.append(span_from_dict(name, item))
                except SWNError as e:
                    rid = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
                    raise SWNError(e.message, record=f"{name}[{i}]" + (f"({rid})" if rid else ""),
                                   field=e.field, check=e.check) from None
                except TypeError as e:
                    raise SWNError(str(e), record=f"{name}[{i}]", field="-", check="schema") from None
            kwargs[name] = tuple(spans)
        try:
            return cls(**kwargs)
        except SWNError as e:
            raise SWNError(e.message, record="-", field=e.field, check=e.check) from None


@dataclass(frozen=True, kw_only=True)
class Provenanced:
    """A value with where it comes from: ``stated`` in the text or ``inferred`` (with evidence)."""

    value: str | None
    provenance: str
    evidence: str


@dataclass(frozen=True, kw_only=True)
class TextRef:
    text: str
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class DocumentMetadata:
    id: str
    source_file: str
    title: TextRef | None
    outlet: Provenanced  # value = outlet name
    author: str | None
    dct: Provenanced  # value = ISO date
    event_id: str
    event_description: str
    language: str
    n_chars: int
    sha256: str
    rights: str

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "DocumentMetadata":
        title = d.get("title")
        return cls(
            id=d["id"], source_file=d["source_file"],
            title=TextRef(**title) if title else None,
            outlet=Provenanced(value=d["outlet"]["name"], provenance=d["outlet"]["provenance"],
                               evidence=d["outlet"]["evidence"]),
            author=d.get("author"),
            dct=Provenanced(value=d["dct"]["value"], provenance=d["dct"]["provenance"], evidence=d["dct"]["evidence"]),
            event_id=d["event"]["id"], event_description=d["event"]["description"],
            language=d["language"], n_chars=d["n_chars"], sha256=d["sha256"], rights=d["rights"],
        )

    def to_dict(self) -> dict:
        return {
            "id": self.id, "source_file": self.source_file,
            "title": None if self.title is None else {"text": self.title.text, "start": self.title.start,
                                                       "end": self.title.end},
            "outlet": {"name": self.outlet.value, "provenance": self.outlet.provenance,
                       "evidence": self.outlet.evidence},
            "author": self.author,
            "dct": {"value": self.dct.value, "provenance": self.dct.provenance, "evidence": self.dct.evidence},
            "event": {"id": self.event_id, "description": self.event_description},
            "language": self.language, "n_chars": self.n_chars, "sha256": self.sha256, "rights": self.rights,
        }


def check_spans_against_text(text: str, annotations: AnnotationSet) -> None:
    """Raise if a span lies outside ``text`` or its stored text differs from ``text[start:end]``."""
    for name in SPAN_TYPES:
        for i, s in enumerate(getattr(annotations, name)):
            parts = [("", s)] + ([("measured_entity.", s.measured_entity)]
                                 if isinstance(s, Quantity) and s.measured_entity else [])
            for prefix, sp in parts:
                record = f"{name}[{i}]" + (f"({s.id})" if s.id else "")
                if sp.end > len(text):
                    raise SWNError(f"end {sp.end} is beyond the text ({len(text)} code points)",
                                   record=record, field=prefix + "end", check="span-out-of-bounds")
                if text[sp.start:sp.end] != sp.text:
                    raise SWNError(f"stored {sp.text!r} but the text has {text[sp.start:sp.end]!r}",
                                   record=record, field=prefix + "text", check="span-text-mismatch")


@dataclass(frozen=True, kw_only=True)
class Document:
    """A raw text with its metadata and (optionally) its annotations, checked against each other."""

    id: str
    text: str
    metadata: DocumentMetadata
    annotations: AnnotationSet | None = None

    def __post_init__(self) -> None:
        if self.metadata.id != self.id:
            raise _fail("id", f"metadata is for {self.metadata.id!r}", "doc-id-mismatch")
        if self.annotations is not None:
            if self.annotations.doc_id != self.id:
                raise _fail("doc_id", f"annotations are for {self.annotations.doc_id!r}", "doc-id-mismatch")
            check_spans_against_text(self.text, self.annotations)


@dataclass(frozen=True, kw_only=True)
class RegistryEntry:
    """One real-world entity of the corpus: every mention's ``entity_id`` is a registry id."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        out = {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases),
               "wikidata": self.wikidata}
        if self.note:
            out["note"] = self.note
        return out
