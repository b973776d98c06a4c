"""``swn diff A B``: span-level changes (added, removed, changed attributes) between two releases."""
from __future__ import annotations

HELP = "list span-level changes between two releases (tags, commits or folders)"


def add_arguments(parser) -> None:
    parser.add_argument("old", help="release version (1.0.0), tag (v1.0.0), commit, or folder")
    parser.add_argument("new", help="release version, tag, commit, or folder")
    parser.add_argument("--root", help="git repository for tags and commits (default: the one around here)")
    from ..output import add_format_argument

    add_format_argument(parser, ("table", "json"))
    parser.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes (like git diff)")


def run(args) -> int:
    import json
    from pathlib import Path

    from ..errors import SWNError
    from ..release.diff import diff_sets, format_text, read_side, resolve_side
    from ..store import find_root

    try:
        repo = Path(args.root) if args.root else find_root()
    except SWNError:
        repo = None
    a = read_side(resolve_side(args.old, repo))
    b = read_side(resolve_side(args.new, repo))
    changes = diff_sets(a, b)
    if args.format == "json":
        print(json.dumps([c.to_dict() for c in changes], ensure_ascii=False, indent=1))
    else:
        print(format_text(changes))
    return 1 if (args.exit_code and changes) else 0
