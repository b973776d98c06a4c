"""Level 1: the file exists, is UTF-8, parses as JSON or JSON Lines, and matches its schema.

Schema conformance is decided by a predicate compiled from the generated schema (fast); only
a record that fails it is walked with ``jsonschema`` for located messages.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import vocab
from ..schema import schema as get_schema, validator_for
from .checks import declare
from .compiled import compile_schema
from .incidents import Incident

declare("file-missing", 1, """A file that is named (on the command line) or required (corpus/metadata.jsonl,
    annotations/entities.json when there is gold) exists and is a readable file.""")
declare("not-utf8", 1, """Every stored text file (raw texts, JSON, JSON Lines) is valid UTF-8.""")
declare("malformed-json", 1, """Every JSON file and every line of a JSON Lines file parses as JSON: no syntax
    error, no NaN/Infinity, no number too large for a float or an integer of more than 4300 digits.""")
declare("schema", 1, """Every record matches its JSON Schema in schema/ (types, required and unknown
    fields, patterns) apart from the rules reported under their own ids (unknown-label, bad-doc-id).""")
declare("unknown-label", 1, """Every value of a closed vocabulary (entity labels, TIMEX3 types and mods,
    quantity modifiers, stance targets and polarities, zones, document stances, provenance values,
    events) is one of the values of src/swn/data/vocab.json.""")
declare("bad-doc-id", 1, """Document ids are lower-case letters, digits and '-', 3-64 characters
    (^[a-z0-9][a-z0-9-]{2,63}$): safe as file names, so no '/', '..', spaces or newlines.""")


class _NonFinite(ValueError):
    pass


def _finite_float(s: str) -> float:
    f = float(s)
    if math.isinf(f):
        raise _NonFinite(f"number {s[:20]}{'...' if len(s) > 20 else ''} is too large for a float")
    return f


def _reject_constant(name: str) -> Any:
    raise _NonFinite(f"{name} is not valid JSON")


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, Incident | None]:
    try:
        return path.read_bytes(), None
    except FileNotFoundError:
        return None, Incident(shown, "-", "-", "file-missing", "file not found", 1)
    except IsADirectoryError:
        return None, Incident(shown, "-", "-", "file-missing", "is a directory, expected a file", 1)
    except OSError as e:
        return None, Incident(shown, "-", "-", "file-missing", f"cannot read: {e.strerror}", 1)


def decode(data: bytes, shown: str) -> tuple[str | None, Incident | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return None, Incident(shown, f"line {line}", "-", "not-utf8",
                              f"not UTF-8: byte 0x{data[e.start]:02x} at byte offset {e.start}", 1)


def read_text(path: Path, shown: str) -> tuple[str | None, Incident | None]:
    data, inc = read_bytes(path, shown)
    if data is None:
        return None, inc
    return decode(data, shown)


def parse(text: str, shown: str, record: str = "-") -> tuple[Any, Incident | None]:
    """``(object, None)`` or ``(None, incident)``."""
    try:
        return json.loads(text, parse_float=_finite_float, parse_constant=_reject_constant), None
    except json.JSONDecodeError as e:
        where = f"line {e.lineno}" if record == "-" else record
        return None, Incident(shown, where, "-", "malformed-json", f"malformed JSON: {e.msg} (column {e.colno})", 1)
    except (ValueError, RecursionError) as e:  # non-finite numbers, huge integers, deep nesting
        return None, Incident(shown, record, "-", "malformed-json", f"malformed JSON: {e}", 1)


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` for every non-blank line of a JSON Lines text."""
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield n, line


# ---------------------------------------------------------------- schema conformance

@lru_cache(maxsize=None)
def predicate(name: str) -> Callable[[Any], bool]:
    """The compiled fast predicate of schema ``name``."""
    return compile_schema(get_schema(name))


@lru_cache(maxsize=None)
def def_predicate(name: str, definition: str) -> Callable[[Any], bool]:
    """The compiled predicate of ``$defs/<definition>`` of schema ``name`` (e.g. one span)."""
    root = get_schema(name)
    return compile_schema(root["$defs"][definition], defs_root=root)


RecordOf = Callable[[list], "tuple[str, str]"]


def _dotted(path: list) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "-"


def _leaf(error):
    """The most specific error inside an ``anyOf`` failure (for a useful message)."""
    from jsonschema.exceptions import best_match
    while error.context:
        best = best_match(error.context)
        if best is None or best is error:
            break
        best.path.extendleft(reversed(error.path))
        error = best
    return error


def schema_incidents(name: str, instance: Any, shown: str, record_of: RecordOf) -> list[Incident]:
    """Located incidents for every way ``instance`` violates schema ``name`` (empty if valid)."""
    if predicate(name)(instance):
        return []
    out = []
    for error in validator_for(name).iter_errors(instance):
        error = _leaf(error)
        path = list(error.path)
        keyword = error.validator
        check, message = "schema", error.message
        if keyword == "required":
            missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
            path = path + missing[:1]
            message = "is missing"
        elif keyword == "additionalProperties" and isinstance(error.instance, dict):
            extra = sorted(k for k in error.instance if k not in error.schema.get("properties", {}))
            path = path + extra[:1]
            message = f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}"
            if path[:1] == ["doc_stance"] or path[-2:-1] == ["doc_stance"]:
                check, message = "unknown-label", f"unknown stance target {extra[0]!r}"
        elif keyword == "enum":
            check = "unknown-label"
            allowed = [v for v in error.validator_value if v is not None]
            message = f"{error.instance!r} is not one of {', '.join(map(str, allowed))}"
        elif keyword == "pattern" and error.validator_value == vocab.DOC_ID_PATTERN:
            check = "bad-doc-id"
            message = f"{error.instance!r} is not a document id (lower-case letters, digits, '-'; 3-64 chars)"
        record, field = record_of(path)
        out.append(Incident(shown, record, field, check, message, 1))
    if not out:  # the fast predicate and jsonschema disagree: never let that pass silently
        out.append(Incident(shown, record_of([])[0], "-", "schema", "does not match its schema", 1))
    return sorted(set(out))


def whole_file_record(path: list) -> tuple[str, str]:
    """Locate a path inside a JSON file whose top level is one object holding record lists."""
    if len(path) >= 2 and isinstance(path[1], int):
        return f"{path[0]}[{path[1]}]", _dotted(path[2:])
    return "-", _dotted(path)


def jsonl_record(line: int) -> RecordOf:
    return lambda path: (f"line {line}", _dotted(path))


def read_json(path: Path, shown: str) -> tuple[Any, Incident | None]:
    """The parsed JSON of a file, or ``(None, incident)`` when it cannot be read or parsed."""
    text, inc = read_text(path, shown)
    if text is None:
        return None, inc
    data, inc = parse(text, shown)
    return (None, inc) if inc else (data, None)
