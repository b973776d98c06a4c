"""``swn validate [PATH ...] [--level 1|2|3] [--format table|json]``: check stored or submitted files."""
from __future__ import annotations

HELP = "validate the corpus, an annotation folder or file, or a predictions file (prints nothing when clean)"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="corpus root (default: the repository around the current folder), a folder of "
                             "annotation files, one annotation file, corpus/metadata.jsonl, "
                             "annotations/entities.json, corpus/MANIFEST.json, or a predictions .jsonl")
    parser.add_argument("--level", type=int, choices=(1, 2, 3), default=3,
                        help="1: UTF-8, JSON and schema; 2: + span offsets and texts; 3: + corpus rules (default)")
    from ..output import add_format_argument

    add_format_argument(parser, ("table", "json"))
    parser.add_argument("--json", action="store_const", dest="format", const="json", help="same as --format json")
    parser.add_argument("--list-checks", action="store_true", help="list every check id with its level and rule")


def run(args) -> int:
    import json
    import sys

    from ..validate import CHECKS, iter_validate

    if args.list_checks:
        for c in sorted(CHECKS.values(), key=lambda c: (c.level, c.id)):
            print(f"{c.level}  {c.id:28} {c.summary}")
        return 0
    incidents = []
    errors = 0
    for inc in iter_validate(args.paths or None, args.level):
        errors += inc.severity == "error"
        if args.format == "json":
            incidents.append(inc.to_dict())
        else:
            print(inc, flush=False)
    if args.format == "json":
        print(json.dumps(incidents, ensure_ascii=False, indent=1))
    sys.stdout.flush()
    return 1 if errors else 0
