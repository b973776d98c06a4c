"""Preparing and tagging a release (run by the maintainer through ``scripts/release``).

``prepare(root, part)`` bumps ``VERSION``, adds a dated ``CHANGELOG.md`` section (with the
span-level summary of ``swn diff`` against the previous release) and builds.
``tag_release(root)`` refuses unless the release is built, committed, in the changelog and
bumped at least as much as its changes require (see :mod:`swn.release.versions`), then
creates the annotated tag ``v<VERSION>``.
"""
from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from ..errors import SWNError
from . import manifest, versions
from .load import git

CHANGELOG = "CHANGELOG.md"


def previous_tag(root: Path) -> str | None:
    tags = git(root, "tag", "--list", "v*", "--merged", "HEAD", "--sort=-v:refname").splitlines()
    tags = [t for t in tags if versions.SEMVER.match(t[1:])]
    return tags[0] if tags else None


def _manifest_at(root: Path, ref: str) -> dict:
    try:
        return json.loads(git(root, "show", f"{ref}:{manifest.MANIFEST_PATH}"))
    except SWNError:
        return {"version": ref.lstrip("v"), "files": []}


def check_bump(root: Path, version: str) -> str | None:
    """Raise if ``version`` does not bump the previous release enough; return the previous tag."""
    prev = previous_tag(root)
    if prev is None:
        return None
    old = _manifest_at(root, prev)
    required = versions.required_bump(manifest.hashes(old), manifest.hashes(manifest.read_manifest(root)))
    actual = versions.bump_part(prev[1:], version)
    if required is not None and (actual is None or versions.PARTS.index(actual) > versions.PARTS.index(required)):
        raise SWNError(f"the changes since {prev} need a {required} version bump, but {version} is "
                       f"{'the same version' if actual is None else 'a ' + actual + ' bump'}",
                       file=versions.VERSION_FILE, check="version-bump")
    return prev


def tag_release(root: Path | str) -> str:
    from .build import stale_files

    root = Path(root)
    version = versions.read_version(root)
    tag = versions.tag_name(version)
    if git(root, "tag", "--list", tag):
        raise SWNError(f"tag {tag} exists already; bump VERSION for a new release", check="tag-exists")
    stale = stale_files(root)
    if stale:
        raise SWNError(f"release files are out of date: {', '.join(stale)} (run swn build and commit)",
                       check="not-built")
    dirty = git(root, "status", "--porcelain", "--untracked-files=no")
    if dirty:
        raise SWNError("the working tree has uncommitted changes; commit the release first", check="dirty-tree")
    section = versions.changelog_section((root / CHANGELOG).read_text(encoding="utf-8")
                                         if (root / CHANGELOG).is_file() else "", version)
    if section is None or not section[1]:
        raise SWNError(f"CHANGELOG.md has no dated section '## [{version}] - YYYY-MM-DD'", file=CHANGELOG,
                       check="changelog-missing")
    check_bump(root, version)
    git(root, "tag", "-a", tag, "-m", f"SWN {version}\n\n{section[0]}")
    return tag


def prepare(root: Path | str, part: str, today: str | None = None) -> str:
    """Bump VERSION by ``part``, add the CHANGELOG section, build. Returns the new version."""
    from .build import build
    from .diff import diff_sets, read_side
    from .load import materialise

    root = Path(root)
    old = versions.read_version(root)
    new = versions.bump(old, part)
    today = today or datetime.date.today().isoformat()
    prev = previous_tag(root)
    summary = "First release."
    if prev:
        changes = diff_sets(read_side(materialise(prev, root)), read_side(root))
        counts: dict[tuple[str, str], int] = {}
        for c in changes:
            counts[(c.layer, c.kind)] = counts.get((c.layer, c.kind), 0) + 1
        summary = "\n".join(f"- {layer}: {n} {kind}" for (layer, kind), n in sorted(counts.items())) \
            or "- No annotation changes."
    path = root / CHANGELOG
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n"
    entry = f"## [{new}] - {today}\n\n### Changed ({part})\n\n{summary}\n\n"
    m = re.search(r"^## \[\d", text, re.M)  # after "## [Unreleased]", before the latest release
    text = text[:m.start()] + entry + text[m.start():] if m else text.rstrip("\n") + "\n\n" + entry
    path.write_text(text, encoding="utf-8")
    (root / versions.VERSION_FILE).write_text(new + "\n", encoding="utf-8")
    build(root)
    return new


if __name__ == "__main__":  # python -m swn.release.tagging prepare minor
    import sys

    from ..store import find_root

    if len(sys.argv) != 3 or sys.argv[1] != "prepare":
        print("usage: python -m swn.release.tagging prepare major|minor|patch", file=sys.stderr)
        sys.exit(2)
    try:
        print(prepare(find_root(), sys.argv[2]))
    except SWNError as e:
        print(f"release: {e}", file=sys.stderr)
        sys.exit(1)
