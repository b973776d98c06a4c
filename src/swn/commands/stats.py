"""``swn stats``: spans per layer and label (the card's tables), then per document, of the gold (or of
another annotation folder)."""
from __future__ import annotations

HELP = "print spans per layer and label (the dataset card's tables), then per document"


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    parser.add_argument("--annotations", default="gold",
                        help="'gold' or a folder of <doc_id>.json relative to the root (default: gold)")
    from ..output import TABLE_FORMATS, add_format_argument

    add_format_argument(parser, TABLE_FORMATS)


def run(args) -> int:
    import json

    from ..output import render_table
    from ..stats import (counts, doc_stance_rows, doc_stance_summary_rows, label_rows, label_summary_rows,
                         layer_summary_rows, overview_rows, per_document_markdown, statistics_markdown)
    from ..store import load_corpus

    docs = load_corpus(args.root, annotations=args.annotations)
    if not any(d.annotations for d in docs):
        print("(no annotations found)")
        return 0
    if args.format == "markdown":
        print(statistics_markdown(docs))
        print()
        print(per_document_markdown(docs))
    elif args.format == "json":
        rows = [{"doc_id": d, "layer": layer, "label": label, "spans": n}
                for (d, layer, label), n in sorted(counts(docs).items())]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":  # one flat table: every count, as in the JSON
        print(render_table(["doc_id", "layer", "label", "spans"],
                           [[d, layer, label, n] for (d, layer, label), n in sorted(counts(docs).items())], "csv"),
              end="\r\n")
    else:
        for header, rows in (layer_summary_rows(docs), label_summary_rows(docs), doc_stance_summary_rows(docs),
                             overview_rows(docs), label_rows(docs), doc_stance_rows(docs)):
            print(render_table(header, [[str(c).replace("**", "") for c in r] for r in rows], "table"))
            print()
    return 0
