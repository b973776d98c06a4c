"""``swn diff A B``: span-level changes between two releases.

A and B are tags, commits (materialised with ``git archive``, see :mod:`swn.release.load`)
or folders: a repository root (its ``annotations/gold``), a release without it (its
``corpus/data/documents.jsonl``) or a folder of ``<doc_id>.json`` annotation sets.

Spans are paired by id first (ids are stable across releases and never reused); spans left
over on both sides in the same document and layer are paired by the shared matcher
(:func:`swn.scoring.match.align`, exact offsets first, then overlap), so a span whose id
changed shows as "changed", not as one removal and one addition.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Span
from ..store import iter_jsonl, read_annotation_dir


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed | doc_added | doc_removed | doc_stance
    doc_id: str
    layer: str
    old: Span | None = None
    new: Span | None = None
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (field, old, new) for "changed" / "doc_stance"

    @property
    def span_id(self) -> str | None:
        s = self.new or self.old
        return s.id if s is not None else None

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "doc_id": self.doc_id, "layer": self.layer}
        if self.old is not None:
            out["old"] = self.old.to_dict()
        if self.new is not None:
            out["new"] = self.new.to_dict()
        if self.fields:
            out["fields"] = [{"field": f, "old": _plain(a), "new": _plain(b)} for f, a, b in self.fields]
        return out


def _plain(v: Any) -> Any:
    return v.to_dict() if hasattr(v, "to_dict") else v


def _compared_fields(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text,
            **{k: _plain(v) for k, v in span.attributes().items()}}


def read_side(path: Path) -> dict[str, AnnotationSet]:
    """The annotation sets of one side: a repository's gold (the source of truth; its built
    files may be stale), else a release's ``corpus/data/documents.jsonl`` (e.g. a Hub
    download), else a folder of ``<doc_id>.json`` annotation sets."""
    from .rows import annotation_set_from_document_row

    if (path / "annotations" / "gold").is_dir():
        return read_annotation_dir(path / "annotations" / "gold")
    data = path / "corpus" / "data" / "documents.jsonl"
    if data.is_file():
        out = {}
        for n, row in iter_jsonl(data):
            try:
                a = annotation_set_from_document_row(row)
            except (SWNError, KeyError, TypeError) as e:
                raise SWNError(f"not a documents row ({e})", file=str(data), record=f"line {n}", check="schema") from None
            out[a.doc_id] = a
        return out
    if path.is_dir():
        return read_annotation_dir(path)
    raise SWNError("neither a folder nor a release", file=str(path), check="file-missing")


def resolve_side(spec: str, repo: Path | None) -> Path:
    p = Path(spec)
    if p.is_dir():
        return p
    if repo is None:
        raise SWNError(f"{spec!r} is not a folder, and there is no git repository to find it in", check="file-missing")
    from .load import materialise

    return materialise(spec, repo)


def diff_sets(a: Mapping[str, AnnotationSet], b: Mapping[str, AnnotationSet]) -> list[Change]:
    """Every change from ``a`` to ``b``, in document, layer and offset order."""
    from ..scoring.match import align

    changes: list[Change] = []
    for doc_id in sorted(a.keys() | b.keys()):
        if doc_id not in b:
            changes.append(Change("doc_removed", doc_id, "-"))
            continue
        if doc_id not in a:
            changes.append(Change("doc_added", doc_id, "-"))
            continue
        old, new = a[doc_id], b[doc_id]
        for layer in vocab.LAYER_NAMES:
            changes.extend(_diff_layer(doc_id, layer, old.layer(layer), new.layer(layer), align))
        ds = [(t, old.doc_stance.get(t), new.doc_stance.get(t)) for t in vocab.STANCE_TARGETS
              if old.doc_stance.get(t) != new.doc_stance.get(t)]
        if ds:
            changes.append(Change("doc_stance", doc_id, "doc_stance", fields=tuple(ds)))
    return changes


def _diff_layer(doc_id, layer, old_spans, new_spans, align) -> Iterator[Change]:
    new_by_id = {s.id: j for j, s in enumerate(new_spans) if s.id is not None}
    pairs, left_old = [], []
    used_new: set[int] = set()
    for i, s in enumerate(old_spans):
        j = new_by_id.get(s.id) if s.id is not None else None
        if j is not None and j not in used_new:
            pairs.append((i, j))
            used_new.add(j)
        else:
            left_old.append(i)
    left_new = [j for j in range(len(new_spans)) if j not in used_new]
    if left_old and left_new:
        al = align([old_spans[i] for i in left_old], [new_spans[j] for j in left_new])
        for gi, pj in al.pairs:
            pairs.append((left_old[gi], left_new[pj]))
        left_old = [left_old[i] for i in al.missed]
        left_new = [left_new[j] for j in al.spurious]
    out: list[tuple[int, Change]] = []
    for i, j in pairs:
        o, n = old_spans[i], new_spans[j]
        fo, fn = _compared_fields(o), _compared_fields(n)
        diffs = tuple((k, fo[k], fn[k]) for k in fo if fo[k] != fn[k])
        if o.id != n.id:
            diffs = (("id", o.id, n.id),) + diffs
        if diffs:
            out.append((n.start, Change("changed", doc_id, layer, o, n, diffs)))
    out += [(old_spans[i].start, Change("removed", doc_id, layer, old=old_spans[i])) for i in left_old]
    out += [(new_spans[j].start, Change("added", doc_id, layer, new=new_spans[j])) for j in left_new]
    for _, c in sorted(out, key=lambda x: (x[0], x[1].kind, x[1].span_id or "")):
        yield c


def _show(span: Span) -> str:
    attrs = " ".join(f"{k}={json.dumps(_plain(v), ensure_ascii=False)}" for k, v in span.attributes().items())
    return f"{span.id or '-'} [{span.start},{span.end}) {json.dumps(span.text, ensure_ascii=False)} {attrs}"


def format_text(changes: list[Change]) -> str:
    lines = []
    for c in changes:
        if c.kind == "doc_added":
            lines.append(f"+ document {c.doc_id}")
        elif c.kind == "doc_removed":
            lines.append(f"- document {c.doc_id}")
        elif c.kind == "doc_stance":
            lines += [f"~ {c.doc_id} doc_stance {t}: {a} -> {b}" for t, a, b in c.fields]
        elif c.kind == "added":
            lines.append(f"+ {c.doc_id} {c.layer} {_show(c.new)}")
        elif c.kind == "removed":
            lines.append(f"- {c.doc_id} {c.layer} {_show(c.old)}")
        else:
            what = "; ".join(f"{f}: {json.dumps(a, ensure_ascii=False)} -> {json.dumps(b, ensure_ascii=False)}"
                             for f, a, b in c.fields)
            lines.append(f"~ {c.doc_id} {c.layer} {c.old.id or '-'}: {what}")
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no changes"
    return "\n".join(lines + [f"({summary})"])
