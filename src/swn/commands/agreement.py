"""``swn agreement [FOLDER]``: inter-annotator agreement between the passes in FOLDER."""
from __future__ import annotations

HELP = "agreement between two or more annotation passes (default: annotations/passes → annotations/AGREEMENT.md)"


def add_arguments(parser) -> None:
    parser.add_argument("folder", nargs="?", help="folder with one subfolder per pass (default: annotations/passes)")
    parser.add_argument("--out", help="Markdown file to write (default: annotations/AGREEMENT.md for the default "
                                      "folder, FOLDER/AGREEMENT.md otherwise; '-' for stdout only)")
    parser.add_argument("--with", dest="extra", action="append", default=[], metavar="NAME=FOLDER",
                        help="also compare the annotation sets in FOLDER as pass NAME (e.g. gold=annotations/gold); "
                             "repeatable")
    parser.add_argument("--check", action="store_true", help="exit 1 if the Markdown file is not up to date")
    from ..output import add_format_argument

    add_format_argument(parser, ("markdown", "json"), default="markdown")
    parser.add_argument("--root", help="corpus root")


def run(args) -> int:
    import json
    import sys
    from pathlib import Path

    from ..agreement import agreement, parse_extra_pass, read_passes, to_json, to_markdown
    from ..errors import SWNError
    from ..store import Paths, atomic_write_text, find_root, read_annotation_dir, rel

    paths = Paths(find_root(args.root) if args.root is None else Path(args.root))
    folder = Path(args.folder) if args.folder else paths.passes_dir
    default = not args.folder
    passes = read_passes(folder)
    command = ["swn agreement"] + ([args.folder] if args.folder else [])
    for spec in args.extra:
        name, extra = parse_extra_pass(spec)
        if name in passes:
            raise SWNError(f"pass {name!r} is already in {rel(folder, paths.root)}", field="--with",
                           check="bad-argument")
        passes[name] = read_annotation_dir(extra if extra.is_absolute() else paths.root / extra)
        command.append(f"--with {name}={extra.as_posix()}")
    report = agreement(passes)
    title = "Inter-annotator agreement" if default else f"Agreement: {rel(folder, paths.root)}"
    md = to_markdown(report, title=title, command=" ".join(command))
    out = args.out or str(paths.root / "annotations" / "AGREEMENT.md" if default else folder / "AGREEMENT.md")
    if args.check:
        current = Path(out).read_text(encoding="utf-8") if Path(out).is_file() else None
        if current != md:
            raise SWNError("out of date: run `swn agreement` to regenerate it", file=out, record="-", field="-",
                           check="agreement-out-of-date")
        return 0
    if out != "-" and (Path(out).parent / "applied.json").is_file():
        # An applied round is read-only: its agreement report may be printed, not rewritten.
        current = Path(out).read_text(encoding="utf-8") if Path(out).is_file() else None
        if current != md:
            raise SWNError("the round was applied (applied.json), so it is read-only; use --out - to print the "
                           "report", file=out, record="-", field="-", check="round-applied")
    elif out != "-":
        atomic_write_text(out, md)
    print(json.dumps(to_json(report), indent=2) if args.format == "json" else md, end="" if args.format != "json" else "\n",
          file=sys.stdout)
    return 0
