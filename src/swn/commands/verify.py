"""``swn verify``: check every released file against corpus/MANIFEST.json (sha256 and size)."""
from __future__ import annotations

HELP = "check every released file byte for byte against corpus/MANIFEST.json; exit 1 naming each changed file"


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="repository root or release folder (default: the repository around here)")


def run(args) -> int:
    import sys
    from pathlib import Path

    from ..release.manifest import read_manifest, verify
    from ..store import find_root

    root = Path(args.root) if args.root else find_root()
    problems = verify(root)
    for path, what in problems:
        print(f"swn verify: {path}: {what}", file=sys.stderr)
    if problems:
        return 1
    m = read_manifest(root)
    print(f"OK: {len(m['files'])} files of release {m.get('version', '?')} match the manifest")
    return 0
