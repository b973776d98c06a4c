"""``swn summary``: validate the corpus, load it, print documents, characters and spans per layer and label."""
from __future__ import annotations

HELP = "validate and load the corpus, then print a summary table (documents, characters, spans per layer and label)"


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")


def run(args) -> int:
    from ..store import load_corpus
    from ..summary import summary_table

    docs = load_corpus(args.root)
    print(summary_table(docs))
    return 0
