"""``swn export --format NAME --out DIR``: the gold (or another annotation folder) in another format.

The formats are those of the registry (:mod:`swn.formats`); ``--explain`` prints what a format
carries and what it loses, without exporting.
"""
from __future__ import annotations

HELP = "export the gold to another format (brat, CoNLL, spaCy DocBin …); --explain says what a format loses"


def add_arguments(parser) -> None:
    from .. import vocab
    from ..formats import formats

    parser.add_argument("--format", required=True, choices=tuple(formats()))
    parser.add_argument("--out", help="output folder (created; existing files are replaced)")
    parser.add_argument("--explain", action="store_true",
                        help="print what the format carries and loses, and export nothing")
    parser.add_argument("--layers", help="comma-separated layers to export (default: every layer the format "
                        f"carries); layers are {', '.join(vocab.LAYER_NAMES)}")
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    parser.add_argument("--annotations", default="gold",
                        help="'gold' or a folder of <doc_id>.json relative to the root (default: gold)")


def run(args) -> int:
    from ..errors import SWNError
    from ..formats import get, write_files
    from ..store import load_corpus

    fmt = get(args.format)
    if args.explain:
        print(fmt.explain(), end="")
        return 0
    if not args.out:
        raise SWNError("--out is required (or --explain)", field="--out", check="usage")
    layers = None if args.layers is None else tuple(x.strip() for x in args.layers.split(",") if x.strip())
    docs = [d for d in load_corpus(args.root, annotations=args.annotations) if d.annotations is not None]
    if not docs:
        raise SWNError("no annotated documents to export", check="nothing-to-export")
    files = fmt.export(docs, layers=layers)
    written = write_files(args.out, files)
    print(f"wrote {len(written)} files ({fmt.name}, {len(docs)} documents) to {args.out}")
    return 0
