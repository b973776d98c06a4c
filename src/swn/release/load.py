"""``swn.load(version=...)``: load a release, not whatever the working tree holds.

``datasets.load_dataset(path, revision=...)`` silently ignores ``revision`` for a local
folder. :func:`resolve` finds the commit of a release through its tag or, without tags,
through the release index (:mod:`swn.release.index`); :func:`materialise` extracts that tree
(or any commit's) with ``git archive`` into a cache folder named by the commit id
(``$SWN_CACHE``, else ``$XDG_CACHE_HOME/swn``, else ``~/.cache/swn``), once, and checks a
release against its manifest each time; :func:`load` then loads that folder with ``datasets``. The
release's cache key (see :mod:`swn.release.card`) keeps different releases apart in the
``datasets`` cache too.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import SWNError
from ..store import find_root
from . import index, versions


def cache_root() -> Path:
    if os.environ.get("SWN_CACHE"):
        return Path(os.environ["SWN_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "swn"


def git(repo: Path, *args: str, binary: bool = False):
    try:
        out = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    except FileNotFoundError:
        raise SWNError("git is not installed", check="git-missing") from None
    except subprocess.CalledProcessError as e:
        msg = e.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SWNError(f"git {' '.join(args)}: {msg[-1] if msg else 'failed'}", file=str(repo),
                       check="git-failed") from None
    return out.stdout if binary else out.stdout.decode("utf-8").strip()


def _commit(repo: Path, ref: str) -> str | None:
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except SWNError:
        return None


def _manifest_sha256_at(repo: Path, commit: str) -> str | None:
    from .manifest import MANIFEST_PATH

    try:
        return index.sha256(git(repo, "show", f"{commit}:{MANIFEST_PATH}", binary=True))
    except SWNError:
        return None


def _search_history(repo: Path, manifest_sha256: str) -> str | None:
    """The newest commit of HEAD's history whose manifest has that hash (finds a release whose
    recorded commit id changed in a rebase, or that was never tagged)."""
    from .manifest import MANIFEST_PATH

    try:
        commits = git(repo, "log", "--format=%H", "HEAD", "--", MANIFEST_PATH).split()
    except SWNError:
        return None
    return next((c for c in commits if _manifest_sha256_at(repo, c) == manifest_sha256), None)


def bare_version(version: str) -> str:
    """``v1.0.0`` -> ``1.0.0``; anything else unchanged."""
    return version[1:] if version.startswith("v") and versions.SEMVER.match(version[1:]) else version


@dataclass(frozen=True)
class Resolved:
    commit: str
    release: dict | None  # the release-index entry, when ``version`` names a release
    how: str              # "tag", "index", "history" or "ref"


def resolve(repo: Path, version: str) -> Resolved:
    """Where ``version`` lives in ``repo``.

    A release (``1.0.0`` or ``v1.0.0``) resolves through the tag ``v1.0.0`` when it exists and
    agrees with the release index, else through the index: its recorded commit, else the commit
    of HEAD's history whose ``corpus/MANIFEST.json`` has the recorded sha256. So no tag is ever
    required. Anything else (a branch, a commit) resolves with ``git rev-parse``.
    """
    bare = bare_version(version)
    entry = index.find(index.read_index(repo), bare) if versions.SEMVER.match(bare) else None
    if versions.SEMVER.match(bare):
        tagged = _commit(repo, versions.tag_name(bare))
        if tagged and (entry is None or _manifest_sha256_at(repo, tagged) == entry["manifest_sha256"]):
            return Resolved(tagged, entry, "tag")
        if entry is not None:
            recorded = _commit(repo, entry["commit"])
            if recorded and _manifest_sha256_at(repo, recorded) == entry["manifest_sha256"]:
                return Resolved(recorded, entry, "index")
            found = _search_history(repo, entry["manifest_sha256"])
            if found:
                return Resolved(found, entry, "history")
            raise SWNError(f"release {bare} is in {index.INDEX_PATH}, but no commit of this repository holds its "
                           "manifest (a shallow clone? `git fetch --unshallow`)", file=str(repo), record=bare,
                           field="commit", check="unknown-version")
    commit = _commit(repo, version)
    if commit:
        return Resolved(commit, None, "ref")
    known = ", ".join(e["version"] for e in index.read_index(repo)) or "none yet"
    raise SWNError(f"no release, tag or commit {version!r} in this repository (releases: {known})", file=str(repo),
                   record=version, field="-", check="unknown-version")


def check_release(folder: Path, release: dict | None) -> None:
    """Raise unless every released file of ``folder`` is as its manifest says (and the manifest
    is the one the release index recorded)."""
    from .manifest import MANIFEST_PATH, verify

    if release is not None:
        got = index.sha256((folder / MANIFEST_PATH).read_bytes()) if (folder / MANIFEST_PATH).is_file() else None
        if got != release["manifest_sha256"]:
            raise SWNError(f"the manifest of release {release['version']} is not the one the release index recorded",
                           file=str(folder / MANIFEST_PATH), record=release["version"], field="manifest_sha256",
                           check="release-corrupt")
    problems = verify(folder)
    if problems:
        path, what = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SWNError(f"{what}{more}; not the released bytes", file=str(folder / path), check="release-corrupt")


def materialise(version: str, repo: Path | str | None = None, cache: Path | str | None = None) -> Path:
    """A folder holding the repository tree at ``version`` (extracted once, then reused); a
    release is checked against its manifest every time it is handed out."""
    repo = find_root() if repo is None else Path(repo)
    where = resolve(repo, version)
    dest = Path(cache or cache_root()) / "releases" / where.commit / "swn"
    if not (dest / "README.md").is_file():
        _extract(repo, where.commit, dest)
    if where.how != "ref":
        check_release(dest, where.release)
    return dest


def _extract(repo: Path, commit: str, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    archive = git(repo, "archive", "--format=tar", commit, binary=True)
    tmp = Path(tempfile.mkdtemp(prefix=".extract-", dir=dest.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp / "swn", filter="data")
        os.replace(tmp / "swn", dest)  # atomic: a half-extracted tree is never seen
    except OSError:
        if not (dest / "README.md").is_file():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _installed_release(root: Path, version: str) -> Path:
    """An installed corpus (no git history) holds one release: ``version`` must be that one."""
    from .manifest import read_manifest

    have = read_manifest(root).get("version")
    if bare_version(version) != have:
        raise SWNError(f"this installation carries SWN release {have} only; install that release "
                       f"(pip install 'swn=={bare_version(version)}') or load it from a git checkout",
                       file=str(root), record=version, field="-", check="unknown-version")
    check_release(root, None)
    return root


def load(config: str | None = None, *, version: str | None = None, split: str | None = "test",
         repo: Path | str | None = None, cache: Path | str | None = None, **kwargs):
    """``datasets.load_dataset`` on SWN: the corpus found by :func:`swn.store.find_root` (a
    checkout, ``$SWN_ROOT`` or the installed package data), or the release ``version``.

    >>> swn.load("entities", version="1.0.0")          # doctest: +SKIP
    """
    from ..optional import require

    datasets = require("datasets", "swn.load")
    root = Path(repo) if repo is not None else find_root()
    if version is None:
        path = root
    elif (root / ".git").exists():
        path = materialise(version, root, cache)
    else:
        path = _installed_release(root, version)
    return datasets.load_dataset(str(path), config, split=split, **kwargs)
