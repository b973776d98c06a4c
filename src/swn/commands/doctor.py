"""``swn doctor``: report and repair what an interrupted write left behind."""
from __future__ import annotations

HELP = "report and repair an interrupted transaction (a crash during build, import or adjudicate --apply)"


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="repository root (default: the repository around the current folder)")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if something needs repair")


def run(args) -> int:
    from pathlib import Path

    from ..store import find_root
    from ..transaction import leftovers, pending, recover, remove_leftovers

    root = Path(args.root) if args.root else find_root()
    state, stray = pending(root), leftovers(root)
    if state is None and not stray:
        print("nothing to repair: no interrupted transaction")
        return 0
    if state is not None:
        print(f"interrupted transaction: {state}")
    for p in stray:
        print(f"leftover of an interrupted write: {p}")
    if args.check:
        return 1
    done = recover(root)
    if done:
        print(done)
    for line in remove_leftovers(root):
        print(line)
    return 0
