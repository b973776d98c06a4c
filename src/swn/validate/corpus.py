"""Files that describe the corpus as a whole: metadata, registry, manifest, raw texts, and the
rules that pair them (checksums, titles, every gold file has metadata and vice versa).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from .. import vocab
from .checks import check
from .files import decode, iter_lines, jsonl_record, parse, read_bytes, read_json, read_text, schema_incidents
from .incidents import Incident


@dataclass(frozen=True)
class MetaRow:
    line: int
    sha256: str | None
    n_chars: int | None
    title: dict | None
    valid: bool


@check("title-mismatch", 3)
def title_mismatch(row: MetaRow, text: str, shown: str) -> list[Incident]:
    """A metadata title's offsets lie inside the raw text and text[start:end] equals its text."""
    t = row.title
    if not row.valid or t is None:
        return []
    start, end, stored = t["start"], t["end"], t["text"]
    if 0 <= start < end <= len(text) and text[start:end] == stored:
        return []
    actual = text[start:end] if 0 <= start < end <= len(text) else None
    why = (f"text[{start}:{end}] is {actual[:40]!r}, not {stored[:40]!r}" if actual is not None
           else f"[{start}, {end}) is not a span of the text ({len(text)} code points)")
    return [Incident(shown, f"line {row.line}", "title", "title-mismatch", why, 3)]


@check("raw-sha256-mismatch", 3)
def raw_sha256_mismatch(row: MetaRow, data: bytes, shown_meta: str, raw_shown: str) -> list[Incident]:
    """The sha256 of a raw text's bytes equals the sha256 in its metadata record (raw texts are
    never edited)."""
    if not row.valid:
        return []
    digest = hashlib.sha256(data).hexdigest()
    if digest == row.sha256:
        return []
    return [Incident(shown_meta, f"line {row.line}", "sha256", "raw-sha256-mismatch",
                     f"{raw_shown} has sha256 {digest[:12]}…, the metadata says {row.sha256[:12]}…", 3)]


@check("raw-n-chars-mismatch", 3)
def raw_n_chars_mismatch(row: MetaRow, text: str, shown_meta: str) -> list[Incident]:
    """A metadata record's n_chars equals the length of the raw text in code points."""
    if not row.valid or row.n_chars == len(text):
        return []
    return [Incident(shown_meta, f"line {row.line}", "n_chars", "raw-n-chars-mismatch",
                     f"n_chars is {row.n_chars} but the raw text has {len(text)} code points", 3)]


@check("manifest-mismatch", 3)
def manifest_mismatch(manifest: dict[str, tuple[str, int]], rel_path: str, data: bytes | None,
                      shown_manifest: str) -> list[Incident]:
    """When corpus/MANIFEST.json exists, it lists every raw text, and each raw text listed exists
    and has the manifest's sha256 and size."""
    entry = manifest.get(rel_path)
    if data is None:
        return [] if entry is None else [Incident(shown_manifest, rel_path, "path", "manifest-mismatch",
                                                  "listed but the file does not exist", 3)]
    if entry is None:
        return [Incident(shown_manifest, rel_path, "path", "manifest-mismatch", "raw text not listed", 3)]
    sha, size = entry
    problems = []
    if size != len(data):
        problems.append(f"size is {len(data)} bytes, the manifest says {size}")
    if sha != hashlib.sha256(data).hexdigest():
        problems.append("sha256 differs from the manifest")
    return [Incident(shown_manifest, rel_path, "sha256" if "sha256" in p else "size", "manifest-mismatch", p, 3)
            for p in problems]


@check("gold-without-metadata", 3)
def gold_without_metadata(doc_id: str, shown: str) -> list[Incident]:
    """Every gold annotation file is for a document of corpus/metadata.jsonl."""
    return [Incident(shown, "-", "doc_id", "gold-without-metadata", f"no metadata record for {doc_id!r}", 3)]


@check("metadata-without-gold", 3)
def metadata_without_gold(doc_id: str, line: int, shown_meta: str) -> list[Incident]:
    """Once there is gold, every document of the metadata has its gold file
    annotations/gold/<doc_id>.json."""
    return [Incident(shown_meta, f"line {line}", "id", "metadata-without-gold",
                     f"no annotations/gold/{doc_id}.json", 3)]


@check("raw-without-metadata", 3)
def raw_without_metadata(shown_raw: str, stem: str) -> list[Incident]:
    """Every corpus/raw/*.txt is a document of corpus/metadata.jsonl (no stray texts)."""
    return [Incident(shown_raw, "-", "-", "raw-without-metadata", f"no metadata record for {stem!r}", 3)]


@check("unused-registry-entry", 3)
def unused_registry_entry(entries: dict[str, "RegistryRow"], used: set[str], shown: str) -> list[Incident]:
    """Every entity of the registry is referenced by at least one gold mention or stance holder."""
    return [Incident(shown, f"entities[{row.index}]({eid})", "id", "unused-registry-entry",
                     f"{eid!r} is not used by any gold annotation", 3)
            for eid, row in entries.items() if eid not in used]


# ---------------------------------------------------------------- loaders (level 1 + id rules)

def _stream_lines(path: Path, shown: str) -> Iterator[tuple[int, str, Incident | None]]:
    """``(line number, line, None)`` per non-blank line, read one line at a time (memory flat in
    the file size); a missing file or a line that is not UTF-8 gives an incident instead."""
    try:
        fh = open(path, "rb")
    except OSError:
        yield 0, "", read_bytes(path, shown)[1] or Incident(shown, "-", "-", "file-missing", "cannot read", 1)
        return
    with fh:
        for n, raw in enumerate(fh, start=1):
            line, inc = decode(raw, shown, n)
            if inc:
                yield n, "", inc
                continue
            if line.strip():
                yield n, line, None


def iter_metadata(path: Path, shown: str, level: int, first_line: dict[str, int] | None = None
                  ) -> Iterator[tuple[MetaRow | None, str | None, list[Incident]]]:
    """Stream ``(row, doc_id, incidents)`` per metadata line; ``row`` is None for a line that gives no
    usable document id or repeats one. Keeps only ``first_line`` ({doc id: line}, for duplicate-id;
    pass a dict to reuse it as the corpus's index of document ids)."""
    first_line = {} if first_line is None else first_line
    for n, line, inc in _stream_lines(path, shown):
        if inc:
            yield None, None, [inc]
            continue
        rec, inc = parse(line, shown, n)
        if inc:
            yield None, None, [inc]
            continue
        problems = schema_incidents("document-metadata", rec, shown, jsonl_record(n))
        doc_id = rec.get("id") if isinstance(rec, dict) else None
        if not isinstance(doc_id, str) or any(p.field == "id" for p in problems):
            yield None, None, problems
            continue
        if doc_id in first_line:
            if level >= 3:
                problems.append(Incident(shown, f"line {n}", "id", "duplicate-id",
                                         f"document {doc_id!r} is also described on line {first_line[doc_id]}", 3))
            yield None, None, problems
            continue
        first_line[doc_id] = n
        valid = not problems
        yield (MetaRow(n, rec["sha256"] if valid else None, rec["n_chars"] if valid else None,
                       rec["title"] if valid else None, valid), doc_id, problems)


def load_metadata(path: Path, shown: str, level: int) -> tuple[dict[str, MetaRow], list[Incident]]:
    """The metadata index by document id, and the incidents of the file."""
    index: dict[str, MetaRow] = {}
    out: list[Incident] = []
    for row, doc_id, incs in iter_metadata(path, shown, level):
        out.extend(incs)
        if row is not None:
            index[doc_id] = row
    return index, out


class RegistryRow(NamedTuple):
    index: int  # position in the registry's list
    type: str | None  # the entity's type (an entity label), None if missing


def load_registry(path: Path, shown: str, level: int) -> tuple[dict[str, RegistryRow] | None, list[Incident]]:
    """``{entity id: (index, type)}`` of the registry (``None`` if unreadable), and its incidents."""
    data, inc = read_json(path, shown)
    if inc:
        return None, [inc]
    return registry_incidents(data, shown, level)


def registry_incidents(data: Any, shown: str, level: int) -> tuple[dict[str, int] | None, list[Incident]]:
    """``{entity id: index}`` of a parsed registry (``None`` if unusable), and its incidents
    (schema, duplicate ids): the one set of registry rules, for the validator and the reader."""
    def record_of(p: list) -> tuple[str, str]:
        if len(p) >= 2 and p[0] == "entities" and isinstance(p[1], int):
            eid = data["entities"][p[1]].get("id") if isinstance(data["entities"][p[1]], dict) else None
            return f"entities[{p[1]}]" + (f"({eid})" if isinstance(eid, str) else ""), ".".join(map(str, p[2:])) or "-"
        return "-", ".".join(map(str, p)) or "-"

    out = schema_incidents("entity-registry", data, shown, record_of)
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        return None, out
    ids: dict[str, RegistryRow] = {}
    for i, e in enumerate(data["entities"]):
        eid = e.get("id") if isinstance(e, dict) else None
        if not isinstance(eid, str):
            continue
        if eid in ids:
            if level >= 3:
                out.append(Incident(shown, f"entities[{i}]({eid})", "id", "duplicate-id",
                                    f"entity id {eid!r} is also entities[{ids[eid].index}]", 3))
            continue
        ids[eid] = RegistryRow(i, e.get("type") if isinstance(e.get("type"), str) else None)
    return ids, out


def load_manifest(path: Path, shown: str) -> tuple[dict[str, tuple[str, int]] | None, list[Incident]]:
    """``{path: (sha256, size)}`` of corpus/MANIFEST.json (``None`` if unusable), and its incidents."""
    data, inc = read_json(path, shown)
    if inc:
        return None, [inc]

    def record_of(p: list) -> tuple[str, str]:
        if len(p) >= 2 and p[0] == "files" and isinstance(p[1], int):
            return f"files[{p[1]}]", ".".join(map(str, p[2:])) or "-"
        return "-", ".".join(map(str, p)) or "-"

    out = schema_incidents("manifest", data, shown, record_of)
    if out:
        return None, out
    return {f["path"]: (f["sha256"], f["size"]) for f in data["files"]}, out


def raw_checks(doc_id: str, row: MetaRow | None, raw_path: Path, raw_shown: str, meta_shown: str,
               manifest: dict | None, manifest_shown: str, level: int) -> tuple[str | None, list[Incident]]:
    """Read one raw text and check it against its metadata record and the manifest."""
    out: list[Incident] = []
    data, _ = read_bytes(raw_path, raw_shown)
    rel = f"corpus/raw/{doc_id}.txt"
    if manifest is not None and level >= 3:
        out.extend(manifest_mismatch(manifest, rel, data, manifest_shown))
    if data is None:
        if level >= 2:
            out.append(Incident(meta_shown, f"line {row.line}" if row else "-", "id", "raw-text-missing",
                                f"{raw_shown} does not exist", 2))
        return None, out
    text, inc = decode(data, raw_shown)
    if inc:
        out.append(inc)
    if row is not None and level >= 3:
        out.extend(raw_sha256_mismatch(row, data, meta_shown, raw_shown))
        if text is not None:
            out.extend(raw_n_chars_mismatch(row, text, meta_shown))
            out.extend(title_mismatch(row, text, meta_shown))
    return text, out


def manifest_unlisted(manifest: dict, seen: set[str], shown: str, level: int) -> list[Incident]:
    """Manifest entries for raw texts that were not seen (the file is gone)."""
    if level < 3:
        return []
    return [Incident(shown, p, "path", "manifest-mismatch", "listed but the file does not exist", 3)
            for p in sorted(manifest) if p.startswith("corpus/raw/") and p not in seen]


def is_doc_id(value: Any) -> bool:
    import re
    return isinstance(value, str) and re.fullmatch(vocab.DOC_ID_PATTERN[1:-1], value) is not None
