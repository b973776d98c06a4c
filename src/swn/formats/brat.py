"""brat standoff (``.txt`` + ``.ann``): :func:`to_brat` and :func:`from_brat`.

Mapping (every name generated from :mod:`swn.vocab`):

* every span is a text-bound annotation ``T``; its brat type is the entity label for
  ``entities`` (``PERSON`` …) and ``TIMEX3``, ``QUANTITY``, ``STANCE``, ``ZONE`` for the other layers;
* every enum field is a brat attribute ``A`` named like the field (``type``, ``mod``,
  ``modifier``, ``target``, ``polarity``, ``zone``);
* an entity's ``entity_id`` is a normalisation ``N … Reference T1 SWN:<entity_id>``;
* a quantity's ``measured_entity`` is its own ``MEASURED_ENTITY`` text-bound annotation linked
  by the relation ``R … measured_entity Arg1:<quantity> Arg2:<measured entity>``;
* the SWN span id and the other fields (``value``, ``value_high``, ``unit``, ``is_count``,
  ``holder``, ``holder_text``) are a JSON object in the annotator note ``#`` of the span.

Not carried: document-level stance (brat has no document-level annotation) and prediction scores.

Offsets are those of SWN: code points of the ``.txt``, which is the raw text byte for byte.
brat itself (Python) counts code points too, but brat under a narrow Python 2 build, and
JavaScript tools, count UTF-16 units, which differ after an astral character (emoji). brat
reads texts with universal newlines, so a text with ``\\r`` would shift; SWN texts have none.
A ``.ann`` line cannot hold a line break, so a span that crosses one is written, as brat
does, as fragments ``start end;start end`` around the line breaks, with the fragments' texts
joined by a space; reading joins the fragments back into one span.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Span, SubSpan, span_from_dict

# Characters str.splitlines() breaks on: none may appear inside a .ann line.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_FRAGMENT = re.compile(f"[^{re.escape(LINE_BREAKS)}]+")

LAYER_TYPES = {"temporal": "TIMEX3", "quantities": "QUANTITY", "stance": "STANCE", "structure": "ZONE"}
MEASURED = "MEASURED_ENTITY"
RELATION = "measured_entity"
NORM_DB = "SWN"
assert not ({*LAYER_TYPES.values(), MEASURED} & set(vocab.ENTITY_LABELS)), "brat type names must not collide"
assert set(LAYER_TYPES) | {"entities"} == set(vocab.LAYER_NAMES), "every layer needs a brat type"


def _enum_fields(layer: str) -> list[str]:
    """Enum fields written as brat attributes (an entity's label is its brat type instead)."""
    return [f.name for f in vocab.LAYERS[layer].fields
            if f.kind == "enum" and not (layer == "entities" and f.name == vocab.LAYERS[layer].label_field)]


def _note_fields(layer: str) -> list[str]:
    return [f.name for f in vocab.LAYERS[layer].fields
            if f.kind not in ("enum", "subspan") and not (layer == "entities" and f.name == "entity_id")]


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut around line breaks, each piece without edge whitespace."""
    out = []
    for m in _FRAGMENT.finditer(text, start, end):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _json_line(obj: Any) -> str:
    s = json.dumps(obj, ensure_ascii=False, sort_keys=False)
    for ch in "\x85\u2028\u2029":  # json leaves these unescaped; they would break the .ann line
        s = s.replace(ch, f"\\u{ord(ch):04x}")
    return s


def _brat_type(span: Span) -> str:
    return span.label if span.layer == "entities" else LAYER_TYPES[span.layer]


def to_brat(text: str, annotations: AnnotationSet) -> tuple[str, str]:
    """The ``.txt`` (the text unchanged) and ``.ann`` of one document."""
    lines: list[str] = []
    n = defaultdict(int)

    def next_id(prefix: str) -> str:
        n[prefix] += 1
        return f"{prefix}{n[prefix]}"

    def textbound(kind: str, start: int, end: int) -> str:
        frags = fragments(text, start, end)
        if not frags or frags[0][0] != start or frags[-1][1] != end:
            raise SWNError(f"span [{start}, {end}) cannot be written to brat", record=f"{start}-{end}",
                           field="text", check="brat-span")
        tid = next_id("T")
        offsets = ";".join(f"{a} {b}" for a, b in frags)
        lines.append(f"{tid}\t{kind} {offsets}\t{' '.join(text[a:b] for a, b in frags)}")
        return tid

    for layer in vocab.LAYER_NAMES:
        for span in annotations.layer(layer):
            tid = textbound(_brat_type(span), span.start, span.end)
            for name in _enum_fields(layer):
                value = getattr(span, name)
                if value is not None:
                    lines.append(f"{next_id('A')}\t{name} {tid} {value}")
            if layer == "entities" and span.entity_id is not None:
                shown = " ".join(text[a:b] for a, b in fragments(text, span.start, span.end))
                lines.append(f"{next_id('N')}\tReference {tid} {NORM_DB}:{span.entity_id}\t{shown}")
            note = {"id": span.id, **{name: getattr(span, name) for name in _note_fields(layer)}}
            lines.append(f"{next_id('#')}\tAnnotatorNotes {tid}\t{_json_line(note)}")
            me = getattr(span, "measured_entity", None)
            if me is not None:
                mid = textbound(MEASURED, me.start, me.end)
                lines.append(f"{next_id('R')}\t{RELATION} Arg1:{tid} Arg2:{mid}")
    return text, "".join(line + "\n" for line in lines)


def _fail(message: str, line_no: int | None, check: str = "brat-syntax") -> SWNError:
    return SWNError(message, record=f"line {line_no}" if line_no else "-", field="-", check=check)


def from_brat(doc_id: str, text: str, ann: str) -> AnnotationSet:
    """The annotation set a ``.txt``/``.ann`` pair holds (document-level stance empty)."""
    spans: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    attrs: dict[str, dict[str, str]] = defaultdict(dict)
    notes: dict[str, dict[str, Any]] = {}
    norms: dict[str, str] = {}
    relations: list[tuple[str, str, int]] = []
    for no, line in enumerate(ann.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t", 2)
        aid = parts[0]
        if len(parts) < 2:
            raise _fail(f"not a brat annotation line: {line!r}", no)
        if aid.startswith("T"):
            head = parts[1].split(" ", 1)
            if len(head) != 2 or len(parts) != 3:
                raise _fail("text-bound annotation needs 'ID<TAB>TYPE START END<TAB>TEXT'", no)
            try:
                frags = [tuple(int(x) for x in f.split(" ")) for f in head[1].split(";")]
                if any(len(f) != 2 for f in frags):
                    raise ValueError
            except ValueError:
                raise _fail(f"bad offsets {head[1]!r}", no) from None
            start, end = frags[0][0], frags[-1][1]
            if not (0 <= start < end <= len(text)):
                raise _fail(f"offsets {start} {end} outside the text ({len(text)} code points)", no, "span-out-of-bounds")
            if fragments(text, start, end) != frags:
                raise _fail(f"fragments {head[1]} are not one span cut at line breaks", no, "brat-discontinuous")
            if parts[2] != " ".join(text[a:b] for a, b in frags):
                raise _fail(f"text {parts[2]!r} does not match the .txt at {head[1]}", no, "span-text-mismatch")
            spans[aid] = {"type": head[0], "start": start, "end": end, "line": no}
            order.append(aid)
        elif aid.startswith("A"):
            f = parts[1].split(" ")
            if len(f) != 3:
                raise _fail("attribute needs 'ID<TAB>NAME TARGET VALUE'", no)
            attrs[f[1]][f[0]] = f[2]
        elif aid.startswith("N"):
            f = parts[1].split(" ")
            if len(f) != 3 or f[0] != "Reference" or not f[2].startswith(NORM_DB + ":"):
                raise _fail(f"normalisation needs 'Reference TARGET {NORM_DB}:<entity_id>'", no)
            norms[f[1]] = f[2][len(NORM_DB) + 1:]
        elif aid.startswith("#"):
            f = parts[1].split(" ")
            if len(f) != 2 or len(parts) != 3:
                raise _fail("note needs 'ID<TAB>AnnotatorNotes TARGET<TAB>JSON'", no)
            try:
                notes[f[1]] = json.loads(parts[2])
            except json.JSONDecodeError as e:
                raise _fail(f"note is not JSON: {e.msg}", no) from None
        elif aid.startswith("R"):
            f = parts[1].split(" ")
            if len(f) != 3 or f[0] != RELATION or not f[1].startswith("Arg1:") or not f[2].startswith("Arg2:"):
                raise _fail(f"relation needs '{RELATION} Arg1:T Arg2:T'", no)
            relations.append((f[1][5:], f[2][5:], no))
        else:
            raise _fail(f"unsupported annotation {aid!r}", no)
    measured: dict[str, SubSpan] = {}
    for q, m, no in relations:
        if q not in spans or m not in spans or spans[m]["type"] != MEASURED:
            raise _fail(f"relation between unknown or wrong annotations {q}, {m}", no)
        s = spans[m]
        measured[q] = SubSpan(start=s["start"], end=s["end"], text=text[s["start"]:s["end"]])
    type_layer = {**{v: k for k, v in LAYER_TYPES.items()}, **{label: "entities" for label in vocab.ENTITY_LABELS}}
    by_layer: dict[str, list[Span]] = {layer: [] for layer in vocab.LAYER_NAMES}
    for tid in order:
        s = spans[tid]
        if s["type"] == MEASURED:
            continue
        layer = type_layer.get(s["type"])
        if layer is None:
            raise _fail(f"unknown brat type {s['type']!r}", s["line"], "unknown-label")
        data: dict[str, Any] = {"start": s["start"], "end": s["end"], "text": text[s["start"]:s["end"]]}
        note = notes.get(tid, {})
        if note.get("id") is not None:
            data["id"] = note["id"]
        if layer == "entities":
            data["label"] = s["type"]
            data["entity_id"] = norms.get(tid)
        for name in _note_fields(layer):
            if name in note:
                data[name] = note[name]
        data.update(attrs.get(tid, {}))
        if layer == "quantities":
            me = measured.get(tid)
            data["measured_entity"] = me.to_dict() if me else None
        try:
            span = span_from_dict(layer, data)
        except SWNError as e:
            raise SWNError(e.message, record=f"line {s['line']}", field=e.field, check=e.check) from None
        except TypeError as e:
            raise _fail(str(e), s["line"], "schema") from None
        by_layer[layer].append(span)
    return AnnotationSet(doc_id=doc_id, **{k: tuple(v) for k, v in by_layer.items()})


def annotation_conf() -> str:
    """brat's ``annotation.conf`` for the exported collection (types and attribute values from vocab)."""
    lines = ["[entities]", *vocab.ENTITY_LABELS, *LAYER_TYPES.values(), MEASURED, "", "[relations]",
             f"{RELATION}\tArg1:QUANTITY, Arg2:{MEASURED}", "", "[events]", "", "[attributes]"]
    for layer in vocab.LAYER_NAMES:
        for f in vocab.LAYERS[layer].fields:
            if f.name in _enum_fields(layer):
                lines.append(f"{f.name}\tArg:{_brat_type_name(layer)}, Value:{'|'.join(f.values)}")
    return "\n".join(lines) + "\n"


def _brat_type_name(layer: str) -> str:
    return "<ENTITY>" if layer == "entities" else LAYER_TYPES[layer]
