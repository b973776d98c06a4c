"""Making a release (run by the maintainer through ``scripts/release``).

:func:`release` does the whole release in one go, or with ``dry_run`` says what it would do:

1. refuses a working tree with uncommitted changes;
2. works out the version: the **first** release is the version in ``VERSION`` as it stands
   (no bump); every later one bumps the last release by ``major``, ``minor`` or ``patch``;
3. writes the dated ``CHANGELOG.md`` section ``## [X.Y.Z] - YYYY-MM-DD``: the text under
   ``## [Unreleased]`` (or an undated ``## [X.Y.Z]`` section already written for it) moves
   there, followed for a later release by the span-level summary of ``swn diff`` against the
   previous release;
4. ``swn build``, commits the release (``Release X.Y.Z``), tags it ``vX.Y.Z`` (:func:`tag_release`
   refuses unless it is built, committed, dated and bumped as much as its changes require,
   see :mod:`swn.release.versions`);
5. appends the release to the in-tree index ``corpus/releases.json`` (:mod:`swn.release.index`)
   with the release commit and its manifest's sha256, and commits that (``Release X.Y.Z: index``).
"""
from __future__ import annotations

import datetime
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import SWNError
from . import index, manifest, versions
from .load import git

CHANGELOG = "CHANGELOG.md"
_UNRELEASED = re.compile(r"^## \[Unreleased\][^\n]*\n(.*?)(?=^## |\Z)", re.M | re.S)


def previous_tag(root: Path) -> str | None:
    tags = git(root, "tag", "--list", "v*", "--merged", "HEAD", "--sort=-v:refname").splitlines()
    tags = [t for t in tags if versions.SEMVER.match(t[1:])]
    return tags[0] if tags else None


def previous_release(root: Path) -> str | None:
    """The version of the last release: the index's newest entry, else the newest ``v*`` tag."""
    last = index.latest(index.read_index(root))
    if last is not None:
        return last["version"]
    tag = previous_tag(root)
    return tag[1:] if tag else None


def _manifest_of_release(root: Path, version: str) -> dict:
    from .load import resolve

    commit = resolve(root, version).commit
    try:
        return json.loads(git(root, "show", f"{commit}:{manifest.MANIFEST_PATH}"))
    except SWNError:
        return {"version": version, "files": []}


def check_bump(root: Path, version: str, new_manifest: dict | None = None) -> str | None:
    """Raise if ``version`` does not bump the previous release enough for the changes between its
    manifest and ``new_manifest`` (default: ``root``'s); return the previous version."""
    prev = previous_release(root)
    if prev is None:
        return None
    old = _manifest_of_release(root, prev)
    new = manifest.read_manifest(root) if new_manifest is None else new_manifest
    required = versions.required_bump(manifest.hashes(old), manifest.hashes(new))
    actual = versions.bump_part(prev, version)
    if required is not None and (actual is None or versions.PARTS.index(actual) > versions.PARTS.index(required)):
        raise SWNError(f"the changes since {prev} need a {required} version bump, but {version} is "
                       f"{'the same version' if actual is None else 'a ' + actual + ' bump'}",
                       file=versions.VERSION_FILE, check="version-bump")
    return prev


def _dirty(root: Path) -> str:
    return git(root, "status", "--porcelain", "--untracked-files=no")


def _unclean(root: Path) -> str:
    """Uncommitted changes anywhere, or untracked files where the build would read them."""
    return _dirty(root) or git(root, "status", "--porcelain", "--", "corpus", "annotations", "src/swn/data")


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
    if _dirty(root):
        raise SWNError("the working tree has uncommitted changes; commit the release first", check="dirty-tree")
    section = versions.changelog_section((root / CHANGELOG).read_text(encoding="utf-8")
                                         if (root / CHANGELOG).is_file() else "", version)
    if section is None or not section[1]:
        raise SWNError(f"CHANGELOG.md has no dated section '## [{version}] - YYYY-MM-DD'", file=CHANGELOG,
                       check="changelog-missing")
    check_bump(root, version)
    git(root, "tag", "-a", tag, "-m", f"SWN {version}\n\n{section[0]}")
    return tag


# ---------------------------------------------------------------- the changelog section

def diff_summary(root: Path, prev: str) -> str:
    """Counts of span-level changes since release ``prev``, one Markdown bullet per layer and kind."""
    from .diff import diff_sets, read_side
    from .load import materialise

    changes = diff_sets(read_side(materialise(prev, root)), read_side(root))
    counts: dict[tuple[str, str], int] = {}
    for c in changes:
        counts[(c.layer, c.kind)] = counts.get((c.layer, c.kind), 0) + 1
    return "\n".join(f"- {layer}: {n} {kind}" for (layer, kind), n in sorted(counts.items())) \
        or "- No annotation changes."


def dated_changelog(text: str, version: str, today: str, summary: str | None, part: str | None) -> str:
    """``text`` with the section ``## [version] - today``: an undated section of that version is
    dated in place; otherwise a new section takes the notes under ``## [Unreleased]`` (which
    stays, empty) and, for a later release, the ``swn diff`` summary."""
    existing = versions.changelog_section(text, version)
    if existing is not None:
        if existing[1]:
            raise SWNError(f"CHANGELOG.md already has a dated section for {version} ({existing[1]})", file=CHANGELOG,
                           record=version, check="changelog-exists")
        return re.sub(r"^## \[" + re.escape(version) + r"\][^\n]*$", f"## [{version}] - {today}", text, count=1,
                      flags=re.M)
    m = _UNRELEASED.search(text)
    notes = m[1].strip() if m else ""
    changes = f"### Annotation changes ({part} release, from swn diff)\n\n{summary}" if summary else ""
    body = "\n\n".join(x for x in (notes, changes) if x) or "First release."
    entry = f"## [{version}] - {today}\n\n{body}\n\n"
    if m:
        return text[:m.start(1)] + "\n" + entry + text[m.end(1):].lstrip("\n")
    first = re.search(r"^## \[\d", text, re.M)
    return text[:first.start()] + entry + text[first.start():] if first else text.rstrip("\n") + "\n\n" + entry


# ---------------------------------------------------------------- the release

@dataclass(frozen=True)
class Plan:
    version: str
    previous: str | None
    changelog: str  # the whole new CHANGELOG.md
    section: str    # the new section alone


def plan(root: Path, part: str | None, today: str) -> Plan:
    """What a release would change (reads only)."""
    current = versions.read_version(root)
    prev = previous_release(root)
    if prev is None:
        if part is not None:
            raise SWNError(f"there is no release yet: the first release is the version in VERSION ({current}), "
                           "not a bump; run scripts/release without major|minor|patch", file=versions.VERSION_FILE,
                           check="first-release")
        version, summary = current, None
    else:
        if part is None:
            raise SWNError(f"the last release is {prev}: say how to bump it (major, minor or patch)",
                           check="bump-missing")
        if current != prev:
            raise SWNError(f"VERSION says {current}, but the last release is {prev}; set VERSION back to {prev}",
                           file=versions.VERSION_FILE, check="bad-version")
        version, summary = versions.bump(prev, part), diff_summary(root, prev)
    if git(root, "tag", "--list", versions.tag_name(version)):
        raise SWNError(f"tag {versions.tag_name(version)} exists already", check="tag-exists")
    path = root / CHANGELOG
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n\n## [Unreleased]\n"
    new = dated_changelog(old, version, today, summary, part)
    section = versions.changelog_section(new, version)
    return Plan(version, prev, new, f"## [{version}] - {today}\n\n{section[0] if section else ''}")


def _apply(root: Path, p: Plan) -> list[str]:
    """Write the CHANGELOG section and VERSION and build, as one transaction (a crash leaves the
    old release or the new one); returns every path written."""
    from .build import build

    return build(root, changes={CHANGELOG: p.changelog, versions.VERSION_FILE: p.version + "\n"})


def rehearse(root: Path, p: Plan) -> list[str]:
    """Apply the plan to a scratch copy of the committed tree: the paths the release commit
    would change. Raises (changing nothing in ``root``) if the build fails or the bump is too
    small for the changes since the previous release."""
    with tempfile.TemporaryDirectory(prefix="swn-release-") as tmp:
        copy = Path(tmp) / "swn"
        for rel in filter(None, git(root, "ls-files", "-z").split("\0")):
            src = root / rel
            if src.is_file():
                (copy / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, copy / rel)
        changed = _apply(copy, p)
        check_bump(root, p.version, manifest.read_manifest(copy))
        return changed


def release(root: Path | str, part: str | None, *, dry_run: bool = False, today: str | None = None,
            out=sys.stdout) -> str:
    """Make the release (see the module docstring); returns its version."""
    root = Path(root)
    if _unclean(root):
        raise SWNError("the working tree has uncommitted changes or untracked corpus files; commit or discard "
                       "them first", file=str(root), check="dirty-tree")
    today = today or datetime.date.today().isoformat()
    p = plan(root, part, today)
    kind = "first release" if p.previous is None else f"{part} release after {p.previous}"
    changed = rehearse(root, p)
    if dry_run:
        print(f"would release {p.version} ({kind}) and tag it {versions.tag_name(p.version)}", file=out)
        print(f"would change and commit: {', '.join(changed)}", file=out)
        print(f"would then add {p.version} to {index.INDEX_PATH} in a second commit", file=out)
        print(f"\nnew CHANGELOG.md section:\n\n{p.section}", file=out)
        return p.version
    written = _apply(root, p)
    git(root, "add", "--", *written)
    git(root, "commit", "-q", "-m", f"Release {p.version}", "--", *written)
    tag = tag_release(root)
    commit = git(root, "rev-parse", "HEAD")
    manifest_sha = index.sha256((root / manifest.MANIFEST_PATH).read_bytes())
    index.add(root, version=p.version, date=today, commit=commit, manifest_sha256=manifest_sha)
    git(root, "add", "--", index.INDEX_PATH)
    git(root, "commit", "-q", "-m", f"Release {p.version}: index", "--", index.INDEX_PATH)
    print(f"released {p.version} ({kind}): commit {commit[:12]}, tag {tag}, listed in {index.INDEX_PATH}", file=out)
    print(f"publish with: git push origin HEAD {tag}", file=out)
    return p.version


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="scripts/release",
        description="Make a release of SWN: the first release is the version in VERSION; later ones bump the "
                    "last release (MAJOR: a raw text or the schema changed; MINOR: annotations added or changed; "
                    "PATCH: documentation only). Notes under '## [Unreleased]' in CHANGELOG.md go into the new "
                    "section. See docs/releasing.md.")
    parser.add_argument("part", nargs="?", choices=versions.PARTS,
                        help="how to bump the last release (leave out for the first release)")
    parser.add_argument("--dry-run", action="store_true", help="change nothing; print what the release would do")
    parser.add_argument("--root", help="repository root (default: the checkout around the current folder)")
    args = parser.parse_args(argv)
    from ..store import find_root

    try:
        release(Path(args.root) if args.root else find_root(), args.part, dry_run=args.dry_run)
    except SWNError as e:
        print(f"release: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
