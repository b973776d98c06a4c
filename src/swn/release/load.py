"""``swn.load(version=...)``: load a tagged release, not whatever the working tree holds.

``datasets.load_dataset(path, revision=...)`` silently ignores ``revision`` for a local
folder. :func:`materialise` extracts the tree of a tag (or any commit) with ``git archive``
into a cache folder named by the commit id (``$SWN_CACHE``, else ``$XDG_CACHE_HOME/swn``,
else ``~/.cache/swn``), once; :func:`load` then loads that folder with ``datasets``. The
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
from pathlib import Path

from ..errors import SWNError
from ..store import find_root


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


def resolve(repo: Path, version: str) -> str:
    """The commit id of ``version``: a tag (``v1.0.0``; ``1.0.0`` means ``v1.0.0``), branch or commit."""
    candidates = [version] + ([f"v{version}"] if version[:1].isdigit() else [])
    for ref in candidates:
        try:
            return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except SWNError:
            continue
    raise SWNError(f"no release, tag or commit {version!r} in this repository", file=str(repo), record=version,
                   field="-", check="unknown-version")


def materialise(version: str, repo: Path | str | None = None, cache: Path | str | None = None) -> Path:
    """A folder holding the repository tree at ``version`` (extracted once, then reused)."""
    repo = find_root() if repo is None else Path(repo)
    commit = resolve(repo, version)
    dest = Path(cache or cache_root()) / "releases" / commit / "swn"
    if (dest / "README.md").is_file():
        return dest
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
    return dest


def load(config: str | None = None, *, version: str | None = None, split: str | None = "test",
         repo: Path | str | None = None, cache: Path | str | None = None, **kwargs):
    """``datasets.load_dataset`` on the release ``version`` (default: the working tree).

    >>> swn.load("entities", version="v1.0.0")          # doctest: +SKIP
    """
    import datasets

    root = Path(repo) if repo is not None else find_root()
    path = materialise(version, root, cache) if version is not None else root
    return datasets.load_dataset(str(path), config, split=split, **kwargs)
