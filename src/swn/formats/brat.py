"""brat standoff (``.txt`` + ``.ann``, with ``annotation.conf`` and ``tools.conf``).

Mapping (every name generated from :mod:`swn.vocab`):

* every span is a text-bound annotation ``T``; its brat type is the entity label for
  ``entities`` (``PERSON`` …) and ``TIMEX3``, ``QUANTITY``, ``STANCE``, ``ZONE`` for the other layers;
* every enum field is a brat attribute ``A`` named like the field (``type``, ``mod``,
  ``modifier``, ``target``, ``polarity``, ``zone``);
* an entity's ``entity_id`` is a normalisation ``N … Reference T1 SWN:<entity_id>``; the
  ``SWN`` normalisation database is declared in ``tools.conf``;
* a quantity's ``measured_entity`` is a ``MEASURED_ENTITY`` text-bound annotation linked by the
  relation ``R … measured_entity Arg1:<quantity> Arg2:<measured entity>``; when an annotation is
  already on those words in the file (another quantity's measured entity, an entity), the
  relation points to it instead (brat tools refuse two annotations with the same offsets);
* the SWN span id and the other fields (``value``, ``value_high``, ``unit``, ``is_count``,
  ``holder``, ``holder_text``) are a JSON object in the annotator note ``#`` of the span.

Collections. brat tools refuse two text-bound annotations with the same offsets in one
``.ann`` (pybrat: "Detected identical span for different entities"), and SWN's layers share
offsets (a zone and the stance evidence that is its whole paragraph; a quantity's measured
entity and an entity; two stance spans on one clause with different targets). So the export
is cut into *units* — a layer, or for a layer that holds identical offsets itself (stance),
its first, second … occurrence of each offset (``stance``, ``stance-2`` …) — and each unit goes
to the top collection (``<out>/<doc_id>.ann``) when it shares no offsets with what is already
there, else to its own collection ``<out>/<unit>/``. Which layers went where is written in
``<out>/README.md``; :func:`read_folder` reads every collection under a folder and merges
them by document (spans in text order).

Not carried: document-level stance (brat has no document-level annotation) and prediction scores.

Offsets are those of SWN: code points of the ``.txt``, which is the raw text byte for byte.
brat itself (Python) counts code points too, but brat under a narrow Python 2 build, and
JavaScript tools, count UTF-16 units, which differ after an astral character (emoji). brat
reads texts with universal newlines, so a text with ``\\r`` would shift; SWN texts have none.
A ``.ann`` line cannot hold a line break, so a span that crosses one is written, as brat
does, as fragments ``start end;start end`` around the line breaks, with the fragments' texts
joined by a space; reading joins the fragments back into one span.

Reading another tool's brat: attributes and notes it leaves out are filled with the defaults
the scheme allows (``null`` for an optional field; a ``TIMEX3`` without ``type`` gets ``DATE``,
the first TIMEX3 type), and :class:`ReadResult.filled <swn.formats.ReadResult>` lists, with the
annotation ids, every label it filled and every required field it had to leave null (an entity
without ``entity_id``, a quantity without ``value`` …), so a prediction file says what it lacks.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Mapping, Sequence

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Document, Span, SubSpan, span_from_dict
from . import Format, ReadResult, check_layers
from .lines import fragments, json_line

LAYER_TYPES = {"temporal": "TIMEX3", "quantities": "QUANTITY", "stance": "STANCE", "structure": "ZONE"}
MEASURED = "MEASURED_ENTITY"
RELATION = "measured_entity"
NORM_DB = "SWN"
# The registry ships with the corpus; brat links a normalisation to <URLBASE> with the id for %s.
NORM_URL = "annotations/entities.json"
# Defaults for a label field that another tool's brat may leave out (the scheme's first value).
LABEL_DEFAULTS = {"temporal": vocab.TIMEX3_TYPES[0]}
assert not ({*LAYER_TYPES.values(), MEASURED} & set(vocab.ENTITY_LABELS)), "brat type names must not collide"
assert set(LAYER_TYPES) | {"entities"} == set(vocab.LAYER_NAMES), "every layer needs a brat type"
CARRIED = vocab.LAYER_NAMES


def _enum_fields(layer: str) -> list[str]:
    """Enum fields written as brat attributes (an entity's label is its brat type instead)."""
    return [f.name for f in vocab.LAYERS[layer].fields
            if f.kind == "enum" and not (layer == "entities" and f.name == vocab.LAYERS[layer].label_field)]


def _note_fields(layer: str) -> list[str]:
    return [f.name for f in vocab.LAYERS[layer].fields
            if f.kind not in ("enum", "subspan") and not (layer == "entities" and f.name == "entity_id")]


def _brat_type(span: Span) -> str:
    return span.label if span.layer == "entities" else LAYER_TYPES[span.layer]


def to_brat(text: str, annotations: AnnotationSet, layers: Sequence[str] | None = None,
            spans: Sequence[Span] | None = None) -> tuple[str, str]:
    """The ``.txt`` (the text unchanged) and ``.ann`` of one document: the spans of ``layers``
    (default: every layer), or exactly ``spans`` when given."""
    lines: list[str] = []
    n: dict[str, int] = defaultdict(int)
    written: dict[tuple[int, int], str] = {}  # offsets -> the first T written there

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
        written.setdefault((start, end), tid)
        return tid

    if spans is None:
        chosen = layers if layers is not None else vocab.LAYER_NAMES
        spans = [s for layer in chosen for s in annotations.layer(layer)]
    for span in spans:
        layer = span.layer
        tid = textbound(_brat_type(span), span.start, span.end)
        for name in _enum_fields(layer):
            value = getattr(span, name)
            if value is not None:
                lines.append(f"{next_id('A')}\t{name} {tid} {value}")
        if layer == "entities" and span.entity_id is not None:
            shown = " ".join(text[a:b] for a, b in fragments(text, span.start, span.end))
            lines.append(f"{next_id('N')}\tReference {tid} {NORM_DB}:{span.entity_id}\t{shown}")
        note = {"id": span.id, **{name: getattr(span, name) for name in _note_fields(layer)}}
        lines.append(f"{next_id('#')}\tAnnotatorNotes {tid}\t{json_line(note)}")
        me = getattr(span, "measured_entity", None)
        if me is not None:  # an annotation already on those words (a measured entity, an entity) is reused
            mid = written.get((me.start, me.end)) or textbound(MEASURED, me.start, me.end)
            lines.append(f"{next_id('R')}\t{RELATION} Arg1:{tid} Arg2:{mid}")
    return text, "".join(line + "\n" for line in lines)


# ---------------------------------------------------------------- collections

def _offsets(span: Span) -> set[tuple[int, int]]:
    """The offsets of the text-bound annotations a span may add to a file."""
    out = {(span.start, span.end)}
    me = getattr(span, "measured_entity", None)
    if me is not None:
        out.add((me.start, me.end))
    return out


def units(docs: Sequence[Document], layers: Sequence[str]) -> dict[str, dict[str, list[Span]]]:
    """``{unit: {doc_id: spans}}``: each layer, cut into ``<layer>``, ``<layer>-2`` … so that no
    unit repeats offsets within a document. A span conflicts with the spans and measured entities
    already in a unit; a measured entity never conflicts (:func:`to_brat` reuses the annotation
    already on those words)."""
    out: dict[str, dict[str, list[Span]]] = {}
    for layer in layers:
        levels: list[dict[str, list[Span]]] = []
        for d in docs:
            taken: list[set[tuple[int, int]]] = []
            for span in d.annotations.layer(layer):
                own = (span.start, span.end)
                k = next((i for i, t in enumerate(taken) if own not in t), len(taken))
                if k == len(taken):
                    taken.append(set())
                    if k == len(levels):
                        levels.append({})
                taken[k] |= _offsets(span)
                levels[k].setdefault(d.id, []).append(span)
        for k, level in enumerate(levels or [{}]):
            out[layer if k == 0 else f"{layer}-{k + 1}"] = level
    return out


def collections(docs: Sequence[Document], layers: Sequence[str]) -> list[tuple[str, list[str]]]:
    """``[(folder, units)]``: the top collection (folder ``""``) takes every unit that shares no
    offsets with it in any document; every other unit gets its own folder ``<unit>/``."""
    cut = units(docs, layers)
    top: list[str] = []
    top_offsets: dict[str, set[tuple[int, int]]] = defaultdict(set)
    apart: list[tuple[str, list[str]]] = []
    for unit, by_doc in cut.items():
        starts = {d: {(s.start, s.end) for s in spans} for d, spans in by_doc.items()}
        # <layer>-k joins the top only after <layer>-(k-1): reading in folder order then keeps
        # spans with equal offsets in their original order
        follows = _previous_unit(unit) is None or _previous_unit(unit) in top
        if follows and all(not (o & top_offsets[d]) for d, o in starts.items()):
            top.append(unit)
            for d, spans in by_doc.items():
                top_offsets[d] |= set().union(*(_offsets(s) for s in spans))
        else:
            apart.append((f"{unit}/", [unit]))
    return [("", top), *apart]


def _previous_unit(unit: str) -> str | None:
    layer, _, k = unit.rpartition("-")
    if not layer or not k.isdigit():
        return None
    return layer if k == "2" else f"{layer}-{int(k) - 1}"


def export(docs: Sequence[Document], layers: Sequence[str] | None = None) -> dict[str, bytes]:
    """Every collection's ``.txt``/``.ann`` pairs, ``annotation.conf`` and ``tools.conf``, and a README.md."""
    layers = check_layers(FORMAT.name, layers, CARRIED)
    cut = units(docs, layers)
    files: dict[str, bytes] = {}
    plan = collections(docs, layers)
    for folder, unit_names in plan:
        for d in docs:
            spans = [s for u in unit_names for s in cut[u].get(d.id, [])]
            txt, ann = to_brat(d.text, d.annotations, spans=spans)
            files[f"{folder}{d.id}.txt"] = txt.encode("utf-8")
            files[f"{folder}{d.id}.ann"] = ann.encode("utf-8")
        files[f"{folder}annotation.conf"] = annotation_conf([u.rpartition("-")[0] if u.rpartition("-")[2].isdigit()
                                                             else u for u in unit_names]).encode("utf-8")
        files[f"{folder}tools.conf"] = tools_conf().encode("utf-8")
    readme = ["SWN brat export. Collections (brat tools refuse two annotations with identical offsets in one .ann):"]
    readme += [f"  {folder or './'}\t{', '.join(u)}" for folder, u in plan]
    readme.append("Read it back with swn.formats.brat.read_folder(<this folder>, texts): it merges every collection.")
    files["README.md"] = ("\n".join(readme) + "\n").encode("utf-8")
    return files


# ---------------------------------------------------------------- reading

def _fail(message: str, line_no: int | None, check: str = "brat-syntax") -> SWNError:
    return SWNError(message, record=f"line {line_no}" if line_no else "-", field="-", check=check)


def from_brat(doc_id: str, text: str, ann: str, filled: list[str] | None = None) -> AnnotationSet:
    """The annotation set a ``.txt``/``.ann`` pair holds (document-level stance empty).

    Values another tool left out are filled with the scheme's defaults; each is reported in
    ``filled`` (when given) as ``"<doc_id> T3 (line 5): temporal.type filled with DATE"``.
    """
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
            if not isinstance(notes[f[1]], dict):
                raise _fail("note is not a JSON object", no)
        elif aid.startswith("R"):
            f = parts[1].split(" ")
            if len(f) != 3 or f[0] != RELATION or not f[1].startswith("Arg1:") or not f[2].startswith("Arg2:"):
                raise _fail(f"relation needs '{RELATION} Arg1:T Arg2:T'", no)
            relations.append((f[1][5:], f[2][5:], no))
        else:
            raise _fail(f"unsupported annotation {aid!r}", no)
    measured: dict[str, SubSpan] = {}
    for q, m, no in relations:
        if q not in spans or m not in spans or spans[q]["type"] != LAYER_TYPES["quantities"]:
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
        where = f"{doc_id} {tid} (line {s['line']})"
        label_field = vocab.LAYERS[layer].label_field
        if label_field and label_field not in data and layer in LABEL_DEFAULTS:
            data[label_field] = LABEL_DEFAULTS[layer]
            if filled is not None:
                filled.append(f"{where}: {layer}.{label_field} filled with {LABEL_DEFAULTS[layer]}")
        if filled is not None:  # absent nullable fields are null by the scheme; absent required ones are reported
            for f in vocab.LAYERS[layer].fields:
                if data.get(f.name) is None and f.required and not f.nullable:
                    filled.append(f"{where}: {layer}.{f.name} not given, left null")
        try:
            span = span_from_dict(layer, data)
        except SWNError as e:
            raise SWNError(e.message, record=f"line {s['line']}", field=e.field, check=e.check) from None
        except TypeError as e:
            raise _fail(str(e), s["line"], "schema") from None
        by_layer[layer].append(span)
    return AnnotationSet(doc_id=doc_id, **{k: tuple(v) for k, v in by_layer.items()})


def read_folder(path: Path | str, texts: Mapping[str, str]) -> ReadResult:
    """Every ``<doc_id>.ann`` under ``path`` (every collection), merged by document, spans of each
    layer in text order. Each ``.txt`` must be the corpus text of ``texts[doc_id]``."""
    root = Path(path)
    if not root.is_dir():
        raise SWNError("is not a folder of brat .ann/.txt files", file=str(root), check="not-found")
    merged: dict[str, dict[str, list[Span]]] = {}
    layers_seen: set[str] = set()
    filled: list[str] = []
    for ann_path in sorted(root.rglob("*.ann"), key=lambda p: _collection_order(p.relative_to(root))):
        doc_id = ann_path.stem
        rel = str(ann_path.relative_to(root))
        if doc_id not in texts:
            raise SWNError(f"no document {doc_id!r} in the corpus", file=rel, record="-", field="-",
                           check="unknown-document")
        txt_path = ann_path.with_suffix(".txt")
        if txt_path.is_file() and txt_path.read_bytes() != texts[doc_id].encode("utf-8"):
            raise SWNError("the .txt is not the corpus text of this document (brat offsets would not apply)",
                           file=str(txt_path.relative_to(root)), record="-", field="-", check="text-mismatch")
        try:
            ann = from_brat(doc_id, texts[doc_id], ann_path.read_text(encoding="utf-8"), filled)
        except SWNError as e:
            raise SWNError(e.message, file=rel, record=e.record, field=e.field, check=e.check) from None
        into = merged.setdefault(doc_id, defaultdict(list))
        for layer in vocab.LAYER_NAMES:
            if ann.layer(layer):
                layers_seen.add(layer)
                into[layer].extend(ann.layer(layer))
    for conf in root.rglob("annotation.conf"):  # every layer a collection declares is carried (maybe empty)
        layers_seen |= _layers_declared(conf.read_text(encoding="utf-8"))
    result = {d: AnnotationSet(doc_id=d, **{layer: tuple(sorted(spans[layer], key=lambda s: (s.start, s.end)))
                                            for layer in vocab.LAYER_NAMES})
              for d, spans in sorted(merged.items())}
    return ReadResult(annotations=result, layers=tuple(n for n in vocab.LAYER_NAMES if n in layers_seen),
                      filled=tuple(filled))


def _collection_order(rel: Path) -> tuple:
    """The top collection first, then ``<layer>``, ``<layer>-2`` … (levels in order)."""
    folders = []
    for part in rel.parts[:-1]:
        base, _, k = part.rpartition("-")
        folders.append((base, int(k)) if base and k.isdigit() else (part, 1))
    return (len(folders), folders, rel.name)


def _layers_declared(conf: str) -> set[str]:
    types = {line.strip() for line in conf.split("[relations]")[0].splitlines()}
    out = {layer for layer, t in LAYER_TYPES.items() if t in types}
    if types & set(vocab.ENTITY_LABELS):
        out.add("entities")
    return out


def annotation_conf(layers: Sequence[str] | None = None) -> str:
    """brat's ``annotation.conf`` of a collection holding ``layers`` (default: all; types and
    attribute values from vocab)."""
    layers = vocab.LAYER_NAMES if layers is None else [n for n in vocab.LAYER_NAMES if n in layers]
    types = [t for n in layers for t in (vocab.ENTITY_LABELS if n == "entities" else (LAYER_TYPES[n],))]
    quantities = "quantities" in layers
    lines = ["[entities]", *types, *([MEASURED] if quantities else []), "", "[relations]",
             *([f"{RELATION}\tArg1:QUANTITY, Arg2:<ENTITY>"] if quantities else []), "", "[events]", "",
             "[attributes]"]
    for layer in layers:
        for f in vocab.LAYERS[layer].fields:
            if f.name in _enum_fields(layer):
                lines.append(f"{f.name}\tArg:{_brat_type_name(layer)}, Value:{'|'.join(f.values)}")
    return "\n".join(lines) + "\n"


def tools_conf() -> str:
    """brat's ``tools.conf``: the ``SWN`` normalisation database (entity ids of the registry)."""
    return ("[options]\n\n[search]\n\n[annotators]\n\n[disambiguators]\n\n[normalization]\n"
            f"{NORM_DB}\t<URL>:{NORM_URL}, <URLBASE>:{NORM_URL}#%s\n")


def _brat_type_name(layer: str) -> str:
    return "<ENTITY>" if layer == "entities" else LAYER_TYPES[layer]


FORMAT = Format(
    name="brat",
    description="brat standoff: <doc_id>.txt + .ann per collection, with annotation.conf and tools.conf",
    layout="`<doc_id>.txt` + `<doc_id>.ann` (+ `<unit>/` collections for layers that share offsets)",
    exports=CARRIED,
    imports=CARRIED,
    loses=("Document-level stance (brat has no document-level annotation).",
           "Prediction scores.",
           "Layers sharing offsets are split into collections, which brat shows separately."),
    export=export,
    read=read_folder,
    options=("layers",),
)
