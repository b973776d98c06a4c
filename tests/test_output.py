"""One set of output format names across commands; tables render losslessly as CSV and Markdown."""
from __future__ import annotations

import argparse
import csv
import io

from hypothesis import given, strategies as st

from swn.cli import build_parser, main
from swn.output import TABLE_FORMATS, csv_table, markdown_table

# `swn export --format` names the file format to write (brat, conll), not how to print.
WRITES_FILES = {"export"}


def _format_choices():
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for verb, parser in sub.choices.items():
        for action in parser._actions:
            if "--format" in action.option_strings and verb not in WRITES_FILES:
                yield verb, tuple(action.choices)


def test_every_command_uses_the_same_format_names():
    found = dict(_format_choices())
    assert {"stats", "score", "diff", "validate", "info", "agreement"} <= set(found)
    for verb, choices in found.items():
        assert set(choices) <= set(TABLE_FORMATS), (verb, choices)
        assert "csv" not in choices or "table" in choices, verb  # csv only where a table is printed
    assert {"csv", "table", "json", "markdown"} <= set(found["stats"]) & set(found["score"])


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)


@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.lists(cells, min_size=n, max_size=n),
                                                      st.lists(st.lists(cells, min_size=n, max_size=n), max_size=5))))
def test_csv_reads_back_to_the_same_cells(table):
    header, rows = table
    text = csv_table(header, rows)
    assert list(csv.reader(io.StringIO(text + "\r\n", newline=""))) == [header, *rows]


def test_markdown_table_shape():
    assert markdown_table(["a", "b"], [[1, 2]]) == "| a | b |\n|---|---|\n| 1 | 2 |"


def test_stats_csv_lists_every_count(capsys):
    assert main(["stats", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["doc_id", "layer", "label", "spans"] and len(rows) > 20
    assert sum(int(r[3]) for r in rows[1:]) > 500
