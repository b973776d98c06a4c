"""Line breaks and line-safe fragments, shared by every line-oriented format.

``LINE_BREAKS`` are the characters ``str.splitlines()`` breaks on: a reader that splits a file
into lines with it would cut a line that holds one, so no writer may put one inside a line.
"""
from __future__ import annotations

import json
import re
from typing import Any

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_FRAGMENT = re.compile(f"[^{re.escape(LINE_BREAKS)}]+")


def has_line_break(s: str) -> bool:
    return any(c in LINE_BREAKS for c in s)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut around line breaks, each piece without edge whitespace."""
    out = []
    for m in _FRAGMENT.finditer(text, start, end):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def json_line(obj: Any) -> str:
    """``obj`` as one line of JSON (json leaves U+0085, U+2028 and U+2029 unescaped; they would break it)."""
    s = json.dumps(obj, ensure_ascii=False, sort_keys=False)
    for ch in "\x85\u2028\u2029":
        s = s.replace(ch, f"\\u{ord(ch):04x}")
    return s
