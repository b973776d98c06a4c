"""Byte snapshots of a repository tree, to assert that a refused or crashed command left the old
files or the new ones and nothing else."""
from __future__ import annotations

from pathlib import Path


def snapshot(root: Path) -> dict[str, bytes]:
    """``{relative path: bytes}`` of every file under ``root`` (folders are implied by their files)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(Path(root).rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """The paths whose presence or bytes differ between two snapshots (sorted)."""
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))
