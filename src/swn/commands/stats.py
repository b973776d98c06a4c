"""``swn stats``: spans per document × layer × label of the gold (or of another annotation folder)."""
from __future__ import annotations

HELP = "print spans per document, layer and label (the tables of the dataset card)"


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    parser.add_argument("--annotations", default="gold",
                        help="'gold' or a folder of <doc_id>.json relative to the root (default: gold)")
    from ..output import TABLE_FORMATS, add_format_argument

    add_format_argument(parser, TABLE_FORMATS)


def run(args) -> int:
    import json

    from ..output import render_table
    from ..stats import counts, doc_stance_rows, label_rows, overview_rows, statistics_markdown
    from ..store import load_corpus

    docs = load_corpus(args.root, annotations=args.annotations)
    if not any(d.annotations for d in docs):
        print("(no annotations found)")
        return 0
    if args.format == "markdown":
        print(statistics_markdown(docs))
    elif args.format == "json":
        rows = [{"doc_id": d, "layer": layer, "label": label, "spans": n}
                for (d, layer, label), n in sorted(counts(docs).items())]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":  # one flat table: every count, as in the JSON
        print(render_table(["doc_id", "layer", "label", "spans"],
                           [[d, layer, label, n] for (d, layer, label), n in sorted(counts(docs).items())], "csv"),
              end="\r\n")
    else:
        for header, rows in (overview_rows(docs), label_rows(docs), doc_stance_rows(docs)):
            print(render_table(header, [[str(c).replace("**", "") for c in r] for r in rows], "table"))
            print()
    return 0
