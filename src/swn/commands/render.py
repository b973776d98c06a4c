"""``swn render``: write the static HTML viewer of the corpus (and, optionally, a comparison)."""
from __future__ import annotations

HELP = "write a static HTML site: documents with every layer drawn, entity index, statistics; optional compare mode"


def add_arguments(parser) -> None:
    parser.add_argument("--out", required=True, help="folder to write the site into (created if needed)")
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--pred", metavar="FILE", help="compare the gold with a predictions JSONL file (as swn score reads)")
    mode.add_argument("--compare", nargs=2, metavar=("PASS_DIR_A", "PASS_DIR_B"),
                      help="compare two annotation folders, e.g. annotations/passes/a annotations/passes/b")


def run(args) -> int:
    from ..store import rel
    from ..viewer.site import render

    written = render(args.out, root=args.root, pred=args.pred, passes=tuple(args.compare) if args.compare else None)
    index = next(p for p in written if p.name == "index.html")
    print(f"wrote {len(written)} pages to {rel(index.parent)}; open {rel(index)} in a browser")
    return 0
