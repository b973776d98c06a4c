"""Level 3 rules inside one annotation set: ids, overlaps, registry links, zones, TIMEX3 values,
quantities, stance holders, document stance, file name.

Each rule is a function ``(doc, ctx) -> list[Incident]`` registered with :func:`check`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from .. import vocab
from .checks import check
from .incidents import Incident
from .spans import AnnotationDoc
from .timex import timex_value_problem

_SPAN_NUMBER = re.compile(r"[1-9][0-9]{0,6}")


@dataclass
class DocContext:
    """What a document's rules need from outside the document."""

    # entity id -> registry type, of annotations/entities.json; None if unavailable
    registry: Mapping[str, str | None] | None
    used: set[str] = field(default_factory=set)  # entity ids referenced so far (filled by the rules)


Rule = Callable[[AnnotationDoc, DocContext], "list[Incident]"]
RULES: list[Rule] = []


def rule(check_id: str) -> Callable[[Rule], Rule]:
    def wrap(fn: Rule) -> Rule:
        check(check_id, 3)(fn)
        RULES.append(fn)
        return fn
    return wrap


@rule("bad-span-id")
def bad_span_id(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """A span id is ``<doc_id>#<prefix><n>``: the document's own id, the layer's prefix (e, t, q,
    s, z from vocab id_prefix) and a number from 1 without leading zeros. Together with
    duplicate-id and file-name-mismatch this makes span ids unique across the corpus."""
    if doc.kind == "predictions" or doc.doc_id is None:
        return []
    out = []
    for layer, items in doc.spans.items():
        head = f"{doc.doc_id}#{vocab.LAYERS[layer].id_prefix}"
        for i, s in items:
            sid = s["id"]
            if not (sid.startswith(head) and _SPAN_NUMBER.fullmatch(sid, len(head))):
                out.append(doc.incident(layer, i, s, "id", "bad-span-id",
                                        f"{sid!r} is not {head}<n> (document id, layer prefix, number)", 3))
    return out


@rule("duplicate-id")
def duplicate_id(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """Ids are unique: span ids within the corpus (checked per document: a well-formed span id
    carries its document id), entity ids within the registry, document ids within the metadata
    and within a predictions file."""
    if doc.kind == "predictions":
        return []
    seen: dict[str, str] = {}
    out = []
    for layer, items in doc.spans.items():
        for i, s in items:
            sid = s["id"]
            if sid in seen:
                out.append(doc.incident(layer, i, s, "id", "duplicate-id", f"{sid!r} is also used by {seen[sid]}", 3))
            else:
                seen[sid] = f"{layer}[{i}]"
    return out


@rule("flat-layer-overlap")
def flat_layer_overlap(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """In a flat layer (vocab flat: entities, temporal, quantities, structure) no two spans
    overlap or nest; only stance evidence may overlap."""
    if doc.kind == "predictions":
        return []
    out = []
    for layer, items in doc.spans.items():
        if not vocab.LAYERS[layer].flat or len(items) < 2:
            continue
        ordered = sorted((s["start"], s["end"], i, s) for i, s in items if (layer, i) not in doc.bad)
        reach_end, reach = -1, None
        for start, end, i, s in ordered:
            if start < reach_end:
                other = f"{layer}[{reach[0]}]" + (f" ({reach[1]['id']})" if "id" in reach[1] else "")
                out.append(doc.incident(layer, i, s, "start", "flat-layer-overlap",
                                        f"[{start}, {end}) overlaps {other} [{reach[1]['start']}, {reach_end})", 3))
            if end > reach_end:
                reach_end, reach = end, (i, s)
    return out


@rule("unknown-entity-id")
def unknown_entity_id(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """Every mention's entity_id, and every stance holder that is not author or unnamed, is an
    id of the entity registry annotations/entities.json."""
    if doc.kind == "predictions" or ctx.registry is None:
        return []
    out = []
    reg = ctx.registry
    for layer, fname in (("entities", "entity_id"), ("stance", "holder")):
        for i, s in doc.spans.get(layer, ()):
            eid = s.get(fname)
            if eid is None or (fname == "holder" and eid in vocab.HOLDER_SPECIALS):
                continue
            if eid in reg:
                ctx.used.add(eid)
            else:
                out.append(doc.incident(layer, i, s, fname, "unknown-entity-id",
                                        f"{eid!r} is not in the entity registry", 3))
    return out


@rule("entity-label-type")
def entity_label_type(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """An entity mention's label is the type its entity_id has in the registry, or a metonymy
    the guidelines accept (listed as data in src/swn/data/entity_types.json): a PERSON entity
    is not mentioned as NORP."""
    if doc.kind == "predictions" or ctx.registry is None:
        return []
    out = []
    for i, s in doc.spans.get("entities", ()):
        eid, label = s.get("entity_id"), s.get("label")
        rtype = ctx.registry.get(eid) if isinstance(eid, str) else None
        if rtype is None or not isinstance(label, str) or vocab.entity_label_fits(label, rtype):
            continue
        out.append(doc.incident("entities", i, s, "label", "entity-label-type",
                                f"label {label} but the registry says {eid!r} is {rtype} (label the mention "
                                f"{rtype}, or link it to another entity)", 3))
    return out


@rule("zone-gap")
def zone_gap(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """Zones tile the document: every non-whitespace character lies in a zone (overlapping zones
    are reported by flat-layer-overlap). A pass or round that has no zones at all has not done
    the structure layer and is not checked; gold always is."""
    if doc.kind == "predictions" or doc.text is None:
        return []
    zones = [(s["start"], s["end"]) for i, s in doc.spans.get("structure", ()) if ("structure", i) not in doc.bad]
    if not zones and doc.kind != "gold":
        return []
    text, out, pos = doc.text, [], 0
    for start, end in sorted(zones) + [(len(text), len(text))]:
        if start > pos:
            gap = text[pos:start]
            if not gap.isspace():
                first = pos + next(k for k, c in enumerate(gap) if not c.isspace())
                out.append(Incident(doc.file, "-", "structure", "zone-gap",
                                    f"text[{first}:{start}] = {text[first:min(start, first + 30)]!r} is in no zone", 3))
        pos = max(pos, end)
    return out


@rule("timex-value")
def timex_value(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """A TIMEX3 value is well-formed for its type (see swn/validate/timex.py: dates with X
    placeholders, seasons, weeks, parts of day, durations, *_REF, ISO intervals a/b)."""
    out = []
    for i, s in doc.spans.get("temporal", ()):
        value = s.get("value")
        if value is None:
            continue
        problem = timex_value_problem(s["type"], value)
        if problem:
            out.append(doc.incident("temporal", i, s, "value", "timex-value", f"{value!r} {problem}", 3))
    return out


@rule("quantity-range")
def quantity_range(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """value_high is set exactly when modifier is range, and then it is greater than value."""
    out = []
    for i, s in doc.spans.get("quantities", ()):
        modifier, low, high = s.get("modifier"), s.get("value"), s.get("value_high")
        if modifier == "range":
            if high is None:
                msg = "modifier is range but value_high is null"
            elif low is not None and not high > low:
                msg = f"value_high {high} is not greater than value {low}"
            else:
                continue
        elif high is not None and modifier is not None:
            msg = f"value_high {high} is set but modifier is {modifier}, not range"
        else:
            continue
        out.append(doc.incident("quantities", i, s, "value_high", "quantity-range", msg, 3))
    return out


@rule("holder-text-missing")
def holder_text_missing(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """A stance span whose holder is unnamed keeps the holder's words in holder_text."""
    out = []
    for i, s in doc.spans.get("stance", ()):
        if s.get("holder") == "unnamed" and s.get("holder_text") is None:
            out.append(doc.incident("stance", i, s, "holder_text", "holder-text-missing",
                                    "holder is unnamed but holder_text is null", 3))
    return out


@rule("doc-stance-missing-target")
def doc_stance_missing_target(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """The document-level stance gives a value (FAVOR, AGAINST or NONE) for every stance target.
    Predictions and passes without any document stance are not checked."""
    ds = doc.data.get("doc_stance")
    if not isinstance(ds, dict) or (not ds and doc.kind != "gold"):
        return []
    missing = [t for t in vocab.STANCE_TARGETS if t not in ds]
    if not missing:
        return []
    return [Incident(doc.file, f"line {doc.line}" if doc.line else "-", "doc_stance", "doc-stance-missing-target",
                     f"no value for {', '.join(missing)}", 3)]


@rule("file-name-mismatch")
def file_name_mismatch(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    """An annotation file is named after the document it holds: <doc_id>.json."""
    stem = doc.stem
    if doc.kind == "predictions" or doc.doc_id is None or stem is None or stem == doc.doc_id:
        return []
    return [Incident(doc.file, "-", "doc_id", "file-name-mismatch",
                     f"file is named {stem!r} but holds document {doc.doc_id!r}", 3)]


def document_incidents(doc: AnnotationDoc, ctx: DocContext) -> list[Incident]:
    out: list[Incident] = []
    for fn in RULES:
        out.extend(fn(doc, ctx))
    return out
