"""A rule-based TIMEX3 normaliser: a date/time expression's surface and the document creation
time (DCT) -> ``(type, value, mod)``, or None when it cannot tell.

Covers what news reports use most: explicit dates ("14 March 2016", "March 14, 2016",
"December 2017", "2016"), weekdays resolved to the most recent one on or before the DCT (news
reports the past), deictic words (today, yesterday, tomorrow, this/last/next week/month/year,
now), parts of day ("Monday morning", "tonight"), durations ("five years", "six months",
"48 hours"), sets ("every year", "daily") and the modifiers early/mid/late, about/around,
more/less than.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
NUMBERS = {w: i for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                       "ten", "eleven", "twelve"))}
NUMBERS.update({"a": 1, "an": 1, "several": None, "few": None, "a few": None})
UNITS = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "week": ("", "W"),
         "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"), "century": ("", "CE")}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
MODS = (("early", "START"), ("mid", "MID"), ("late", "END"), ("end of", "END"), ("beginning of", "START"),
        ("about", "APPROX"), ("around", "APPROX"), ("nearly", "APPROX"), ("almost", "APPROX"),
        ("more than", "MORE_THAN"), ("over", "MORE_THAN"), ("less than", "LESS_THAN"), ("under", "LESS_THAN"),
        ("at least", "EQUAL_OR_MORE"), ("up to", "EQUAL_OR_LESS"))

_WS = re.compile(r"\s+")


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _strip_mod(s: str) -> tuple[str, str | None]:
    for word, mod in MODS:
        if s.startswith(word + " ") or s.startswith(word + "-"):
            return s[len(word) + 1:].strip(), mod
    return s, None


def _explicit(s: str, dct: date) -> str | None:
    month = r"(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
    for pat in (rf"^(?:\w+day,? )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{month},? (?P<y>\d{{4}})$",
                rf"^(?:\w+day,? )?{month} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>\d{{4}})$",
                rf"^(?:\w+day,? )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{month}$",
                rf"^(?:\w+day,? )?{month} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?$",
                rf"^{month},? (?P<y>\d{{4}})$", rf"^(?:in )?{month}$", r"^(?:in )?(?P<y>(?:19|20)\d\d)$",
                r"^(?P<y>\d{4})-(?P<mm>\d\d)-(?P<d>\d\d)$"):
        m = re.match(pat, s)
        if not m:
            continue
        g = m.groupdict()
        y = int(g["y"]) if g.get("y") else dct.year
        mo = int(g["mm"]) if g.get("mm") else (MONTHS[g["m"]] if g.get("m") else None)
        if mo is None:
            return f"{y:04d}"
        if g.get("d"):
            try:
                return date(y, mo, int(g["d"])).isoformat()
            except ValueError:
                return None
        if not g.get("y") and mo > dct.month:  # "in March" said in December: this year; in January: last year
            y -= 1 if mo - dct.month > 6 else 0
        return f"{y:04d}-{mo:02d}"
    return None


def normalise(surface: str, dct: date) -> tuple[str, str, str | None] | None:
    s = _WS.sub(" ", surface.strip().lower()).strip(" ,.")
    s = s.replace("’", "'")
    s, mod = _strip_mod(s)
    for prefix in ("on ", "in ", "since ", "by ", "until ", "from "):
        if s.startswith(prefix):
            s = s[len(prefix):]
    if not s:
        return None
    explicit = _explicit(s, dct)
    if explicit:
        return "DATE", explicit, mod
    if s in ("today", "this day"):
        return "DATE", dct.isoformat(), mod
    if s == "yesterday":
        return "DATE", (dct - timedelta(days=1)).isoformat(), mod
    if s == "tomorrow":
        return "DATE", (dct + timedelta(days=1)).isoformat(), mod
    if s in ("now", "currently", "at present", "nowadays"):
        return "DATE", "PRESENT_REF", mod
    if s in ("recently", "in the past", "previously"):
        return "DATE", "PAST_REF", mod
    if s in ("tonight", "last night"):
        d = dct if s == "tonight" else dct - timedelta(days=1)
        return "TIME", f"{d.isoformat()}TNI", mod
    m = re.match(r"^(this|last|next|the past|the previous|the coming) (week|month|year)$", s)
    if m:
        rel, unit = m.groups()
        step = {"this": 0, "last": -1, "the past": -1, "the previous": -1, "next": 1, "the coming": 1}[rel]
        if unit == "year":
            return "DATE", f"{dct.year + step:04d}", mod
        if unit == "month":
            y, mo = divmod(dct.year * 12 + dct.month - 1 + step, 12)
            return "DATE", f"{y:04d}-{mo + 1:02d}", mod
        return "DATE", _week(dct + timedelta(weeks=step)), mod
    m = re.match(r"^(?:(last|this|next) )?(" + "|".join(WEEKDAYS) + r")(?: (morning|afternoon|evening|night))?$", s)
    if m:
        rel, day, part = m.groups()
        delta = (dct.weekday() - WEEKDAYS[day]) % 7
        d = dct - timedelta(days=delta) if rel != "next" else dct + timedelta(days=(WEEKDAYS[day] - dct.weekday()) % 7 or 7)
        if rel == "last" and delta == 0:
            d -= timedelta(days=7)
        if part:
            return "TIME", f"{d.isoformat()}T{PARTS_OF_DAY[part]}", mod
        return "DATE", d.isoformat(), mod
    m = re.match(r"^(this|yesterday|tomorrow) (morning|afternoon|evening)$", s)
    if m:
        shift = {"this": 0, "yesterday": -1, "tomorrow": 1}[m.group(1)]
        return "TIME", f"{(dct + timedelta(days=shift)).isoformat()}T{PARTS_OF_DAY[m.group(2)]}", mod
    m = re.match(r"^(?:every|each) (day|week|month|year)$|^(daily|weekly|monthly|annually|yearly)$", s)
    if m:
        unit = m.group(1) or {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year",
                              "yearly": "year"}[m.group(2)]
        t, letter = UNITS[unit]
        return "SET", f"P{t}1{letter}", mod
    m = re.match(r"^(?:the (?:past|last|next) )?(\d+|[a-z]+(?: few)?)[ -](second|minute|hour|day|week|month|year|decade|"
                 r"century)s?(?: ago| long| old)?$", s)
    if m:
        n_raw, unit = m.groups()
        n = int(n_raw) if n_raw.isdigit() else NUMBERS.get(n_raw, "X")
        if n == "X" and n_raw not in NUMBERS:
            return None
        t, letter = UNITS[unit]
        value = f"P{t}{'X' if n is None else n}{letter}"
        if s.endswith(" ago"):
            return None  # a date relative to the DCT at an unknown granularity: not normalised
        return "DURATION", value, mod
    return None
