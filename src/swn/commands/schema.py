"""``swn schema [--check]``: write the generated JSON Schemas to ``schema/`` or check they are current."""
from __future__ import annotations

HELP = "write the JSON Schemas generated from the vocabulary to schema/ (or --check that they are up to date)"


def add_arguments(parser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if schema/ differs from a fresh generation")
    parser.add_argument("--root", help="repository root (default: the repository around the current folder)")


def run(args) -> int:
    import sys
    from pathlib import Path

    from ..schema import rendered
    from ..store import Paths, atomic_write_text, find_root, rel

    paths = Paths(find_root(args.root) if args.root is None else Path(args.root))
    files = rendered()
    folder = paths.schema_dir
    stale = []
    for name, text in files.items():
        p = folder / name
        current = p.read_bytes().decode("utf-8", "replace") if p.is_file() else None
        if current != text:
            stale.append((p, "missing" if current is None else "differs from the generated schema"))
    extra = sorted(p for p in folder.glob("*.schema.json") if p.name not in files) if folder.is_dir() else []
    if args.check:
        for p, why in stale:
            print(f"{rel(p, paths.root)}:-:-: schema-out-of-date: {why}; run `swn schema`", file=sys.stderr)
        for p in extra:
            print(f"{rel(p, paths.root)}:-:-: schema-out-of-date: not generated any more; delete it",
                  file=sys.stderr)
        return 1 if stale or extra else 0
    for p, _ in stale:
        atomic_write_text(p, files[p.name])
    for p in extra:
        p.unlink()
    return 0
