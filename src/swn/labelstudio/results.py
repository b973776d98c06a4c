"""Label Studio result JSON ↔ SWN annotation sets, using the control layout of :mod:`.config`.

A Label Studio annotation (or prediction) is a flat list of result items. A text region is a
``labels`` item (``value`` with ``start``, ``end``, ``text`` and ``labels``); its per-region
attributes are further items with the *same ``id``* (a ``textarea`` item's ``value.text`` is a
list of strings, a ``choices`` item's ``value.choices`` a list of values). A relation item
(``type: relation``) links a quantity region to its measured-entity region. Document-level
stance items are ``choices`` without offsets.

:func:`to_results` writes every span and attribute of an annotation set; :func:`from_results`
reads them back strictly: an unknown control or label, a missing or duplicated region, an
attribute value that does not parse, or offsets that do not hold ``value.text`` (after the
repair rule of :mod:`.offsets`) raise :class:`SWNError`. Span ids of the result are
``<doc_id>#<prefix><n>`` in text order per layer.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from .. import vocab
from ..errors import SWNError, cut
from ..model import SPAN_TYPES, AnnotationSet, Span, SubSpan
from . import config
from .offsets import Repair, Utf16Index, resolve_region

_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


# ---------------------------------------------------------------- SWN → Label Studio

def _format_value(control: config.AttributeControl, value: Any) -> str:
    if control.field.kind == "boolean":
        return "true" if value else "false"
    if control.field.kind == "number":
        return json.dumps(value)  # repr of floats round-trips exactly
    return str(value)


def _region_value(start: int, end: int, **extra: Any) -> dict:
    return {"start": start, "end": end, **extra}


def to_results(annotations: AnnotationSet) -> list[dict]:
    """The result items of an annotation set (deterministic; region ids ``<prefix><n>`` per layer)."""
    out: list[dict] = []
    for layer, lc in config.LAYER_CONTROLS.items():
        prefix = vocab.LAYERS[layer].id_prefix
        for i, span in enumerate(annotations.layer(layer), start=1):
            rid = f"{prefix}{i}"
            item = {"id": rid, "from_name": lc.labels_name, "to_name": config.TEXT_NAME, "type": "labels",
                    "value": _region_value(span.start, span.end, text=span.text, labels=[span.label])}
            if span.score is not None:
                item["score"] = span.score
            out.append(item)
            for a in lc.attributes:
                v = getattr(span, a.field.name)
                if v is None:
                    continue
                if a.tag == "Choices":
                    value = _region_value(span.start, span.end, choices=[_format_value(a, v)])
                else:
                    value = _region_value(span.start, span.end, text=[_format_value(a, v)])
                out.append({"id": rid, "from_name": a.name, "to_name": config.TEXT_NAME, "type": a.result_type,
                            "value": value})
            for s in lc.subspans:
                sub = getattr(span, s.field)
                if sub is None:
                    continue
                sid = f"{rid}_{s.field}"
                out.append({"id": sid, "from_name": s.name, "to_name": config.TEXT_NAME, "type": "labels",
                            "value": _region_value(sub.start, sub.end, text=sub.text, labels=[s.label])})
                out.append({"type": "relation", "from_id": rid, "to_id": sid, "direction": "right",
                            "labels": [s.field]})
    for name, target in config.DOC_STANCE_CONTROLS.items():
        if target in annotations.doc_stance:
            out.append({"id": name, "from_name": name, "to_name": config.TEXT_NAME, "type": "choices",
                        "value": {"choices": [annotations.doc_stance[target]]}})
    return out


# ---------------------------------------------------------------- Label Studio → SWN

@dataclass
class Conversion:
    """The annotation set read from a result list, with the offset repairs made on the way."""

    annotations: AnnotationSet
    repairs: list[tuple[str, Repair]] = field(default_factory=list)  # (region id, repair)
    regions: dict[str, str] = field(default_factory=dict)  # span id -> the Label Studio region id it came from


@dataclass
class _Region:
    rid: str
    control: str  # labels control name
    label: str
    start: int
    end: int
    text: str
    attributes: dict[str, Any] = field(default_factory=dict)


def _parse_number(raw: str) -> int | float:
    if not _NUMBER.fullmatch(raw):
        raise ValueError(f"{raw!r} is not a number (digits, optional '.', no thousands separators)")
    v = json.loads(raw)
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"{raw!r} is not a finite number")
    return v


def _attribute_value(control: config.AttributeControl, value: Mapping, err) -> Any:
    if control.tag == "Choices":
        choices = value.get("choices")
        if not isinstance(choices, list) or len(choices) > 1:
            raise err(f"value.choices must be a list of at most one value, got {choices!r}", "value.choices")
        if not choices:
            return None
        (choice,) = choices
        if choice not in control.choices:
            raise err(f"{choice!r} is not one of {', '.join(control.choices)}", "value.choices", "unknown-label")
        return choice == "true" if control.field.kind == "boolean" else choice
    texts = value.get("text")
    if isinstance(texts, str):  # tolerated: a single string where Label Studio writes a list
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise err(f"value.text of a textarea must be a list of strings, got {texts!r}", "value.text")
    texts = [t.strip() for t in texts if t.strip()]
    if len(texts) > 1:
        raise err(f"one value expected, got {len(texts)}: {texts!r}", "value.text")
    if not texts:
        return None
    if control.field.kind == "number":
        try:
            return _parse_number(texts[0])
        except ValueError as e:
            raise err(str(e), "value.text") from None
    return texts[0]


def from_results(results: Any, text: str, doc_id: str, *, file: str | None = None,
                 where: str = "-", code_point_regions: frozenset = frozenset()) -> Conversion:
    """Read a Label Studio result list into an annotation set of document ``doc_id``.

    ``where`` names the annotation in errors (e.g. ``task 3 annotation 7``).
    ``code_point_regions`` holds ``(id, start, end, text)`` of regions known to be in code
    points (SWN's own pre-annotations, unchanged): they are never read as UTF-16.
    """
    def err(message: str, fld: str = "-", check: str = "ls-result", rid: str | None = None) -> SWNError:
        return SWNError(message, file=file, record=where + (f" region {rid}" if rid else ""), field=fld,
                        check=check)

    if not isinstance(results, list):
        raise err(f"result must be a list, got {type(results).__name__}", "result")
    index = Utf16Index(text)
    regions: dict[str, _Region] = {}
    attribute_items: list[tuple[str, config.AttributeControl, Mapping]] = []
    known_ids: list[tuple[str, str, Mapping]] = []  # (region id, control name, value) of registry drop-downs
    relations: list[Mapping] = []
    doc_stance: dict[str, str] = {}
    repairs: list[tuple[str, Repair]] = []

    for n, item in enumerate(results):
        if not isinstance(item, dict):
            raise err(f"result item {n} is not an object", "result")
        if item.get("type") == "relation":
            relations.append(item)
            continue
        name, rid, value = item.get("from_name"), item.get("id"), item.get("value")
        if not isinstance(name, str):
            raise err(f"from_name must be a control name, got {cut(name)}", "from_name",
                      rid=rid if isinstance(rid, str) else None)
        if item.get("to_name", config.TEXT_NAME) != config.TEXT_NAME:
            raise err(f"to_name {item.get('to_name')!r} is not {config.TEXT_NAME!r}", "to_name", rid=rid)
        if not isinstance(value, dict):
            raise err("value must be an object", "value", rid=rid)
        if name in config.DOC_STANCE_CONTROLS:
            target = config.DOC_STANCE_CONTROLS[name]
            choices = value.get("choices")
            if not isinstance(choices, list) or len(choices) != 1 or choices[0] not in vocab.DOC_STANCE_VALUES:
                raise err(f"document stance for {target} must be one of {', '.join(vocab.DOC_STANCE_VALUES)}, "
                          f"got {choices!r}", f"{name}.value.choices", "unknown-label")
            if target in doc_stance:
                raise err(f"document stance for {target} given twice", name)
            doc_stance[target] = choices[0]
            continue
        if not isinstance(rid, str) or not rid:
            raise err(f"a region item of {name!r} has no id", "id")
        if name == config.known_id_control():
            if item.get("type") != "choices":
                raise err(f"type {item.get('type')!r} where {name!r} gives 'choices'", "type", rid=rid)
            known_ids.append((rid, name, value))
            continue
        expected_type = None
        if name in config.LABELS_CONTROLS or name in config.SUBSPAN_CONTROLS:
            expected_type = "labels"
        elif name in config.ATTRIBUTE_CONTROLS:
            expected_type = config.ATTRIBUTE_CONTROLS[name].result_type
        else:
            raise err(f"control {name!r} is not part of the SWN labeling config", "from_name", "unknown-label", rid)
        if item.get("type") != expected_type:
            raise err(f"type {item.get('type')!r} where {name!r} gives {expected_type!r}", "type", rid=rid)
        if expected_type != "labels":
            attribute_items.append((rid, config.ATTRIBUTE_CONTROLS[name], value))
            continue
        labels = value.get("labels")
        allowed = (config.LABELS_CONTROLS[name].labels if name in config.LABELS_CONTROLS
                   else (config.SUBSPAN_CONTROLS[name].label,))
        if not isinstance(labels, list) or len(labels) != 1:
            raise err(f"a region needs exactly one label, got {labels!r}", "value.labels", rid=rid)
        if labels[0] not in allowed:
            raise err(f"label {labels[0]!r} is not in the schema for {name} ({', '.join(allowed)})",
                      "value.labels", "unknown-label", rid)
        if rid in regions:
            raise err(f"two regions share the id {rid!r}", "id", "duplicate-id", rid)
        key = (rid, value.get("start"), value.get("end"), value.get("text"))
        known = all(isinstance(k, (str, int)) for k in key) and key in code_point_regions
        start, end, repair = resolve_region(text, value.get("start"), value.get("end"), value.get("text"),
                                            index=index, file=file, record=f"{where} region {rid}",
                                            code_points=known)
        if repair:
            repairs.append((rid, repair))
        regions[rid] = _Region(rid=rid, control=name, label=labels[0], start=start, end=end, text=text[start:end])

    for rid, control, value in attribute_items:
        region = regions.get(rid)
        if region is None:
            raise err(f"{control.name} refers to region {rid!r}, which has no label", "id", rid=rid)
        if region.control != control.layer:
            raise err(f"{control.name} is an attribute of {control.layer}, not of {region.control}", "from_name",
                      rid=rid)
        if control.field.name in region.attributes:
            raise err(f"{control.name} given twice for one region", control.name, rid=rid)
        v = _attribute_value(control, value, lambda m, f="value", c="ls-result": err(m, f"{control.name}.{f}", c, rid))
        region.attributes[control.field.name] = v

    for rid, name, value in known_ids:  # an id chosen from the registry drop-down
        region = regions.get(rid)
        if region is None or region.control != "entities":
            raise err(f"{name} refers to region {rid!r}, which is not an entities region", "id", rid=rid)
        choices = value.get("choices")
        if not isinstance(choices, list) or len(choices) != 1 or not isinstance(choices[0], str):
            raise err(f"{name} must hold one entity id, got {choices!r}", f"{name}.value.choices", rid=rid)
        typed = region.attributes.get("entity_id")
        if typed is not None and typed != choices[0]:
            raise err(f"entity_id typed as {typed!r} but {choices[0]!r} chosen from the registry; keep one",
                      name, "ls-result", rid)
        region.attributes["entity_id"] = choices[0]

    for k, rel in enumerate(relations):
        a, b = regions.get(rel.get("from_id")), regions.get(rel.get("to_id"))
        if a is None or b is None:
            raise err(f"relation {k} links a region that does not exist ({rel.get('from_id')!r} → "
                      f"{rel.get('to_id')!r})", "relation")
        parent, child = (a, b) if b.control in config.SUBSPAN_CONTROLS else (b, a)
        sub = config.SUBSPAN_CONTROLS.get(child.control)
        if sub is None or parent.control != config.LAYER_CONTROLS[sub.layer].labels_name:
            raise err(f"relation {k} links {a.control} and {b.control}, which the schema does not relate",
                      "relation", rid=a.rid)
        labels = rel.get("labels") or []
        if any(lab != sub.field for lab in labels):
            raise err(f"relation {k} has labels {labels!r}, expected {sub.field!r}", "relation.labels",
                      "unknown-label", a.rid)
        if sub.field in parent.attributes:
            raise err(f"{sub.layer} region has two {sub.field} links", "relation", rid=parent.rid)
        parent.attributes[sub.field] = SubSpan(start=child.start, end=child.end, text=child.text)
        child.attributes["_linked"] = True
    for r in regions.values():
        if r.control in config.SUBSPAN_CONTROLS and not r.attributes.get("_linked"):
            sub = config.SUBSPAN_CONTROLS[r.control]
            raise err(f"{sub.label} region {r.text!r} is not linked from a {sub.layer} region by a relation",
                      "relation", rid=r.rid)

    spans: dict[str, list[tuple[Span, str]]] = {name: [] for name in SPAN_TYPES}
    for r in regions.values():
        if r.control not in config.LABELS_CONTROLS:
            continue
        lc = config.LABELS_CONTROLS[r.control]
        layer = vocab.LAYERS[lc.layer]
        kwargs: dict[str, Any] = dict(start=r.start, end=r.end, text=r.text)
        if layer.label_field:
            kwargs[layer.label_field] = r.label
        kwargs.update({k: v for k, v in r.attributes.items() if not k.startswith("_")})
        try:
            spans[lc.layer].append((SPAN_TYPES[lc.layer](**kwargs), r.rid))
        except SWNError as e:
            raise err(e.message, e.field or "-", e.check or "schema", r.rid) from None
    ordered, origins = {}, {}
    for name, items in spans.items():
        items.sort(key=lambda pair: _order_key(pair[0]))
        prefix = vocab.LAYERS[name].id_prefix
        ordered[name] = tuple(_with_id(s, f"{doc_id}#{prefix}{i}") for i, (s, _) in enumerate(items, start=1))
        origins.update({f"{doc_id}#{prefix}{i}": rid for i, (_, rid) in enumerate(items, start=1)})
    ann = AnnotationSet(doc_id=doc_id, doc_stance=doc_stance, **ordered)
    return Conversion(annotations=ann, repairs=repairs, regions=origins)


def _order_key(s: Span) -> tuple:
    """Text order, then a total order on the attributes (deterministic ids for co-extensive spans)."""
    return (s.start, s.end, json.dumps({k: (v.to_dict() if isinstance(v, SubSpan) else v)
                                        for k, v in s.attributes().items()}, sort_keys=True))


def _with_id(span: Span, span_id: str) -> Span:
    return replace(span, id=span_id)


def strip_ids(annotations: AnnotationSet) -> dict:
    """An annotation set as a dict without span ids (to compare content, not numbering)."""
    d = annotations.to_dict()
    for name in SPAN_TYPES:
        d[name] = sorted((({k: v for k, v in s.items() if k != "id"}) for s in d[name]),
                         key=lambda s: json.dumps(s, sort_keys=True))
    return d

