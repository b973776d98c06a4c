"""The release version of SWN, written in one place: the top-level ``VERSION`` file.

Semantic versioning of a corpus:

* MAJOR — a raw text or the schema (``src/swn/data/vocab.json``, hence the Hub features) changed;
* MINOR — annotations were added or changed (gold, entity registry, metadata);
* PATCH — documentation only (card, datasheet, guidelines, changelog, citation).

:func:`required_bump` works this out from two manifests, so a release can be checked
against what actually changed. Tags are ``v`` + the version (``v1.0.0``).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from ..errors import SWNError

VERSION_FILE = "VERSION"
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
PARTS = ("major", "minor", "patch")

# What kind of change a change to a released file is, by path (first match wins).
_KIND_BY_PATH = (
    (re.compile(r"^corpus/raw/"), "major"),
    (re.compile(r"^src/swn/data/vocab\.json$"), "major"),
    (re.compile(r"^(annotations/gold/|annotations/entities\.json$|corpus/metadata\.jsonl$)"), "minor"),
    # The built data files, croissant.json and the manifest follow from the sources above.
    (re.compile(r"^(corpus/data/|croissant\.json$|corpus/MANIFEST\.json$|VERSION$)"), None),
)


def parse(version: str) -> tuple[int, int, int]:
    m = SEMVER.match(version.strip()) if isinstance(version, str) else None
    if not m:
        raise SWNError(f"{version!r} is not a semantic version MAJOR.MINOR.PATCH", file=VERSION_FILE,
                       record="-", field="-", check="bad-version")
    return int(m[1]), int(m[2]), int(m[3])


def read_version(root: Path | str) -> str:
    path = Path(root) / VERSION_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SWNError("file not found", file=str(path), record="-", field="-", check="file-missing") from None
    parse(text)
    return text.strip()


def bump(version: str, part: str) -> str:
    major, minor, patch = parse(version)
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise SWNError(f"unknown version part {part!r} (major, minor or patch)", check="bad-version")


def tag_name(version: str) -> str:
    parse(version)
    return f"v{version}"


def change_kind(path: str) -> str | None:
    """``major``, ``minor``, ``patch`` or ``None`` (derived file) for a change to ``path``."""
    for pattern, kind in _KIND_BY_PATH:
        if pattern.search(path):
            return kind
    return "patch"


def required_bump(old_files: Mapping[str, str], new_files: Mapping[str, str]) -> str | None:
    """The smallest version part that must change between two manifests (``{path: sha256}``)."""
    changed = {p for p in old_files.keys() | new_files.keys() if old_files.get(p) != new_files.get(p)}
    kinds = {change_kind(p) for p in changed} - {None}
    for part in PARTS:
        if part in kinds:
            return part
    return None


def bump_part(old: str, new: str) -> str | None:
    """Which part ``new`` bumps relative to ``old`` (``None`` if equal); error if it goes back."""
    a, b = parse(old), parse(new)
    if b == a:
        return None
    if b < a:
        raise SWNError(f"version {new} is lower than {old}", file=VERSION_FILE, check="bad-version")
    if b[0] != a[0]:
        return "major"
    return "minor" if b[1] != a[1] else "patch"


def changelog_section(changelog: str, version: str) -> tuple[str, str | None] | None:
    """``(body, date)`` of the ``## [version] - YYYY-MM-DD`` section of a Keep-a-Changelog file."""
    pattern = re.compile(r"^## \[" + re.escape(version) + r"\](?: - (\d{4}-\d{2}-\d{2}))?[^\n]*\n(.*?)(?=^## |\Z)",
                         re.M | re.S)
    m = pattern.search(changelog)
    if not m:
        return None
    return m[2].strip(), m[1]
