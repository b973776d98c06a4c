"""TIMEX3 values, well-formed for their type (TimeML TIMEX3 with SWN's interval deviation).

Accepted values (``X`` replaces any unknown digit, as in TIMEX3):

* DATE: ``2017``, ``201`` (decade), ``20`` (century), ``2017-12``, ``2017-12-11``,
  ``XXXX-09-30``, seasons ``2015-FA`` (SP, SU, FA, WI), quarters ``2017-Q4``, halves ``2017-H2``,
  ISO weeks ``2017-W51`` and week days ``2017-W51-1``, weekends ``2017-W51-WE``,
  ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, and an ISO interval ``a/b`` of two dates for a
  range written as one expression (``2017-12-21/2017-12-22``; SWN deviation), with ``a <= b``.
* TIME: a date followed by ``T`` and a clock time (``T14``, ``T14:30``, ``T14:30:05``) or a
  part of day (``TMO``, ``TAF``, ``TEV``, ``TNI``, ``TDT``); the three ``*_REF`` values; intervals.
* DURATION: ``P`` with date units (Y, M, W, D, DE decade, CE century, ML millennium, Q quarter,
  WE weekend) and/or ``T`` with time units (H, M, S, or a part of day); numbers may be
  decimals or ``X`` (``P49Y``, ``PT24H``, ``PXY``, ``P1.5Y``).
* SET: a duration (``P1W``: every week) or a date or time pattern (``XXXX-WXX-1``: every Monday).

Fully specified calendar dates must exist (``2017-02-30`` is rejected).
"""
from __future__ import annotations

import datetime as _dt
import re

_Y = r"(?:[0-9X]{4}|[0-9X]{3}|[0-9X]{2})"
_DATE = (rf"(?P<y>{_Y})"
         r"(?:-(?:(?P<m>0[1-9]|1[0-2]|XX)(?:-(?P<d>0[1-9]|[12][0-9]|3[01]|XX))?"
         r"|SP|SU|FA|WI|Q[1-4X]|H[12X]"
         r"|W(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)(?:-(?:[1-7X]|WE))?))?")
_TIME = r"T(?:MO|AF|EV|NI|DT|(?:[01][0-9]|2[0-4]|XX)(?::(?:[0-5][0-9]|XX)(?::(?:[0-5][0-9]|60|XX))?)?)"
_N = r"(?:[0-9]+(?:\.[0-9]+)?|X+)"
_DURATION = (rf"P(?:(?:{_N}(?:DE|CE|ML|WE|Y|M|W|D|Q))+(?:T(?:{_N}(?:MO|AF|EV|NI|H|M|S))+)?"
             rf"|T(?:{_N}(?:MO|AF|EV|NI|H|M|S))+)")
_REF = r"(?:PRESENT_REF|PAST_REF|FUTURE_REF)"

_DATE_RE = re.compile(_DATE)
_DATETIME_RE = re.compile(rf"{_DATE}{_TIME}")
_DURATION_RE = re.compile(_DURATION)
_REF_RE = re.compile(_REF)


def _real_date(m: re.Match) -> bool:
    y, mo, d = m.group("y"), m.group("m"), m.group("d")
    if not (y and mo and d) or "X" in y + mo + d or len(y) != 4:
        return True
    try:
        _dt.date(int(y), int(mo), int(d))
        return True
    except ValueError:
        return False


def _point(value: str, with_time: bool) -> bool:
    m = (_DATETIME_RE if with_time else _DATE_RE).fullmatch(value)
    return bool(m) and _real_date(m)


def _interval(value: str, with_time: bool) -> bool:
    a, sep, b = value.partition("/")
    if not sep or "/" in b or not (_point(a, with_time) and _point(b, with_time)):
        return False
    # Same granularity and no placeholders: ISO strings compare chronologically.
    if len(a) == len(b) and "X" not in a + b:
        return a <= b
    return True


def timex_value_problem(timex_type: str, value: str) -> str | None:
    """``None`` if ``value`` is a well-formed TIMEX3 value for ``timex_type``, else why not."""
    if timex_type == "DATE":
        if _REF_RE.fullmatch(value) or _point(value, False) or _interval(value, False):
            return None
        return "is not a TIMEX3 DATE (e.g. 2017-12-11, 2017-W51, 2015-FA, XXXX-09-30, PRESENT_REF, a/b)"
    if timex_type == "TIME":
        if _REF_RE.fullmatch(value) or _point(value, True) or _interval(value, True):
            return None
        return "is not a TIMEX3 TIME (e.g. 2017-12-11TMO, 2017-12-11T14:30, PRESENT_REF)"
    if timex_type == "DURATION":
        return None if _DURATION_RE.fullmatch(value) else "is not a TIMEX3 DURATION (e.g. P49Y, PT24H, PXM)"
    if timex_type == "SET":
        if _DURATION_RE.fullmatch(value) or _point(value, False) or _point(value, True):
            return None
        return "is not a TIMEX3 SET value (e.g. P1W, XXXX-WXX-1)"
    return f"has no grammar for TIMEX3 type {timex_type!r}"
