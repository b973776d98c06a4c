"""Level 1: the file exists, is UTF-8, parses as JSON or JSON Lines, and matches its schema.

Schema conformance is decided by a predicate compiled from the generated schema (fast); only
a record that fails it is walked with ``jsonschema`` for located messages.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import jsonio, vocab
from ..errors import SWNError, cut
from ..schema import schema as get_schema, validator_for
from .checks import declare
from .compiled import compile_schema
from .incidents import Incident

declare("file-missing", 1, """A file that is named (on the command line) or required (corpus/metadata.jsonl,
    annotations/entities.json when there is gold) exists and is a readable file.""")
declare("not-utf8", 1, """Every stored text file (raw texts, JSON, JSON Lines) is valid UTF-8.""")
declare("malformed-json", 1, """Every JSON file and every line of a JSON Lines file parses as strict JSON
    (swn.jsonio): no syntax error, no byte order mark, no duplicate key, no NaN/Infinity, no number
    beyond float range, no escaped lone surrogate, nesting at most 64 deep; JSON Lines split on "\\n" only.""")
declare("schema", 1, """Every record matches its JSON Schema in schema/ (types, required and unknown
    fields, patterns) apart from the rules reported under their own ids (unknown-label, bad-doc-id).""")
declare("unknown-label", 1, """Every value of a closed vocabulary (entity labels, TIMEX3 types and mods,
    quantity modifiers, stance targets and polarities, zones, document stances, provenance values,
    events) is one of the values of src/swn/data/vocab.json.""")
declare("bad-doc-id", 1, """Document ids are lower-case letters, digits and '-', 3-64 characters
    (^[a-z0-9][a-z0-9-]{2,63}$): safe as file names, so no '/', '..', spaces or newlines.""")


def _incident(e: SWNError) -> Incident:
    return Incident(e.file or "-", e.record or "-", e.field or "-", e.check or "malformed-json", e.message, 1)


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, Incident | None]:
    try:
        return jsonio.read_bytes(path), None
    except SWNError as e:
        e.file = shown
        return None, _incident(e)


def decode(data: bytes, shown: str, first_line: int = 1) -> tuple[str | None, Incident | None]:
    try:
        return jsonio.decode(data, shown, first_line=first_line), None
    except SWNError as e:
        return None, _incident(e)


def read_text(path: Path, shown: str) -> tuple[str | None, Incident | None]:
    data, inc = read_bytes(path, shown)
    if data is None:
        return None, inc
    return decode(data, shown)


def parse(text: str, shown: str, first_line: int = 1) -> tuple[Any, Incident | None]:
    """``(object, None)`` or ``(None, incident)`` by the strict rules of :mod:`swn.jsonio`;
    ``first_line`` is the line of a JSON Lines record."""
    try:
        return jsonio.loads(text, shown, first_line=first_line), None
    except SWNError as e:
        return None, _incident(e)


iter_lines = jsonio.iter_lines


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


TOP_LEVEL = "(top level)"  # the field of a problem with a file's (or line's) value as a whole
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
        shown_value = repr(error.instance)
        if len(shown_value) > 80 and message.startswith(shown_value):  # never echo a long value whole
            message = cut(error.instance) + message[len(shown_value):]
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
            message = f"{cut(error.instance)} is not one of {', '.join(map(str, allowed))}"
        elif keyword == "pattern" and error.validator_value == vocab.DOC_ID_PATTERN:
            check = "bad-doc-id"
            message = f"{cut(error.instance)} is not a document id (lower-case letters, digits, '-'; 3-64 chars)"
        record, field = record_of(path)
        if record == "-" and field == "-":
            field = TOP_LEVEL
        out.append(Incident(shown, record, field, check, message, 1))
    if not out:  # the fast predicate and jsonschema disagree: never let that pass silently
        out.append(Incident(shown, record_of([])[0], TOP_LEVEL, "schema", "does not match its schema", 1))
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
