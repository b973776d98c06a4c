"""Reading and writing the stored files of the corpus. Every write is atomic.

Layout (relative to the repository root)::

    corpus/raw/<doc_id>.txt            raw texts, byte-exact
    corpus/metadata.jsonl              one DocumentMetadata per line
    annotations/gold/<doc_id>.json     gold AnnotationSet per document
    annotations/passes/<name>/<doc_id>.json   independent annotation passes
    annotations/rounds/<N>/<name>/<doc_id>.json   Label Studio rounds
    annotations/entities.json          entity registry

Every reader raises :class:`SWNError` naming file, record and field; nothing else escapes.
"""
from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import faults, jsonio, vocab
from .errors import SWNError
from .model import (AnnotationSet, Document, DocumentMetadata, RegistryEntry, check_spans_against_text)

_DOC_ID = re.compile(vocab.DOC_ID_PATTERN)  # used with fullmatch: "$" alone would accept a trailing newline


# Where an installed wheel keeps the released files (see setup.py), with their repository paths.
PACKAGED_CORPUS = Path(__file__).resolve().parent / "data" / "release"


@dataclass(frozen=True)
class Located:
    """A corpus root and how it was found: ``argument``, ``SWN_ROOT``, ``checkout`` (the current
    folder or one above it), ``source`` (the checkout this package runs from) or ``package``
    (the release installed with the package)."""
    root: Path
    source: str


def _has_corpus(folder: Path) -> bool:
    return (folder / "corpus" / "metadata.jsonl").is_file()


def locate_corpus(start: str | os.PathLike | None = None) -> Located:
    """The corpus to use. In this order: ``start`` (or the nearest parent of it holding
    ``corpus/metadata.jsonl``); ``$SWN_ROOT``; the nearest parent of the current folder holding
    one (so inside a checkout the checkout wins); the checkout this package runs from (an
    editable install); the released files installed with the package."""
    if start is not None:
        here = Path(start).resolve()
        for p in (here, *here.parents):
            if _has_corpus(p):
                return Located(p, "argument")
        raise SWNError("no corpus here (no corpus/metadata.jsonl in this folder or above)", file=str(here),
                       check="file-missing")
    env = os.environ.get("SWN_ROOT")
    if env:
        root = Path(env).resolve()
        if not _has_corpus(root):
            raise SWNError("SWN_ROOT does not hold a corpus (no corpus/metadata.jsonl)", file=str(root),
                           check="file-missing")
        return Located(root, "SWN_ROOT")
    here = Path.cwd().resolve()
    for p in (here, *here.parents):
        if _has_corpus(p):
            return Located(p, "checkout")
    source = Path(__file__).resolve().parents[2]
    if _has_corpus(source):
        return Located(source, "source")
    if _has_corpus(PACKAGED_CORPUS):
        return Located(PACKAGED_CORPUS, "package")
    raise SWNError("no corpus found: not in a checkout, and this installation carries none (install the swn "
                   "wheel, or set SWN_ROOT to a checkout)", file=str(here), check="file-missing")


def find_root(start: str | os.PathLike | None = None) -> Path:
    """The corpus root (see :func:`locate_corpus`)."""
    return locate_corpus(start).root


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def raw_dir(self) -> Path: return self.root / "corpus" / "raw"
    @property
    def metadata(self) -> Path: return self.root / "corpus" / "metadata.jsonl"
    @property
    def manifest(self) -> Path: return self.root / "corpus" / "MANIFEST.json"
    @property
    def gold_dir(self) -> Path: return self.root / "annotations" / "gold"
    @property
    def passes_dir(self) -> Path: return self.root / "annotations" / "passes"
    @property
    def rounds_dir(self) -> Path: return self.root / "annotations" / "rounds"
    @property
    def registry(self) -> Path: return self.root / "annotations" / "entities.json"
    @property
    def schema_dir(self) -> Path: return self.root / "schema"

    def raw(self, doc_id: str) -> Path:
        return self.raw_dir / f"{check_doc_id(doc_id)}.txt"

    def gold(self, doc_id: str) -> Path:
        return self.gold_dir / f"{check_doc_id(doc_id)}.json"


def check_doc_id(doc_id: Any, *, file: str | None = None, record: str | None = None) -> str:
    """Return ``doc_id`` if it is a safe document id (no ``/``, no ``..``), else raise."""
    if not isinstance(doc_id, str) or not _DOC_ID.fullmatch(doc_id):
        raise SWNError(f"{doc_id!r} is not a document id (lower-case letters, digits and '-', 3-64 chars)",
                       file=file, record=record, field="doc_id", check="bad-doc-id")
    return doc_id


def rel(path: Path | str, root: Path | None = None) -> str:
    """A path as shown to users: relative to ``root`` (or cwd) when it is inside it."""
    p = Path(path)
    for base in (root, Path.cwd()):
        if base is not None:
            try:
                return str(p.resolve().relative_to(base.resolve()))
            except ValueError:
                pass
    return str(p)


# ---------------------------------------------------------------- low level

# The one strict JSON reader (see swn.jsonio); re-exported under the names used across the package.
read_bytes = jsonio.read_bytes
read_json = jsonio.read
iter_jsonl = jsonio.read_lines


def decode_utf8(data: bytes, path: Path | str) -> str:
    return jsonio.decode(data, str(path))


def parse_json(text: str, path: Path | str) -> Any:
    return jsonio.loads(text, str(path))


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new, empty temporary file next to ``name``, created with mode 0666 so that the kernel
    applies the umask (and any default ACL) exactly as for a plain ``open(path, "w")``.
    ``tempfile.mkstemp`` would create it 0600, leaving a rendered site or an export unreadable
    to a web server running as another user; reading the umask instead is not thread-safe."""
    for _ in range(100):
        tmp = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def _refuse_installed_release(path: Path) -> None:
    """The release installed with the package is read-only: it must stay the released bytes
    (and site-packages is no place for a build, a schema or an agreement report)."""
    if path.resolve().is_relative_to(PACKAGED_CORPUS):
        raise SWNError("this is the release installed with the package, which is read-only; work in a checkout "
                       "(or point SWN_ROOT at one)", file=str(path), check="read-only")


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write via a temporary file in the same folder and an atomic rename (mode as ``open``
    would give it: 0644 under the usual umask 022)."""
    path = Path(path)
    _refuse_installed_release(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temporary(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            faults.point("write", path)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        faults.point("rename", path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(obj: Any) -> str:
    """Canonical JSON of SWN: two-space indent, UTF-8 kept, lists of objects one object per line."""
    return _dumps(obj, 0) + "\n"


def _dumps(obj: Any, level: int) -> str:
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(obj, dict) and obj:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj):
        items = [inner + json.dumps(x, ensure_ascii=False) for x in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def write_json(path: Path | str, obj: Any) -> None:
    atomic_write_text(path, dumps_json(obj))


def write_jsonl(path: Path | str, records: Iterable[Any]) -> None:
    atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


# ---------------------------------------------------------------- typed readers and writers

def read_raw_text(path: Path | str) -> str:
    return decode_utf8(read_bytes(path), path)


def read_metadata(path: Path | str) -> list[DocumentMetadata]:
    out = []
    for n, rec in iter_jsonl(path):
        try:
            check_doc_id(rec.get("id") if isinstance(rec, dict) else None)
            out.append(DocumentMetadata.from_dict(rec))
        except SWNError as e:
            raise SWNError(e.message, file=str(path), record=f"line {n}", field="id", check=e.check) from None
        except (KeyError, TypeError, AttributeError) as e:
            raise SWNError(f"missing or malformed field ({e})", file=str(path), record=f"line {n}",
                           field=str(e).strip("'"), check="schema") from None
    return out


def write_metadata(path: Path | str, records: Iterable[DocumentMetadata]) -> None:
    write_jsonl(path, (r.to_dict() for r in records))


def read_annotations(path: Path | str) -> AnnotationSet:
    data = read_json(path)
    try:
        return AnnotationSet.from_dict(data)
    except SWNError as e:
        raise SWNError(e.message, file=str(path), record=e.record, field=e.field, check=e.check) from None


def write_annotations(path: Path | str, annotations: AnnotationSet) -> None:
    write_json(path, annotations.to_dict())


def read_annotation_dir(folder: Path | str) -> dict[str, AnnotationSet]:
    """Every ``<doc_id>.json`` of a folder (a gold set, a pass, a round's pass), by doc id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SWNError("folder not found", file=str(folder), record="-", field="-", check="file-missing")
    out = {}
    for p in sorted(folder.glob("*.json")):
        a = read_annotations(p)
        if a.doc_id != p.stem:
            raise SWNError(f"file is named {p.stem!r} but holds {a.doc_id!r}", file=str(p), record="-",
                           field="doc_id", check="doc-id-mismatch")
        out[a.doc_id] = a
    return out


def read_registry(path: Path | str) -> dict[str, RegistryEntry]:
    """The entity registry by id, after the validator's registry rules (schema, duplicate ids)."""
    from .validate.corpus import registry_incidents

    data = read_json(path)
    _, incidents = registry_incidents(data, str(path), 3)
    errors = [i for i in incidents if i.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SWNError(first.message + more, file=str(path), record=first.record, field=first.field,
                       check=first.check)
    return {e["id"]: RegistryEntry(id=e["id"], name=e["name"], type=e["type"], aliases=tuple(e.get("aliases", ())),
                                   wikidata=e.get("wikidata"), note=e.get("note"))
            for e in data["entities"]}


def write_registry(path: Path | str, entries: Iterable[RegistryEntry]) -> None:
    write_json(path, {"entities": [e.to_dict() for e in sorted(entries, key=lambda e: e.id)]})


# ---------------------------------------------------------------- the corpus

def load_corpus(root: str | os.PathLike | None = None, *, annotations: str = "gold") -> list[Document]:
    """Typed documents in metadata order, each with its annotations.

    ``annotations`` is ``"gold"``, ``"none"``, or a folder (relative to the root) of
    ``<doc_id>.json`` files such as ``annotations/passes/a``.
    """
    paths = Paths(find_root(root) if root is None else Path(root))
    metas = read_metadata(paths.metadata)
    folder = None if annotations == "none" else (paths.gold_dir if annotations == "gold" else paths.root / annotations)
    docs = []
    for m in metas:
        raw_path = paths.raw(m.id)
        text = read_raw_text(raw_path)
        ann = None
        if folder is not None:
            p = folder / f"{m.id}.json"
            if p.is_file():
                ann = read_annotations(p)
                try:
                    check_spans_against_text(text, ann)
                except SWNError as e:
                    raise SWNError(e.message, file=str(p), record=e.record, field=e.field, check=e.check) from None
        try:
            docs.append(Document(id=m.id, text=text, metadata=m, annotations=ann))
        except SWNError as e:
            raise SWNError(e.message, file=str(paths.metadata), record=m.id, field=e.field, check=e.check) from None
    return docs
