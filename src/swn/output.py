"""The output formats of every command, one set of names: ``--format table|json|markdown``,
plus ``csv`` where a command prints a table. ``table`` is the human-readable default.

A command offers the subset that makes sense for it (``swn agreement``: markdown or json;
``swn diff``: table or json) but never another name for the same thing. (``swn export
--format brat|conll`` names a file format to write, not how to print.)
"""
from __future__ import annotations

import csv
import io
from typing import Sequence

FORMATS = ("table", "json", "markdown")
TABLE_FORMATS = (*FORMATS, "csv")


def add_format_argument(parser, formats: Sequence[str] = FORMATS, default: str = "table") -> None:
    parser.add_argument("--format", choices=tuple(formats), default=default,
                        help=f"how to print: {', '.join(formats)} (default: {default})")


def markdown_table(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    return "\n".join(lines)


def csv_table(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """RFC 4180 CSV (CRLF line ends, so a cell holding CR or LF is quoted), without the last line end."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()[:-2]


def render_table(header: Sequence[object], rows: Sequence[Sequence[object]], fmt: str) -> str:
    """One table as ``table`` (aligned plain text), ``markdown`` or ``csv``."""
    from .summary import format_table

    if fmt == "markdown":
        return markdown_table(header, rows)
    if fmt == "csv":
        return csv_table(header, rows)
    if fmt == "table":
        return format_table(header, rows)
    raise ValueError(f"not a table format: {fmt!r}")
