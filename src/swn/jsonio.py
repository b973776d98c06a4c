"""The one strict JSON and JSON Lines reader of SWN (every stored or submitted file goes through it).

Strict means: UTF-8 only (no BOM), no duplicate keys, no NaN/Infinity, no number outside the
range of a float (so ``1e999`` and a 400-digit integer are refused rather than turned into
``inf`` or an integer no float column can hold), no escaped lone surrogate (``"\\ud800"`` would
decode to a string that cannot be written back as UTF-8), nesting at most :data:`MAX_DEPTH`
deep, and JSON Lines split only on ``"\\n"`` (a raw U+2028 or U+0085 inside a string is data,
not a line break; CR-only line endings do not split lines).

Every problem raises :class:`SWNError` with check ``malformed-json`` or ``not-utf8``, located by
line (the record) and column (in the message). The fast path is ``json.loads`` with hooks;
only a document that trips a hook (or a cheap pre-scan) is walked again by :func:`_locate`, a
small iterative scanner, to find the line and column of the first problem.
"""
from __future__ import annotations

import json
import re
import sys
from json.decoder import scanstring
from pathlib import Path
from typing import Any, Iterator

from .errors import SWNError, cut

MAX_DEPTH = 64
_FLOAT_MAX_DIGITS = 309  # an integer of this many digits or more may be beyond float range
_FLOAT_MAX = int(sys.float_info.max)

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Problem(ValueError):
    """Raised by a parse hook; the document is then scanned again to locate it."""


def _pairs(pairs: list) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _Problem("duplicate key")
    return d


def _float(s: str) -> float:
    f = float(s)
    if f in (float("inf"), float("-inf")):
        raise _Problem("number out of float range")
    return f


def _constant(name: str) -> Any:
    raise _Problem(f"{name} is not valid JSON")


def _fail(message: str, line: int, column: int | None, *, file: str, first_line: int = 1) -> SWNError:
    where = f" (column {column})" if column is not None else ""
    return SWNError(f"malformed JSON: {message}{where}", file=file, record=f"line {first_line + line - 1}",
                    field="-", check="malformed-json")


def decode(data: bytes, file: str = "-", *, first_line: int = 1) -> str:
    """``data`` as UTF-8 text; a bad byte is located by line and column. ``first_line`` is the
    line number of the data's first line in its file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise SWNError(f"not UTF-8: byte 0x{data[e.start]:02x} at column {column} (byte offset {e.start})",
                       file=file, record=f"line {first_line + line - 1}", field="-", check="not-utf8") from None
    return text


def _deep_or_huge(value: Any) -> bool:
    """Whether arrays and objects nest more than :data:`MAX_DEPTH` deep in a parsed value or an
    integer lies beyond float range (one iterative walk: never recurses)."""
    stack = [(value, 1)] if type(value) in (dict, list) else []
    while stack:
        v, d = stack.pop()
        if d > MAX_DEPTH:
            return True
        for x in (v.values() if type(v) is dict else v):
            t = type(x)
            if t is dict or t is list:
                stack.append((x, d + 1))
            elif t is int and (x > _FLOAT_MAX or x < -_FLOAT_MAX):
                return True
    return type(value) is int and abs(value) > _FLOAT_MAX


def loads(text: str, file: str = "-", *, first_line: int = 1) -> Any:
    """Parse one JSON document by the strict rules of this module. ``first_line`` is the line
    number of the text's first line in its file (for a JSON Lines record)."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as e:
        if e.msg.startswith("Unexpected UTF-8 BOM"):
            raise _fail("starts with a byte order mark (U+FEFF)", 1, 1, file=file, first_line=first_line) from None
        # A syntax error may come after a problem the hooks did not see yet (e.g. deep nesting).
        problem = _locate(text, stop=e.pos)
        if problem:
            raise _fail(*problem, file=file, first_line=first_line) from None
        raise _fail(e.msg, e.lineno, e.colno, file=file, first_line=first_line) from None
    except (ValueError, RecursionError):  # a hook, deep nesting, an integer of > 4300 digits
        problem = _locate(text)
        raise _fail(*(problem or ("cannot be parsed", 1, None)), file=file, first_line=first_line) from None
    # What the hooks cannot see: escaped surrogates (a cheap pre-scan first), depth, huge integers.
    if _SURROGATE_ESCAPE.search(text) or _deep_or_huge(value):
        problem = _locate(text)
        if problem:
            raise _fail(*problem, file=file, first_line=first_line)
    return value


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERAL = re.compile(r"true|false|null")


def _locate(text: str, stop: int | None = None) -> tuple[str, int, int] | None:
    """``(message, line, column)`` of the first strict-rule problem in ``text``, scanning up to a
    known syntax error at ``stop``; ``None`` when there is none before it (or the text ends)."""
    end = len(text) if stop is None else stop
    ws = _WS.match
    stack: list[set | None] = []  # the keys seen, per open object; None per open array
    pos = ws(text, 0).end()

    def key(pos: int) -> tuple[tuple[str, int, int] | None, int | None]:
        """Read ``"key":`` at ``pos`` into the innermost object; (problem, position of the value)."""
        if text[pos:pos + 1] != '"':
            return None, None
        try:
            name, after = scanstring(text, pos + 1, True)
        except (ValueError, TypeError):
            return None, None
        if _SURROGATE.search(name):
            return _at("a key holds an escaped lone surrogate", text, pos), None
        if name in stack[-1]:
            return _at(f"duplicate key {cut(name)}", text, pos), None
        stack[-1].add(name)
        colon = ws(text, after).end()
        if text[colon:colon + 1] != ":":
            return None, None
        return None, ws(text, colon + 1).end()

    while True:  # pos is at a value
        if pos >= end:
            return None
        ch = text[pos]
        if ch in "[{":
            if len(stack) >= MAX_DEPTH:
                return _at(f"nested more than {MAX_DEPTH} deep", text, pos)
            stack.append(set() if ch == "{" else None)
            pos = ws(text, pos + 1).end()
            if text[pos:pos + 1] == ("}" if ch == "{" else "]"):
                stack.pop()
                pos += 1
            elif ch == "{":
                problem, pos = key(pos)
                if pos is None:
                    return problem
                continue
            else:
                continue
        elif ch == '"':
            try:
                value, after = scanstring(text, pos + 1, True)
            except (ValueError, TypeError):
                return None
            if _SURROGATE.search(value):
                return _at("a string holds an escaped lone surrogate", text, pos)
            pos = after
        elif ch == "-" or "0" <= ch <= "9":
            if text.startswith("-Infinity", pos):
                return _at("-Infinity is not valid JSON", text, pos)
            m = _NUMBER.match(text, pos)
            if not m:
                return None
            tok = m.group()
            if m.group(1) is None and m.group(2) is None:
                if len(tok.lstrip("-")) >= _FLOAT_MAX_DIGITS and _too_big(tok):
                    return _at(f"an integer of {len(tok.lstrip('-'))} digits is beyond float range", text, pos)
            elif float(tok) in (float("inf"), float("-inf")):
                return _at(f"number {cut(tok, 20)} is beyond float range", text, pos)
            pos = m.end()
        elif text.startswith(("NaN", "Infinity"), pos):
            return _at(f"{'NaN' if ch == 'N' else 'Infinity'} is not valid JSON", text, pos)
        else:
            m = _LITERAL.match(text, pos)
            if not m:
                return None
            pos = m.end()
        while True:  # after a value: a comma, a closer, or the end
            pos = ws(text, pos).end()
            if pos >= end or not stack:
                return None
            c = text[pos]
            if c == ",":
                pos = ws(text, pos + 1).end()
                if stack[-1] is not None:
                    problem, pos = key(pos)
                    if pos is None:
                        return problem
                break
            if c != ("]" if stack[-1] is None else "}"):
                return None
            stack.pop()
            pos += 1


def _at(message: str, text: str, pos: int) -> tuple[str, int, int]:
    """``(message, line, column)`` of a position of ``text``."""
    return message, text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _too_big(tok: str) -> bool:
    try:
        float(int(tok))
    except (OverflowError, ValueError):
        return True
    return False


def read_bytes(path: Path | str) -> bytes:
    """The bytes of a file; a missing or unreadable file is a located SWNError."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise SWNError("file not found", file=str(path), record="-", field="-", check="file-missing") from None
    except IsADirectoryError:
        raise SWNError("is a directory, expected a file", file=str(path), record="-", field="-",
                       check="file-missing") from None
    except OSError as e:
        raise SWNError(f"cannot read: {e.strerror}", file=str(path), record="-", field="-",
                       check="file-missing") from None


def read(path: Path | str) -> Any:
    """The parsed JSON file at ``path``."""
    return loads(decode(read_bytes(path), str(path)), str(path))


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` for every non-blank line of a JSON Lines text (split on ``\\n`` only)."""
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip(" \t\r"):
            yield n, line


def iter_records(text: str, file: str = "-") -> Iterator[tuple[int, Any]]:
    """``(line number, parsed record)`` for every non-blank line of a JSON Lines text."""
    for n, line in iter_lines(text):
        yield n, loads(line, file, first_line=n)


def read_lines(path: Path | str) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed record)`` of a JSON Lines file."""
    return iter_records(decode(read_bytes(path), str(path)), str(path))
