"""``corpus/releases.json``: the in-tree index of releases, so that a version resolves without tags.

One entry per release, oldest first: ``version``, ``date``, ``commit`` (the commit holding the
release's built files; its tag ``v<version>`` points there) and ``manifest_sha256`` (the sha256
of that commit's ``corpus/MANIFEST.json``). Tags are not cloned by every tool and can be deleted
or moved; the index travels with the tree. The manifest hash is what identifies a release: a
commit found by any route (tag, recorded commit, or a search of the history when a rebase
changed the commit id) is accepted only if its manifest has that hash, and the extracted files
are then checked against the manifest. Validated against ``schema/release-index.schema.json``.

The index is written after the release commit (it cannot name its own commit), so it is not
one of the released files listed in the manifest.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import SWNError
from ..store import read_json, write_json
from . import versions

INDEX_PATH = "corpus/releases.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_index(root: Path | str) -> list[dict]:
    """The entries of ``root``'s index (empty when there is none yet); errors name the record."""
    from ..schema import validator_for

    path = Path(root) / INDEX_PATH
    if not path.is_file():
        return []
    data = read_json(path)
    errors = sorted(validator_for("release-index").iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = list(e.absolute_path)
        record = f"releases[{where[1]}]" if len(where) >= 2 else "-"
        field = str(where[2]) if len(where) >= 3 else "-"
        raise SWNError(f"not a release index: {e.message}", file=str(path), record=record, field=field,
                       check="schema")
    entries = data["releases"]
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry["version"] in seen:
            raise SWNError(f"version {entry['version']} is listed twice", file=str(path), record=f"releases[{i}]",
                           field="version", check="duplicate-id")
        if i and versions.parse(entry["version"]) <= versions.parse(entries[i - 1]["version"]):
            raise SWNError(f"releases must be listed oldest first: {entry['version']} comes after "
                           f"{entries[i - 1]['version']}", file=str(path), record=f"releases[{i}]", field="version",
                           check="schema")
        seen.add(entry["version"])
    return entries


def find(entries: list[dict], version: str) -> dict | None:
    """The entry of ``version`` (``1.0.0`` or ``v1.0.0``), or ``None``."""
    bare = version[1:] if version.startswith("v") and versions.SEMVER.match(version[1:]) else version
    return next((e for e in entries if e["version"] == bare), None)


def latest(entries: list[dict]) -> dict | None:
    return entries[-1] if entries else None


def add(root: Path | str, *, version: str, date: str, commit: str, manifest_sha256: str) -> dict:
    """Append a release (it must be newer than every listed one) and write the index atomically."""
    entries = read_index(root)
    if find(entries, version) is not None:
        raise SWNError(f"release {version} is already in the index", file=INDEX_PATH, record=version,
                       field="version", check="duplicate-id")
    entry = {"version": version, "date": date, "commit": commit, "manifest_sha256": manifest_sha256}
    new = {"releases": [*entries, entry]}
    from ..schema import validator_for

    problem = next(validator_for("release-index").iter_errors(new), None)
    if problem is not None:
        raise SWNError(f"not a valid release entry: {problem.message}", file=INDEX_PATH, record=version,
                       field=".".join(map(str, list(problem.absolute_path)[2:])) or "-", check="schema")
    if entries and versions.parse(version) <= versions.parse(entries[-1]["version"]):
        raise SWNError(f"release {version} is not newer than {entries[-1]['version']}", file=INDEX_PATH,
                       record=version, field="version", check="version-bump")
    write_json(Path(root) / INDEX_PATH, new)
    return entry
