"""Build hook: the wheel carries the released corpus as package data, checked against its MANIFEST.

Everything else about the package is declared in pyproject.toml. When setuptools builds the
package (``pip install .``, ``python -m build``, from a checkout or from the sdist), the files
listed in ``corpus/MANIFEST.json``, and the MANIFEST itself, are copied to
``swn/data/release/`` with their repository paths, after checking each one's size and sha256
against the MANIFEST: a wheel can only carry the bytes that were released. The folder is then
a release folder like a checkout (``swn verify --root`` accepts it), which
``swn.store.find_root`` uses when no checkout is around.

This reads the MANIFEST with the standard library only, rather than through
``swn.release.manifest``: the build runs in an isolated environment without swn's dependencies.
An editable install needs no copy (the checkout is found instead), so it makes none.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

HERE = Path(__file__).resolve().parent
MANIFEST = "corpus/MANIFEST.json"
PACKAGED_AT = ("swn", "data", "release")


def released_files(root: Path) -> dict[str, bytes]:
    """``{path: bytes}`` of the MANIFEST and every file it lists, each checked against it."""
    try:
        manifest_bytes = (root / MANIFEST).read_bytes()
        entries = json.loads(manifest_bytes)["files"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SetupError(f"{MANIFEST}: cannot read the release manifest ({e}); run `swn build`") from None
    out = {MANIFEST: manifest_bytes}
    for entry in entries:
        rel = entry["path"]
        if rel.startswith("/") or ".." in rel.split("/"):
            raise SetupError(f"{MANIFEST}: unsafe path {rel!r}")
        try:
            data = (root / rel).read_bytes()
        except OSError as e:
            raise SetupError(f"{rel}: listed in {MANIFEST} but cannot be read ({e.strerror})") from None
        if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise SetupError(f"{rel}: differs from {MANIFEST} (run `swn build`, or `swn verify` to see what changed)")
        out[rel] = data
    return out


class build_py_with_corpus(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        dest = Path(self.build_lib, *PACKAGED_AT)
        for rel, data in released_files(HERE).items():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


if __name__ == "__main__":  # setuptools runs this file as __main__; tests import it for released_files
    setup(cmdclass={"build_py": build_py_with_corpus})
