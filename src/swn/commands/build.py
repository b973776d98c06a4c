"""``swn build``: write the release files (deterministic), check them, or tag a release."""
from __future__ import annotations

HELP = "build the release files under corpus/ and the card (deterministic); --check to test, --tag to tag a release"


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="repository root (default: the repository around the current folder)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 listing the built files that are out of date")
    mode.add_argument("--tag", action="store_true",
                      help="tag the current commit as release v<VERSION> after checking it is built, committed, "
                           "listed in CHANGELOG.md and bumped as much as its changes require")


def run(args) -> int:
    import sys
    from pathlib import Path

    from ..release.build import build, stale_files
    from ..store import find_root

    root = Path(args.root) if args.root else find_root()
    if args.check:
        stale = stale_files(root)
        for p in stale:
            print(f"swn build: {p} is out of date (run swn build)", file=sys.stderr)
        return 1 if stale else 0
    if args.tag:
        from ..release.tagging import tag_release

        tag = tag_release(root)
        print(f"tagged {tag}")
        return 0
    changed = build(root)
    for p in changed:
        print(f"wrote {p}")
    print("release files up to date" if not changed else f"{len(changed)} file(s) written")
    return 0
