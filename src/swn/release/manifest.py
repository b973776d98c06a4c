"""``corpus/MANIFEST.json``: the sha256 and size of every released file, and checking them.

Released files are the sources (raw texts, metadata, gold annotations, entity registry, the
schema), the built files (``corpus/data/``, ``croissant.json``) and the documentation that
ships with them (README, DATASHEET, CHANGELOG, CITATION, guidelines, VERSION). The manifest
does not list itself.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import SWNError
from ..store import read_json, write_json

MANIFEST_PATH = "corpus/MANIFEST.json"

# Globs relative to the repository root, in the order they are listed.
RELEASED_GLOBS = (
    "VERSION", "README.md", "DATASHEET.md", "CHANGELOG.md", "CITATION.cff", "croissant.json",
    "annotations/GUIDELINES.md", "annotations/AGREEMENT.md", "annotations/entities.json", "annotations/gold/*.json",
    "annotations/timeml-compat.json",
    "corpus/metadata.jsonl", "corpus/raw/*.txt", "corpus/data/*.jsonl", "src/swn/data/vocab.json",
)


def released_files(root: Path | str, extra: Iterable[str] = ()) -> list[str]:
    """Released paths (POSIX, relative to ``root``) that exist, plus ``extra``; sorted, unique."""
    root = Path(root)
    found = set(extra)
    for pattern in RELEASED_GLOBS:
        found.update(p.relative_to(root).as_posix() for p in root.glob(pattern) if p.is_file())
    found.discard(MANIFEST_PATH)
    return sorted(found)


def file_entry(path: str, data: bytes) -> dict:
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def make_manifest(version: str, contents: Mapping[str, bytes]) -> dict:
    """The manifest of ``contents`` (``{path: bytes}``)."""
    return {"version": version, "files": [file_entry(p, contents[p]) for p in sorted(contents)]}


def read_manifest(root: Path | str) -> dict:
    path = Path(root) / MANIFEST_PATH
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise SWNError("must be an object with a list 'files'", file=str(path), record="-", field="files",
                       check="schema")
    for i, e in enumerate(data["files"]):
        if not (isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("sha256"), str)
                and isinstance(e.get("size"), int)):
            raise SWNError("each entry needs path, sha256 and size", file=str(path), record=f"files[{i}]",
                           field="-", check="schema")
    return data


def hashes(manifest: Mapping) -> dict[str, str]:
    return {e["path"]: e["sha256"] for e in manifest["files"]}


def write_manifest(root: Path | str, manifest: Mapping) -> None:
    write_json(Path(root) / MANIFEST_PATH, dict(manifest))


def verify(root: Path | str) -> list[tuple[str, str]]:
    """Problems as ``(path, what)``: a listed file changed, is missing or has another size,
    or a released file is not listed. Empty when every byte is as released."""
    root = Path(root)
    manifest = read_manifest(root)
    problems: list[tuple[str, str]] = []
    listed = set()
    for e in manifest["files"]:
        listed.add(e["path"])
        p = root / e["path"]
        if not p.is_file():
            problems.append((e["path"], "missing"))
            continue
        data = p.read_bytes()
        if len(data) != e["size"]:
            problems.append((e["path"], f"size {len(data)} bytes, released {e['size']}"))
        elif hashlib.sha256(data).hexdigest() != e["sha256"]:
            problems.append((e["path"], "content changed (sha256 differs)"))
    for path in released_files(root):
        if path not in listed:
            problems.append((path, "not in the manifest"))
    return problems
