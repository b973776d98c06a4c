"""Adjudication of an annotation round: merge the passes, list the conflicts, apply decisions.

``swn adjudicate --round N`` reads the passes of ``annotations/rounds/<N>/`` (one folder per
annotator) and, per document annotated by at least two of them, per layer:

* spans are grouped across annotators by the shared matcher (:func:`swn.scoring.match.align`,
  same label preferred): a group is *agreed* when every annotator has exactly one span in it and
  all of them are equal in offsets and every attribute; agreed spans are accepted;
* every other group is a *conflict*: one option per annotator (their spans in the group, possibly
  none), the current gold's spans that the group's spans are matched to (``gold``), and
  ``drop``. Document-level stance is compared per target the same way.

The conflicts go to ``annotations/rounds/<N>/conflicts.json`` with stable ids
(``<doc_id>/<layer>/<start>-<end>``, ``<doc_id>/doc_stance/<target>``) and a fingerprint of the
passes and the gold. A curator writes a decisions file mapping *every* conflict id to a choice:

* an option name: an annotator's name, ``"gold"`` or ``"drop"``;
* ``{"from": OPTION, "<field>": value, ...}``: the option's single span with fields changed;
* ``{"spans": [SPAN, ...]}`` (or one SPAN object): explicit spans (``start``, ``end``, ``text`` and
  the layer's attributes); for document stance ``{"value": "FAVOR"}`` or the bare value.

``swn adjudicate --round N --apply DECISIONS`` refuses unless every conflict has a valid decision
and the passes and gold are unchanged since the conflicts were listed; it then writes the new gold
of every adjudicated document, the bumped ``VERSION`` (MINOR: annotations changed) and
``annotations/rounds/<N>/applied.json`` all at once (all files or none). Span ids: a resulting
span at the same offsets as a gold span of its layer keeps that span's id (the same mention,
possibly with corrected attributes); any other span gets a new id above every id the document
has ever used (current gold and the ids retired by earlier rounds, recorded in their
``applied.json``), so an id is never reused. Layers not adjudicated (``--layers``) and documents
without enough passes keep their gold unchanged.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from . import vocab
from .errors import SWNError, cut
from .model import SPAN_TYPES, AnnotationSet, Document, Span, check_spans_against_text, span_from_dict
from .labelstudio import rounds
from .scoring.match import align
from .store import (Paths, dumps_json, find_root, load_corpus, read_annotation_dir, read_json, read_registry,
                    rel, write_json)

CONFLICTS_FILE = "conflicts.json"
APPLIED_FILE = "applied.json"
DOC_STANCE = "doc_stance"
GOLD, DROP = "gold", "drop"
_ID_NUMBER = re.compile(r"#([a-z])([1-9][0-9]*)$")


# ---------------------------------------------------------------- reading a round

def read_round(root: Path, round_no: int) -> dict[str, dict[str, AnnotationSet]]:
    """annotator -> doc_id -> pass, for ``annotations/rounds/<N>/`` (subfolders only)."""
    folder = Paths(root).rounds_dir / str(round_no)
    if not folder.is_dir():
        raise SWNError(f"round {round_no} not found (import one with `swn ls import EXPORT --round {round_no}`)",
                       file=str(folder), record="-", field="-", check="file-missing")
    out = {p.name: read_annotation_dir(p) for p in sorted(folder.iterdir())
           if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.json"))}
    if not out:
        raise SWNError("the round has no passes", file=str(folder), record="-", field="-", check="file-missing")
    return out


def _content(span: Span) -> dict:
    """A span as a dict without id and score: what "the same span" compares."""
    d = span.to_dict()
    d.pop("id", None)
    d.pop("score", None)
    return d


def _canon(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def _fingerprint(sets: Mapping[str, Mapping[str, AnnotationSet]] | Mapping[str, AnnotationSet]) -> str:
    h = hashlib.sha256()
    h.update(_canon({k: ({d: a.to_dict() for d, a in v.items()} if isinstance(v, Mapping) else v.to_dict())
                     for k, v in sorted(sets.items())}).encode("utf-8"))
    return h.hexdigest()


# ---------------------------------------------------------------- merging

@dataclass
class Conflict:
    id: str
    doc_id: str
    layer: str  # a layer name or "doc_stance"
    options: dict[str, Any]  # annotator name or "gold" -> list of span dicts (doc_stance: value or None)
    target: str | None = None

    @property
    def choices(self) -> list[str]:
        return [*self.options, DROP]

    def to_dict(self) -> dict:
        out = {"id": self.id, "doc_id": self.doc_id, "layer": self.layer}
        if self.target:
            out["target"] = self.target
        out["options"] = self.options
        out["choices"] = self.choices
        return out


@dataclass
class Adjudication:
    round: int
    annotators: tuple[str, ...]
    layers: tuple[str, ...]
    min_annotators: int
    accepted: dict[str, dict[str, list[dict]]]  # doc_id -> layer -> agreed span dicts
    accepted_stance: dict[str, dict[str, str]]  # doc_id -> target -> value
    conflicts: list[Conflict]
    skipped: dict[str, str]  # doc_id -> reason
    fingerprint: dict[str, str]

    def to_dict(self) -> dict:
        return {
            "round": self.round,
            "annotators": list(self.annotators),
            "layers": list(self.layers),
            "min_annotators": self.min_annotators,
            "fingerprint": self.fingerprint,
            "documents": sorted(self.accepted),
            "skipped_documents": dict(sorted(self.skipped.items())),
            "agreed": sum(len(v) for d in self.accepted.values() for v in d.values())
                      + sum(len(v) for v in self.accepted_stance.values()),
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _label(span: Span) -> str:
    return span.label


def _merge_layer(doc_id: str, layer: str, names: Sequence[str], passes: Mapping[str, AnnotationSet],
                 gold: AnnotationSet | None) -> tuple[list[dict], list[Conflict]]:
    spans = {n: passes[n].layer(layer) for n in names}
    uf = _UnionFind()
    for n in names:
        for i in range(len(spans[n])):
            uf.find((n, i))
    for x, a in enumerate(names):
        for b in names[x + 1:]:
            for i, j in align(spans[a], spans[b], key=_label).pairs:
                uf.union((a, i), (b, j))
    groups: dict[Any, list[tuple[str, int]]] = {}
    for node in sorted(uf.parent):
        groups.setdefault(uf.find(node), []).append(node)
    gold_spans = gold.layer(layer) if gold is not None else ()
    gold_of: dict[Any, set[int]] = {}
    for n in names:
        for gi, pi in align(gold_spans, spans[n], key=_label).pairs:
            gold_of.setdefault(uf.find((n, pi)), set()).add(gi)
    accepted, conflicts = [], []
    for root, members in groups.items():
        by_name: dict[str, list[dict]] = {n: [] for n in names}
        for n, i in members:
            by_name[n].append(_content(spans[n][i]))
        contents = [c for n in names for c in by_name[n]]
        if all(len(by_name[n]) == 1 for n in names) and len({_canon(c) for c in contents}) == 1:
            accepted.append(contents[0])
            continue
        options: dict[str, Any] = {n: sorted(by_name[n], key=_span_order) for n in names}
        options[GOLD] = [gold_spans[g].to_dict() for g in sorted(gold_of.get(root, ()))]
        start = min(c["start"] for c in contents)
        end = max(c["end"] for c in contents)
        conflicts.append(Conflict(id=f"{doc_id}/{layer}/{start}-{end}", doc_id=doc_id, layer=layer,
                                  options=options))
    accepted.sort(key=_span_order)
    return accepted, conflicts


def _span_order(d: Mapping) -> tuple:
    return (d["start"], d["end"], _canon(d))


def merge(passes: Mapping[str, Mapping[str, AnnotationSet]], gold: Mapping[str, AnnotationSet], round_no: int, *,
          layers: Sequence[str] = vocab.LAYER_NAMES, min_annotators: int = 2) -> Adjudication:
    """Agreed spans and conflicts of a round (pure: reads and writes nothing)."""
    for name in layers:
        if name not in vocab.LAYERS:
            raise SWNError(f"unknown layer {name!r} ({', '.join(vocab.LAYER_NAMES)})", field="layers",
                           check="unknown-layer")
    if min_annotators < 1:
        raise SWNError("min_annotators must be at least 1", field="min_annotators", check="bad-argument")
    layers = tuple(n for n in vocab.LAYER_NAMES if n in layers)
    annotators = tuple(sorted(passes))
    doc_ids = sorted({d for p in passes.values() for d in p})
    accepted: dict[str, dict[str, list[dict]]] = {}
    accepted_stance: dict[str, dict[str, str]] = {}
    conflicts: list[Conflict] = []
    skipped: dict[str, str] = {}
    for doc_id in doc_ids:
        names = [n for n in annotators if doc_id in passes[n]]
        if len(names) < min_annotators:
            skipped[doc_id] = f"annotated by {len(names)} of the {min_annotators} annotators needed"
            continue
        if doc_id not in gold:
            skipped[doc_id] = "no gold file for this document"
            continue
        doc_passes = {n: passes[n][doc_id] for n in names}
        accepted[doc_id] = {}
        doc_conflicts: list[Conflict] = []
        for layer in layers:
            acc, conf = _merge_layer(doc_id, layer, names, doc_passes, gold.get(doc_id))
            accepted[doc_id][layer] = acc
            doc_conflicts.extend(conf)
        accepted_stance[doc_id] = {}
        if _doc_stance_on(layers):
            for target in vocab.STANCE_TARGETS:
                values = {n: doc_passes[n].doc_stance.get(target) for n in names}
                if len(set(values.values())) == 1:
                    v = next(iter(values.values()))
                    if v is not None:
                        accepted_stance[doc_id][target] = v
                    continue
                options = dict(values)
                options[GOLD] = gold[doc_id].doc_stance.get(target)
                doc_conflicts.append(Conflict(id=f"{doc_id}/{DOC_STANCE}/{target}", doc_id=doc_id, layer=DOC_STANCE,
                                              target=target, options=options))
        conflicts.extend(_unique_ids(doc_conflicts))
    fingerprint = {"passes": _fingerprint(passes),
                   "gold": _fingerprint({d: gold[d] for d in sorted(accepted)})}
    return Adjudication(round=round_no, annotators=annotators, layers=layers, min_annotators=min_annotators,
                        accepted=accepted, accepted_stance=accepted_stance, conflicts=conflicts, skipped=skipped,
                        fingerprint=fingerprint)


def _doc_stance_on(layers: Sequence[str]) -> bool:
    """Document-level stance is adjudicated with the stance layer."""
    return "stance" in layers


def _unique_ids(conflicts: list[Conflict]) -> list[Conflict]:
    conflicts = sorted(conflicts, key=lambda c: (vocab.LAYER_NAMES.index(c.layer) if c.layer in vocab.LAYERS
                                                 else len(vocab.LAYER_NAMES), c.id, _canon(c.options)))
    seen: dict[str, int] = {}
    for c in conflicts:
        k = seen[c.id] = seen.get(c.id, 0) + 1
        if k > 1:
            c.id = f"{c.id}#{k}"
    return conflicts


# ---------------------------------------------------------------- decisions

def _decided_spans(conflict: Conflict, choice: Any, text: str, where: str) -> list[dict] | str | None:
    """The spans (or doc-stance value) a decision gives, checked."""
    def fail(msg: str) -> SWNError:
        return SWNError(msg, record=conflict.id, field=where, check="bad-decision")

    if conflict.layer == DOC_STANCE:
        if isinstance(choice, str) and choice in conflict.options:
            return conflict.options[choice]
        if choice == DROP:
            return None
        value = choice.get("value") if isinstance(choice, dict) and set(choice) == {"value"} else choice
        if value in vocab.DOC_STANCE_VALUES:
            return value
        raise fail(f"{choice!r} is not an option ({', '.join(conflict.choices)}) nor a stance value "
                   f"({', '.join(vocab.DOC_STANCE_VALUES)})")
    if isinstance(choice, str):
        if choice == DROP:
            return []
        if choice in conflict.options:  # gold spans keep their id here, so a gold span chosen twice counts once
            return [dict(s) for s in conflict.options[choice]]
        raise fail(f"{choice!r} is not one of the options {', '.join(conflict.choices)}")
    if isinstance(choice, dict) and "from" in choice:
        base = choice["from"]
        if not isinstance(base, str) or base not in conflict.options:
            raise fail(f"from {cut(base)} is not one of the options {', '.join(conflict.options)}")
        if len(conflict.options[base]) != 1:
            raise fail(f"option {base!r} has {len(conflict.options[base])} spans; 'from' needs exactly one "
                       "(give the spans explicitly)")
        span = {k: v for k, v in conflict.options[base][0].items() if k != "id"}
        span.update({k: v for k, v in choice.items() if k != "from"})
        explicit = [span]
    elif isinstance(choice, dict) and set(choice) == {"spans"} and isinstance(choice["spans"], list):
        explicit = choice["spans"]
    elif isinstance(choice, dict) and "start" in choice:
        explicit = [choice]
    else:
        raise fail(f"{choice!r} is not a decision (an option name, 'drop', {{'from': ...}} or {{'spans': [...]}})")
    out = []
    for i, s in enumerate(explicit):
        if not isinstance(s, dict):
            raise fail(f"span {i} is not an object")
        s = {k: v for k, v in s.items() if k != "id"}
        try:
            span = span_from_dict(conflict.layer, s)
        except SWNError as e:
            raise SWNError(e.message, record=conflict.id, field=f"{where}.{e.field}", check=e.check) from None
        except TypeError as e:
            raise fail(f"span {i}: {e}") from None
        if span.end > len(text) or text[span.start:span.end] != span.text:
            raise SWNError(f"span {i}: [{span.start}, {span.end}) holds {text[span.start:span.end]!r}, not "
                           f"{span.text!r}", record=conflict.id, field=where, check="span-text-mismatch")
        out.append(_content(span))
    return out


def read_decisions(path: Path | str) -> dict[str, Any]:
    """A curator's decisions file, typed: an object mapping conflict ids to choices (an option
    name or an object), optionally wrapped as ``{"decisions": {...}}``; read by the strict reader."""
    data = read_json(path)
    if isinstance(data, dict) and isinstance(data.get("decisions"), dict):
        data = data["decisions"]
    if not isinstance(data, dict):
        raise SWNError(f"a decisions file maps conflict ids to choices, got {type(data).__name__}", file=str(path),
                       record="(top level)", field="decisions", check="bad-decision")
    for cid, choice in data.items():
        if not isinstance(choice, (str, dict)):
            raise SWNError(f"a choice is an option name or an object, got {cut(choice)}", file=str(path),
                           record=cut(cid), field="decision", check="bad-decision")
    return data


def resolve_file(adj: "Adjudication", decisions_path: Path | str, docs: Mapping[str, Document], root: Path,
                 registry: Mapping[str, Any] | None = None) -> "ApplyResult":
    """:func:`resolve` with the decisions read from a file; a decision that cannot be applied is
    located in that file."""
    try:
        return resolve(adj, read_decisions(decisions_path), docs, root, registry)
    except SWNError as e:
        if e.file is None:
            raise SWNError(e.message, file=str(decisions_path), record=e.record, field=e.field,
                           check=e.check) from None
        raise


# ---------------------------------------------------------------- applying

def _retired_ids(root: Path) -> set[str]:
    out: set[str] = set()
    rounds = Paths(root).rounds_dir
    if rounds.is_dir():
        for p in sorted(rounds.glob(f"*/{APPLIED_FILE}")):
            data = read_json(p)
            out.update(i for i in data.get("retired_ids", []) if isinstance(i, str))
    return out


def _id_number(span_id: str | None, prefix: str) -> int:
    m = _ID_NUMBER.search(span_id or "")
    return int(m[2]) if m and m[1] == prefix else 0


def _assign_ids(doc_id: str, layer: str, new: list[dict], old: Sequence[Span], retired: set[str]) -> list[Span]:
    prefix = vocab.LAYERS[layer].id_prefix
    used = [_id_number(s.id, prefix) for s in old] + [_id_number(i, prefix) for i in retired
                                                        if i.startswith(f"{doc_id}#")]
    next_n = max(used, default=0) + 1
    free = {}  # (start, end) -> gold spans at those offsets, best match first
    for s in old:
        free.setdefault((s.start, s.end), []).append(s)
    out: list[Span] = []
    # Exact content matches take their gold id first, then same-offset spans.
    pending = []
    for d in new:
        same = free.get((d["start"], d["end"]), [])
        exact = next((s for s in same if _canon(_content(s)) == _canon(d)), None)
        if exact is not None:
            same.remove(exact)
            out.append(span_from_dict(layer, {"id": exact.id, **d}))
        else:
            pending.append(d)
    for d in pending:
        same = free.get((d["start"], d["end"]), [])
        if same:
            out.append(span_from_dict(layer, {"id": same.pop(0).id, **d}))
        else:
            out.append(span_from_dict(layer, {"id": f"{doc_id}#{prefix}{next_n}", **d}))
            next_n += 1
    out.sort(key=lambda s: _span_order(_content(s)))
    return out


def _registry_problems(ann: AnnotationSet, registry: Mapping[str, Any], path: str) -> list[SWNError]:
    out = []
    for name in SPAN_TYPES:
        for s in ann.layer(name):
            ids = []
            if name == "entities" and s.entity_id is not None:
                ids.append(("entity_id", s.entity_id))
            if name == "stance" and s.holder is not None and s.holder not in vocab.HOLDER_SPECIALS:
                ids.append(("holder", s.holder))
            for fld, eid in ids:
                if eid not in registry:
                    out.append(SWNError(f"{eid!r} is not in the entity registry (add it to "
                                        "annotations/entities.json first)", file=path, record=s.id, field=fld,
                                        check="unknown-entity-id"))
    return out


def _flat_overlaps(ann: AnnotationSet, path: str) -> None:
    for name, layer in vocab.LAYERS.items():
        if layer.flat:
            spans = sorted(ann.layer(name), key=lambda s: (s.start, s.end))
            for a, b in zip(spans, spans[1:]):
                if b.start < a.end:
                    raise SWNError(f"{a.id} and {b.id} overlap in the flat layer {name}", file=path, record=b.id,
                                   field="start", check="flat-overlap")


@dataclass
class ApplyResult:
    changed: dict[str, AnnotationSet]  # doc_id -> new gold (only documents that change)
    version: tuple[str, str] | None  # (old, new) when VERSION was bumped
    record: dict = field(default_factory=dict)


def resolve(adj: Adjudication, decisions: Mapping[str, Any], docs: Mapping[str, Document], root: Path,
            registry: Mapping[str, Any] | None = None) -> ApplyResult:
    """The new gold of every adjudicated document (pure apart from reading earlier rounds' records)."""
    problems: list[SWNError] = []
    known = {c.id for c in adj.conflicts}
    for cid in sorted(set(decisions) - known):
        problems.append(SWNError(f"a decision for {cid!r}, which is not a conflict of round {adj.round}",
                                 record=cid, field="decisions", check="bad-decision"))
    for c in adj.conflicts:
        if c.id not in decisions:
            problems.append(SWNError("no decision for this conflict", record=c.id, field="decisions",
                                     check="missing-decision"))
            continue
        doc = docs.get(c.doc_id)
        try:
            _decided_spans(c, decisions[c.id], doc.text if doc else "", "decision")
        except SWNError as e:
            problems.append(e)
    _raise_all(problems)
    retired_before = _retired_ids(root)
    by_doc: dict[str, list[Conflict]] = {}
    for c in adj.conflicts:
        by_doc.setdefault(c.doc_id, []).append(c)
    changed: dict[str, AnnotationSet] = {}
    retired, new_ids = [], []
    for doc_id, accepted in adj.accepted.items():
        doc = docs[doc_id]
        old = doc.annotations
        assert old is not None
        spans: dict[str, list[dict]] = {layer: list(v) for layer, v in accepted.items()}
        stance = dict(adj.accepted_stance.get(doc_id, {}))
        for c in by_doc.get(doc_id, []):
            result = _decided_spans(c, decisions[c.id], doc.text, "decision")
            if c.layer == DOC_STANCE:
                if result is not None:
                    stance[c.target] = result
            else:
                spans[c.layer].extend(result)
        layers_out = {}
        for layer in SPAN_TYPES:
            if layer not in adj.layers:
                layers_out[layer] = old.layer(layer)
                continue
            chosen, gold_ids = [], set()
            for d in spans[layer]:
                if "id" in d:  # a gold span (it may be offered by two conflicts)
                    if d["id"] in gold_ids:
                        continue
                    gold_ids.add(d["id"])
                chosen.append({k: v for k, v in d.items() if k != "id"})
            layers_out[layer] = tuple(_assign_ids(doc_id, layer, chosen, old.layer(layer), retired_before))
        doc_stance = stance if _doc_stance_on(adj.layers) else dict(old.doc_stance)
        new = AnnotationSet(doc_id=doc_id, doc_stance=doc_stance, **layers_out)
        path = rel(Paths(root).gold(doc_id), root)
        found = _new_gold_problems(new, doc.text, registry, path)
        if found:  # every document's problems are gathered, then reported together
            problems.extend(found)
            continue
        if new.to_dict() != old.to_dict():
            changed[doc_id] = new
            old_ids = {s.id for s in old.spans()}
            new_set = {s.id for s in new.spans()}
            retired.extend(sorted(old_ids - new_set))
            new_ids.extend(sorted(new_set - old_ids))
    _raise_all(problems)
    record = {"round": adj.round, "fingerprint": adj.fingerprint, "decisions": {c.id: decisions[c.id]
                                                                                for c in adj.conflicts},
              "changed_documents": sorted(changed), "retired_ids": retired, "new_ids": new_ids}
    return ApplyResult(changed=changed, version=None, record=record)


def _new_gold_problems(new: AnnotationSet, text: str, registry: Mapping[str, Any] | None,
                       path: str) -> list[SWNError]:
    """What is wrong with a document's new gold (text, flat layers, registry ids), located."""
    problems = []
    for check in (lambda: check_spans_against_text(text, new), lambda: _flat_overlaps(new, path)):
        try:
            check()
        except SWNError as e:
            problems.append(SWNError(e.message, file=path, record=e.record, field=e.field, check=e.check))
    if registry is not None:
        problems.extend(_registry_problems(new, registry, path))
    return problems


def _raise_all(problems: Sequence[SWNError], file: str | None = None) -> None:
    """One error listing every problem of a decisions file, so a curator fixes them in one go."""
    if not problems:
        return
    first = problems[0]
    if len(problems) == 1:
        raise SWNError(f"{first.message}; nothing applied", file=file or first.file, record=first.record,
                       field=first.field, check=first.check)
    listed = "\n".join(f"  {p.record or '-'}: {p.field or '-'}: {p.check or '-'}: {p.message}" for p in problems)
    raise SWNError(f"{len(problems)} problems in the decisions; nothing applied:\n{listed}", file=file or first.file,
                   record=first.record, field=first.field, check=first.check)


def write_all(root: Path, files: Mapping[Path, str], check: Callable[[Path], None] | None = None) -> None:
    """Write every file or none, as one transaction (:mod:`swn.transaction`): a crash at any
    point leaves the old files or the new ones; files are moved into place in ``files``' order.
    ``check(scratch)`` runs before the commit point with a scratch folder of the transaction."""
    from .transaction import Transaction

    with Transaction(root, "swn adjudicate --apply") as txn:
        if check is not None:
            check(txn.scratch())
        for path, text in files.items():
            txn.write(Path(path).relative_to(root).as_posix(), text)
        txn.commit()


# ---------------------------------------------------------------- commands' library entry points

def _round_layers(root: Path, round_no: int, layers: Sequence[str] | None) -> tuple[str, ...]:
    """The layers to adjudicate: ``layers``, or the round's own (its import.json); a layer the
    round did not annotate is refused (its passes are empty there)."""
    record_path = Paths(root).rounds_dir / str(round_no) / rounds.IMPORT_RECORD
    own = None
    if record_path.is_file():
        record = read_json(record_path)
        own = rounds.parse_layers(record.get("layers")) if isinstance(record, dict) else None
    if layers is None:
        return own or tuple(vocab.LAYER_NAMES)
    wanted = rounds.parse_layers(list(layers))
    if own is not None and set(wanted) - set(own):
        raise SWNError(f"round {round_no} covers only {', '.join(own)} (its import.json); cannot adjudicate "
                       f"{', '.join(sorted(set(wanted) - set(own)))}", file=str(record_path), field="layers",
                       check="round-layers")
    return wanted


def adjudicate_round(round_no: int, *, root: Path | str | None = None, layers: Sequence[str] | None = None,
                     min_annotators: int = 2) -> tuple[Adjudication, Path]:
    """Merge the passes of a round and write its conflicts file (the only file written)."""
    root = Path(root) if root is not None else find_root()
    rounds.refuse_if_applied(root, round_no, "list its conflicts again (swn adjudicate)")
    layers = _round_layers(root, round_no, layers)
    docs = {d.id: d for d in load_corpus(root)}
    gold = {d: doc.annotations for d, doc in docs.items() if doc.annotations is not None}
    adj = merge(read_round(root, round_no), gold, round_no, layers=layers, min_annotators=min_annotators)
    out = Paths(root).rounds_dir / str(round_no) / CONFLICTS_FILE
    write_json(out, adj.to_dict())
    return adj, out


def apply_decisions(round_no: int, decisions_path: Path | str, *, root: Path | str | None = None) -> ApplyResult:
    """Apply a curator's decisions to round ``round_no``: the new gold, VERSION and applied.json, atomically."""
    root = Path(root) if root is not None else find_root()
    paths = Paths(root)
    rounds.refuse_if_applied(root, round_no, "apply decisions a second time")
    conflicts_path = paths.rounds_dir / str(round_no) / CONFLICTS_FILE
    listed = read_json(conflicts_path)
    applied_path = paths.rounds_dir / str(round_no) / APPLIED_FILE
    rounds.refuse_if_applied(root, round_no, "apply decisions a second time")
    docs = {d.id: d for d in load_corpus(root)}
    gold = {d: doc.annotations for d, doc in docs.items() if doc.annotations is not None}
    adj = merge(read_round(root, round_no), gold, round_no, layers=listed.get("layers", vocab.LAYER_NAMES),
                min_annotators=listed.get("min_annotators", 2))
    if adj.to_dict() != listed:
        raise SWNError("the passes or the gold changed since the conflicts were listed; run "
                       f"`swn adjudicate --round {round_no}` again and review the conflicts", file=str(conflicts_path),
                       record="-", field="fingerprint", check="stale-conflicts")
    registry = read_registry(paths.registry) if paths.registry.is_file() else None
    result = resolve_file(adj, decisions_path, docs, root, registry)
    files: dict[Path, str] = {paths.gold(d): dumps_json(a.to_dict()) for d, a in result.changed.items()}
    if result.changed:
        from .release import versions
        if (root / versions.VERSION_FILE).is_file():
            old = versions.read_version(root)
            new = versions.bump(old, "minor")
            files[root / versions.VERSION_FILE] = new + "\n"
            result.version = (old, new)
            result.record["version"] = {"from": old, "to": new}
    files[applied_path] = dumps_json(result.record)
    write_all(root, files, lambda scratch: _validate_new_gold(paths, result.changed, scratch))
    return result


def _validate_new_gold(paths: Paths, changed: Mapping[str, AnnotationSet], stage: Path) -> None:
    """Run the corpus validator (every level, gold rules) on the new gold files, written to the
    transaction's scratch folder ``stage`` (never where the validator scans); raise on its first error."""
    from .validate import validate

    if not changed:
        return
    for doc_id, ann in changed.items():
        write_json(stage / f"{doc_id}.json", ann.to_dict())
    errors = [i for i in validate([str(stage)], level=3, kind="gold") if i.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SWNError(f"the validator rejects the new gold: {first.message}{more}; nothing applied",
                       file=rel(paths.gold_dir / Path(first.file).name, paths.root), record=first.record,
                       field=first.field, check=first.check)
