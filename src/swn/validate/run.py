"""The validator's driver: what a PATH is, in which order files are read, which level runs.

Streams: one annotation file (or predictions line) at a time, so memory does not grow with
the number of documents beyond an index of document ids.
"""
from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from .. import vocab
from ..errors import SWNError
from ..store import Paths, find_root, rel
from .corpus import (MetaRow, gold_without_metadata, is_doc_id, iter_metadata, load_manifest, load_metadata,
                     load_registry,
                     manifest_unlisted, metadata_without_gold, raw_checks, raw_without_metadata,
                     unused_registry_entry)
from .documents import DocContext, document_incidents
from .files import def_predicate, iter_lines, jsonl_record, parse, read_json, read_text, schema_incidents
from .incidents import Incident
from .spans import AnnotationDoc, offset_incidents

_LAYERS = vocab.LAYER_NAMES


class _Texts:
    """Raw texts by document id, for files validated on their own (one-slot cache)."""

    def __init__(self, paths: Paths | None) -> None:
        self.paths = paths
        self.last: tuple[str, str | None, str] | None = None

    def get(self, doc_id: str) -> tuple[str | None, str]:
        if self.last and self.last[0] == doc_id:
            return self.last[1], self.last[2]
        if self.paths is None:
            text, why = None, "no corpus root found (corpus/metadata.jsonl)"
        else:
            p = self.paths.raw_dir / f"{doc_id}.txt"
            try:
                text, why = p.read_bytes().decode("utf-8"), ""
            except FileNotFoundError:
                text, why = None, f"{rel(p, self.paths.root)} does not exist"
            except UnicodeDecodeError:
                text, why = None, f"{rel(p, self.paths.root)} is not UTF-8"
            except OSError as e:
                text, why = None, f"cannot read {rel(p, self.paths.root)}: {e.strerror}"
        self.last = (doc_id, text, why)
        return text, why

    def put(self, doc_id: str, text: str | None, why: str = "") -> None:
        self.last = (doc_id, text, why)


class Validator:
    def __init__(self, level: int, paths: Paths | None) -> None:
        if level not in (1, 2, 3):
            raise ValueError("level must be 1, 2 or 3")
        self.level = level
        self.paths = paths
        self.texts = _Texts(paths)
        self._meta: dict[str, MetaRow] | None = None
        self._registry: dict | None | bool = False  # False: not loaded yet

    def shown(self, p: Path) -> str:
        # Paths built from the root are shown relative to it by string (resolve() per file costs
        # more than validating it); anything else goes through store.rel.
        if self.paths is not None:
            head = str(self.paths.root)
            s = str(p)
            if s.startswith(head + "/"):
                return s[len(head) + 1:]
            if s == head:
                return "."
        return rel(p, self.paths.root if self.paths else None)

    # ------------------------------------------------------------ lazily loaded context (silent)

    def metadata(self) -> dict[str, MetaRow]:
        if self._meta is None:
            self._meta = {}
            if self.paths and self.paths.metadata.is_file():
                self._meta, _ = load_metadata(self.paths.metadata, "", 1)
        return self._meta

    def registry(self) -> dict | None:
        if self._registry is False:
            self._registry = None
            if self.paths and self.paths.registry.is_file():
                self._registry, _ = load_registry(self.paths.registry, "", 1)
        return self._registry  # type: ignore[return-value]

    # ------------------------------------------------------------ one annotation set

    def annotation_set(self, data, shown: str, kind: str, ctx: DocContext | None, *, line: int | None = None,
                       stem: str | None = None, text: str | None = None, have_text: bool = False,
                       report_missing_text: bool = True) -> list[Incident]:
        """All levels for one parsed annotation set (a file's object or a predictions line)."""
        schema_name = "predictions-record" if kind == "predictions" else "annotation-file"
        record_of = jsonl_record(line) if line is not None else _annotation_record(data)
        out = schema_incidents(schema_name, data, shown, record_of)
        if not isinstance(data, dict):
            return out
        doc_id = data.get("doc_id") if is_doc_id(data.get("doc_id")) else None
        doc = AnnotationDoc(shown, doc_id, data, kind, stem=stem, line=line)
        for layer in _LAYERS:
            items = data.get(layer)
            if not isinstance(items, list):
                continue
            if out:
                ok = def_predicate(schema_name, f"span-{layer}")
                doc.spans[layer] = [(i, s) for i, s in enumerate(items) if ok(s)]
            else:
                doc.spans[layer] = list(enumerate(items))
        if self.level >= 2 and doc_id is not None:
            if not have_text:
                if kind == "predictions" and doc_id not in self.metadata():
                    out.append(Incident(shown, f"line {line}", "doc_id", "unknown-document",
                                        f"{doc_id!r} is not a document of the corpus", 2))
                    return out
                text, why = self.texts.get(doc_id)
                if text is None and report_missing_text:
                    out.append(Incident(shown, f"line {line}" if line else "-", "doc_id", "raw-text-missing",
                                        f"cannot check offsets: {why}", 2))
            if text is not None:
                doc.text = text
                out.extend(offset_incidents(doc))
        if self.level >= 3:
            out.extend(document_incidents(doc, ctx or DocContext(registry=None)))
        return out

    def annotation_file(self, path: Path, kind: str, ctx: DocContext | None, *, text: str | None = None,
                        have_text: bool = False, report_missing_text: bool = True) -> tuple[str | None, list[Incident]]:
        """``(doc_id or None, incidents)`` of one annotation file."""
        shown = self.shown(path)
        data, inc = read_json(path, shown)
        if inc:
            return None, [inc]
        doc_id = data.get("doc_id") if isinstance(data, dict) and is_doc_id(data.get("doc_id")) else None
        if have_text and doc_id != path.stem:
            have_text = False  # the file holds another document than its name says
        return doc_id, self.annotation_set(data, shown, kind, ctx, stem=path.stem, text=text, have_text=have_text,
                                           report_missing_text=report_missing_text)

    def registry_for(self, folder: Path, kind: str, report: bool = False) -> tuple[Mapping | None, list[Incident]]:
        """The registry a folder's entity ids refer to: a pass or round may carry its own,
        ``<folder>.entities.json`` next to it (e.g. annotations/passes/a.entities.json);
        otherwise annotations/entities.json."""
        own = folder.parent / f"{folder.name}.entities.json"
        if kind != "gold" and own.is_file():
            ids, incs = load_registry(own, self.shown(own), self.level)
            return _frozen(ids), incs if report else []
        return _frozen(self.registry()), []

    def annotation_folder(self, folder: Path, kind: str, report_registry: bool = False) -> Iterator[Incident]:
        registry, incs = self.registry_for(folder, kind, report_registry)
        yield from incs
        ctx = DocContext(registry=registry)
        for p in sorted(folder.glob("*.json")):
            yield from self.annotation_file(p, kind, ctx)[1]

    def predictions(self, path: Path) -> Iterator[Incident]:
        shown = self.shown(path)
        text, inc = read_text(path, shown)
        if text is None:
            yield inc
            return
        seen: dict[str, int] = {}
        for n, line in iter_lines(text):
            data, inc = parse(line, shown, n)
            if inc:
                yield inc
                continue
            yield from self.annotation_set(data, shown, "predictions", None, line=n)
            doc_id = data.get("doc_id") if isinstance(data, dict) else None
            if isinstance(doc_id, str) and self.level >= 3:
                if doc_id in seen:
                    yield Incident(shown, f"line {n}", "doc_id", "duplicate-id",
                                   f"document {doc_id!r} already has predictions on line {seen[doc_id]}", 3)
                else:
                    seen[doc_id] = n

    def raw_text(self, path: Path) -> list[Incident]:
        """A raw text on its own: UTF-8, and its metadata record's checksum, length and title."""
        row = self.metadata().get(path.stem)
        meta_shown = self.shown(self.paths.metadata) if self.paths else "corpus/metadata.jsonl"
        if row is None:
            text, inc = read_text(path, self.shown(path))
            return [inc] if inc else []
        return raw_checks(path.stem, row, path, self.shown(path), meta_shown, None, "", self.level)[1]

    # ------------------------------------------------------------ the whole corpus

    def corpus(self) -> Iterator[Incident]:
        paths = self.paths
        assert paths is not None
        meta_shown = self.shown(paths.metadata)

        manifest, manifest_shown = None, self.shown(paths.manifest)
        if paths.manifest.exists():
            manifest, incs = load_manifest(paths.manifest, manifest_shown)
            yield from incs

        # Only names are kept for the whole corpus (a set of ids), never documents: memory stays
        # flat in the number of documents apart from these strings.
        gold = _json_stems(paths.gold_dir)
        registry = None
        reg_shown = self.shown(paths.registry)
        if paths.registry.exists() or gold:
            registry, incs = load_registry(paths.registry, reg_shown, self.level)
            yield from incs
        self._registry = registry
        ctx = DocContext(registry=_frozen(registry))

        gold_present = bool(gold)
        index: dict[str, int] = {}  # document id -> metadata line, filled while streaming
        for row, doc_id, incs in iter_metadata(paths.metadata, meta_shown, self.level, index):
            yield from incs
            if row is None:
                continue
            raw_path = paths.raw_dir / f"{doc_id}.txt"
            text, incs = raw_checks(doc_id, row, raw_path, self.shown(raw_path), meta_shown, manifest,
                                    manifest_shown, self.level)
            yield from incs
            self.texts.put(doc_id, text, f"{self.shown(raw_path)} is missing or not UTF-8")
            if doc_id in gold:
                gold.discard(doc_id)
                _, incs = self.annotation_file(paths.gold_dir / f"{doc_id}.json", "gold", ctx, text=text,
                                               have_text=True)
                yield from incs
            elif self.level >= 3 and gold_present:
                yield from metadata_without_gold(doc_id, row.line, meta_shown)
        self._meta = None
        for stem in sorted(gold):
            p = paths.gold_dir / f"{stem}.json"
            # A gold file without metadata is reported as such (level 3); its offsets are checked
            # if its raw text exists, but a missing raw text is not reported a second time.
            doc_id, incs = self.annotation_file(p, "gold", ctx, report_missing_text=False)
            yield from incs
            if self.level >= 3 and doc_id is not None and doc_id not in index:
                yield from gold_without_metadata(doc_id, self.shown(p))
        if paths.raw_dir.is_dir() and self.level >= 3:
            stray = sorted(e.name for e in os.scandir(paths.raw_dir) if e.name.endswith(".txt")
                           and e.name[:-4] not in index)
            for name in stray:
                yield from raw_without_metadata(self.shown(paths.raw_dir / name), name[:-4])
        if manifest is not None:
            yield from manifest_unlisted(manifest, {f"corpus/raw/{d}.txt" for d in index}, manifest_shown,
                                         self.level)
        if registry is not None and self.level >= 3 and gold_present:
            yield from unused_registry_entry(registry, ctx.used, reg_shown)
        for folder in _pass_folders(paths):
            yield from self.annotation_folder(folder, "pass", report_registry=True)


def _json_stems(folder: Path) -> set[str]:
    """Names (without .json) of the annotation files of a folder; empty if there is no folder."""
    try:
        return {e.name[:-5] for e in os.scandir(folder) if e.name.endswith(".json") and e.is_file()}
    except (FileNotFoundError, NotADirectoryError):
        return set()


def _frozen(registry: dict | None) -> Mapping[str, str | None] | None:
    """entity id -> registry type, read-only (what the document rules see)."""
    return None if registry is None else MappingProxyType({eid: row.type for eid, row in registry.items()})


def _annotation_record(data):
    def record_of(p: list) -> tuple[str, str]:
        if len(p) >= 2 and p[0] in _LAYERS and isinstance(p[1], int):
            try:
                sid = data[p[0]][p[1]].get("id")
            except (AttributeError, LookupError, TypeError):
                sid = None
            field = ".".join(map(str, p[2:])) or "-"
            return f"{p[0]}[{p[1]}]" + (f"({sid})" if isinstance(sid, str) else ""), field
        return "-", ".".join(map(str, p)) or "-"
    return record_of


def _pass_folders(paths: Paths) -> list[Path]:
    """annotations/passes/<name>/ and annotations/rounds/<n>/<name>/ (sorted)."""
    out = []
    if paths.passes_dir.is_dir():
        out += sorted(p for p in paths.passes_dir.iterdir() if p.is_dir())
    if paths.rounds_dir.is_dir():
        out += sorted(q for r in sorted(paths.rounds_dir.iterdir()) if r.is_dir() for q in r.iterdir() if q.is_dir())
    return [p for p in out if any(p.glob("*.json"))]


def _root_of(path: Path) -> Paths | None:
    """The corpus a file is checked against: the checkout it lies in, else the default corpus
    (``$SWN_ROOT``, the checkout around the current folder, or the installed release)."""
    for start in (path if path.is_dir() else path.parent, None):
        try:
            return Paths(find_root(start))
        except SWNError:
            continue
    return None


def _kind_of(path: Path, paths: Paths | None) -> str:
    try:
        if paths and path.resolve().is_relative_to(paths.gold_dir.resolve()):
            return "gold"
    except OSError:
        pass
    return "pass"


def iter_validate(targets: Iterable[str | os.PathLike] | None = None, level: int = 3, *,
                  kind: str | None = None) -> Iterator[Incident]:
    """Yield the incidents of every target (default: the corpus around the current folder).

    A target is a corpus root (a folder holding corpus/metadata.jsonl), a folder of annotation
    files (a gold set, a pass), one annotation file, corpus/metadata.jsonl,
    annotations/entities.json, corpus/MANIFEST.json, or a predictions file (``*.jsonl``).
    ``kind`` ("gold" or "pass") overrides what a folder or file outside annotations/gold/ is
    checked as (e.g. new gold staged in a transaction). Never raises for bad data: every
    problem is an :class:`Incident`.
    """
    if targets is None:
        try:
            targets = [find_root()]
        except SWNError as e:
            yield Incident(e.file or ".", "-", "-", "file-missing", e.message, 1)
            return
    for target in targets:
        path = Path(target)
        if (path / "corpus" / "metadata.jsonl").is_file():
            paths = Paths(path)
            v = Validator(level, paths)
            if not paths.metadata.is_file():
                yield Incident(v.shown(paths.metadata), "-", "-", "file-missing", "file not found", 1)
                continue
            yield from _guard(v.corpus(), v.shown(path))
            continue
        paths = _root_of(path)
        v = Validator(level, paths)
        shown = v.shown(path)
        if not path.exists():
            yield Incident(shown, "-", "-", "file-missing", "no such file or folder", 1)
        elif path.is_dir():
            yield from _guard(v.annotation_folder(path, (kind or _kind_of(path, paths)), report_registry=True), shown)
        elif path.name == "metadata.jsonl":
            yield from _guard(iter(load_metadata(path, shown, level)[1]), shown)
        elif path.name == "entities.json":
            yield from _guard(iter(load_registry(path, shown, level)[1]), shown)
        elif path.name == "MANIFEST.json":
            yield from _guard(iter(load_manifest(path, shown)[1]), shown)
        elif path.suffix == ".txt":
            yield from _guard(iter(v.raw_text(path)), shown)
        elif path.suffix == ".jsonl":
            yield from _guard(v.predictions(path), shown)
        else:
            ctx = DocContext(registry=v.registry_for(path.parent, (kind or _kind_of(path, paths)))[0])
            yield from _guard(iter(v.annotation_file(path, (kind or _kind_of(path, paths)), ctx)[1]), shown)


def _guard(incidents: Iterator[Incident], shown: str) -> Iterator[Incident]:
    """Pass incidents through; an unexpected exception (a validator bug) becomes an incident."""
    try:
        yield from incidents
    except Exception as e:  # noqa: BLE001 — the validator must report, never crash
        yield Incident(shown, "-", "-", "internal-error", f"validator bug: {type(e).__name__}: {e}", 1)


def validate_predictions(path: str | os.PathLike, root: str | os.PathLike | None, level: int = 3) -> list[Incident]:
    """The incidents of a predictions file checked against the corpus at ``root`` (default: the
    corpus around the file): the same checks as ``swn validate PREDICTIONS.jsonl``."""
    path = Path(path)
    paths = Paths(Path(root)) if root is not None else _root_of(path)
    v = Validator(level, paths)
    return list(_guard(v.predictions(path), v.shown(path)))


def validate(targets: Iterable[str | os.PathLike] | str | os.PathLike | None = None,
             level: int = 3, *, kind: str | None = None) -> list[Incident]:
    """All incidents of ``targets`` (see :func:`iter_validate`), in a stable order."""
    if isinstance(targets, (str, os.PathLike)):
        targets = [targets]
    return list(iter_validate(targets, level, kind=kind))
