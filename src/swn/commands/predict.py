"""``swn predict``: convert an extractor's output into a predictions file for ``swn score``."""
from __future__ import annotations

HELP = "convert an extractor's output (spaCy, HF pipeline, span records, brat, CoNLL, LLM strings) to predictions JSONL"


def add_arguments(parser) -> None:
    from ..predictions import ADAPTERS
    from ..predictions.labels import MAPS
    from ..predictions.strings import OCCURRENCES

    parser.add_argument("--from", dest="source", required=True, choices=ADAPTERS, help="what IN is")
    parser.add_argument("input", metavar="IN", help="the extractor's output (file or folder; see --from)")
    parser.add_argument("--out", required=True, help="predictions file to write (JSONL)")
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    parser.add_argument("--labels", choices=tuple(MAPS), help="label map (default: the adapter's)")
    parser.add_argument("--map", action="append", metavar="SRC=TARGET",
                        help="override one label: TARGET is an entity label, layer:LABEL, a layer, or empty to drop "
                             "(repeatable)")
    parser.add_argument("--occurrence", choices=OCCURRENCES, default="all",
                        help="strings: which occurrences of a string to predict (default all)")


def run(args) -> int:
    import sys

    from ..predictions import get
    from ..predictions.labels import parse_overrides

    module = get(args.source)
    options: dict = {"overrides": parse_overrides(args.map), "root": args.root}
    if args.labels:
        options["labels"] = args.labels
    if args.source == "strings":
        options["occurrence"] = args.occurrence
    adapted = module.read(args.input, **options)
    path = adapted.write(args.out)
    layers = [k for k in adapted.records[0] if k not in ("doc_id", "layers")] if adapted.records else []
    print(f"swn predict: wrote {path} ({len(adapted.records)} documents; layers: {', '.join(layers) or 'none'})",
          file=sys.stderr)
    for line in adapted.report.lines():
        print(f"swn predict: {line}", file=sys.stderr)
    return 0
