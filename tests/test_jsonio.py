"""The strict JSON reader: what it accepts round-trips, what it refuses is located by line and column."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, strategies as st

from swn import jsonio
from swn.errors import SWNError

_SAFE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10 ** 30), 10 ** 30)
    | st.floats(allow_nan=False, allow_infinity=False) | _SAFE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_SAFE_TEXT, inner, max_size=4),
    max_leaves=20)


@given(_JSON, st.booleans())
def test_valid_json_round_trips(value, ascii_only):
    assert jsonio.loads(json.dumps(value, ensure_ascii=ascii_only, indent=1)) == value


# (inserted value, what the message says, where in it the problem starts): each is a problem
# wherever it sits in a document
_PROBLEMS = [
    ('{"label": "ORG", "label": "PERSON"}', "duplicate key 'label'", 17),
    ("NaN", "NaN is not valid JSON", 0),
    ("-Infinity", "-Infinity is not valid JSON", 0),
    ("1e999", "beyond float range", 0),
    ("-" + "9" * 400, "integer of 400 digits is beyond float range", 0),
    ("9" * 5000, "integer of 5000 digits is beyond float range", 0),
    ('"\\ud800"', "escaped lone surrogate", 0),
    ('"a\\udc00b"', "escaped lone surrogate", 0),
    ('{"\\ud83d": 1}', "escaped lone surrogate", 1),
    ("[" * 65 + "]" * 65, f"nested more than {jsonio.MAX_DEPTH} deep", 63),
    ("[" * 5000 + "]" * 5000, f"nested more than {jsonio.MAX_DEPTH} deep", 63),
    ("[" * 5000, f"nested more than {jsonio.MAX_DEPTH} deep", 63),
]


@given(st.sampled_from(_PROBLEMS), st.integers(0, 5), st.integers(0, 3))
def test_each_problem_is_refused_at_its_line_and_column(problem, lines_before, indent):
    bad, says, offset = problem
    prefix = '{\n' + "".join(f'  "k{i}": [1, "x"],\n' for i in range(lines_before)) + " " * indent + '"bad": '
    with pytest.raises(SWNError) as e:
        jsonio.loads(prefix + bad + "\n}", "f.json")
    assert e.value.file == "f.json" and e.value.check == "malformed-json"
    assert says in e.value.message
    line, column = prefix.count("\n") + 1, len(prefix) - prefix.rfind("\n")
    assert e.value.record == f"line {line}"
    found = int(re.search(r"\(column (\d+)\)", e.value.message)[1])
    assert found == column + offset


def test_paired_surrogate_escapes_and_escaped_backslashes_are_text():
    assert jsonio.loads('["\\ud83d\\ude00", "\\\\ud800"]') == ["\U0001F600", "\\ud800"]


def test_bom_and_bad_utf8_are_located():
    with pytest.raises(SWNError, match="byte order mark"):
        jsonio.loads("\ufeff{}")
    with pytest.raises(SWNError) as e:
        jsonio.decode(b'{"a": 1,\n "b": "\xff"}', "f.json")
    assert e.value.check == "not-utf8" and e.value.record == "line 2" and "column 8" in e.value.message


@given(st.sampled_from(["\u2028", "\u2029", "\u0085", "\r", "\x0b", "\x0c", "\x1c"]))
def test_json_lines_split_on_newline_only(sep):
    text = json.dumps({"a": f"x{sep}y"}, ensure_ascii=False) + "\n" + json.dumps({"b": 2}) + "\n"
    assert list(jsonio.iter_records(text)) == [(1, {"a": f"x{sep}y"}), (2, {"b": 2})]


def test_cr_only_line_endings_are_one_line_and_refused():
    with pytest.raises(SWNError) as e:
        list(jsonio.iter_records('{"a": 1}\r{"b": 2}\r', "p.jsonl"))
    assert e.value.record == "line 1" and "column" in e.value.message


def test_a_json_lines_error_names_the_file_line():
    with pytest.raises(SWNError) as e:
        list(jsonio.iter_records('{"a": 1}\n\n{"a": 1, "a": 2}\n', "p.jsonl"))
    assert (e.value.file, e.value.record) == ("p.jsonl", "line 3") and "(column 10)" in e.value.message


def test_long_values_are_cut_with_their_length():
    with pytest.raises(SWNError) as e:
        jsonio.loads('{"' + "k" * 100_000 + '": 1, "' + "k" * 100_000 + '": 2}')
    assert "(100000 chars)" in e.value.message and len(str(e.value)) < 300
