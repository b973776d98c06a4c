"""The floor: a dependency-free gazetteer/regex baseline for entities, temporal and quantities.

Entities: a small built-in gazetteer of country and nationality words (GPE, NORP) plus
capitalised-sequence heuristics (organisation cue words -> ORG, titles and two- or three-word
names -> PERSON). It deliberately does NOT use the corpus entity registry: its aliases come from
the gold and would leak it. Temporal: regular expressions for dates, weekdays, deictic words and
durations, normalised by :mod:`swn.baselines.timex` against the document creation time.
Quantities: a number regular expression (digits or number words, optional scale and unit) with
the approximator or bound before it as the modifier.
"""
from __future__ import annotations

import re
from datetime import date

from .spans import record, span, without_overlaps
from .timex import MONTHS, NUMBERS, WEEKDAYS, normalise

NAME = "floor"
DESCRIPTION = "built-in gazetteer and regular expressions (no dependencies)"
LAYERS = ("entities", "temporal", "quantities")

COUNTRIES = ("Russia", "Syria", "Turkey", "Iran", "Iraq", "Israel", "Jordan", "Lebanon", "Egypt", "Saudi Arabia",
             "Qatar", "United States", "United Kingdom", "U.S.", "US", "USA", "America", "Britain", "UK", "France",
             "Germany", "China", "Ukraine", "Libya", "Yemen", "Afghanistan", "Kazakhstan", "Georgia", "Belarus",
             "Italy", "Spain", "Japan", "India", "Pakistan", "Kuwait", "Bahrain", "Oman", "Tunisia", "Algeria",
             "Morocco", "Soviet Union", "USSR", "Europe")
NATIONALITIES = ("Russian", "Syrian", "Turkish", "Iranian", "Iraqi", "Israeli", "Jordanian", "Lebanese", "Egyptian",
                 "Saudi", "Qatari", "American", "British", "French", "German", "Chinese", "Ukrainian", "Kurdish",
                 "Kurd", "Kurds", "Arab", "Arabs", "Western", "European", "Soviet", "Shia", "Shiite", "Sunni",
                 "Alawite", "Muslim", "Muslims", "Christian", "Christians", "Russians", "Syrians", "Americans",
                 "Iranians", "Turks", "Israelis", "Libyan")
ORG_CUES = ("Ministry", "Army", "Forces", "Force", "Council", "Agency", "Party", "Front", "Group", "News", "Organisation",
            "Organization", "Committee", "Union", "Nations", "Observatory", "Kremlin", "Pentagon", "Press", "Office",
            "Department", "Command", "Coalition", "Brigade", "Brigades", "Navy", "Parliament", "Duma", "Institute",
            "Times", "Post", "Reuters", "AFP", "Hezbollah", "NATO", "ISIS", "ISIL", "IS", "Daesh", "UN", "EU")
FAC_CUES = ("Base", "Airbase", "Airport", "Port", "Bridge", "Highway", "Palace", "Square")
GPE_CUES = ("Province", "City", "Governorate", "Region", "Republic")
TITLES = ("President", "Minister", "Secretary", "Mr", "Mr.", "Mrs", "Ms", "General", "Gen.", "Colonel", "Spokesman",
          "Spokeswoman", "Lieutenant", "Envoy", "Ambassador", "Chancellor", "King", "Prince", "Foreign", "Defence",
          "Defense", "Prime", "Commander", "Chief")
STOP_CAPITALS = {"The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "They", "We", "I", "This",
                 "That", "These", "Those", "His", "Her", "Its", "Their", "Our", "As", "For", "With", "After",
                 "Before", "Since", "While", "When", "If", "Some", "Many", "Most", "According", "There", "What",
                 "However", "Also", "Last", "Next", "Earlier", "Later", "Meanwhile", "Speaking", "Read", "Source",
                 "Photo", "Click", "Leave", "Reply", "Delivered", "Share", "More", "Related", "Advertisement"}
STOP_CAPITALS |= {m.capitalize() for m in MONTHS} | {d.capitalize() for d in WEEKDAYS}

_GAZ = {w: "GPE" for w in COUNTRIES} | {w: "NORP" for w in NATIONALITIES}
_GAZ_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in sorted(_GAZ, key=len, reverse=True))
                     + r")(?![\w])")
_CAP_WORD = r"(?:[A-Z][\w'’.-]*[\w]|[A-Z])"
_CAP_SEQ = re.compile(rf"{_CAP_WORD}(?:[ \u00a0](?:of|al-|bin|de|the)?[ \u00a0]?{_CAP_WORD})*")


def entities(text: str) -> list[dict]:
    out = []
    for m in _GAZ_RE.finditer(text):
        out.append(span(text, m.start(), m.end(), label=_GAZ[m.group(1)]))
    for m in _CAP_SEQ.finditer(text):
        words = m.group(0).split()
        start, end = m.start(), m.end()
        while words and (words[0] in STOP_CAPITALS or words[0] in TITLES or words[0] in _GAZ):
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
        if not words:
            continue
        sub = " ".join(words)
        if sub in _GAZ:
            continue
        sentence_start = start == 0 or text[:start].rstrip()[-1:] in ".!?\n\"“" or text[start - 1] == "\n"
        if any(w.strip(".,") in FAC_CUES for w in words):
            label = "FAC"
        elif any(w.strip(".,") in GPE_CUES for w in words):
            label = "GPE"
        elif any(w.strip(".,") in ORG_CUES for w in words):
            label = "ORG"
        elif 2 <= len(words) <= 3 and all(w[0].isupper() for w in words):
            label = "PERSON"
        elif len(words) == 1 and not sentence_start and text[start - 1:start] != "(":
            prev = text[:start].split()[-1:] if text[:start].split() else []
            label = "PERSON" if prev and prev[0] in TITLES else None
        else:
            label = None
        if label:
            out.append(span(text, start, start + len(text[start:end].rstrip(" .,")), label=label))
    return without_overlaps(s for s in out if s)


_MONTH = r"(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + r")"
_NUMWORD = r"(?:\d+|" + "|".join(w for w in NUMBERS if " " not in w and len(w) > 2) + r")"
_TEMPORAL = re.compile("|".join((
    rf"(?:{_DAY},? )?\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? (?:19|20)\d\d",
    rf"(?:{_DAY},? )?{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d\d",
    rf"(?:{_DAY},? )?\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}",
    rf"(?:{_DAY},? )?{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?",
    rf"(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[ -])?{_MONTH},? (?:19|20)\d\d",
    rf"(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[ -])?(?<![\d,.])(?:19|20)\d\d(?![\d,])",
    rf"(?:(?:last|this|next) )?{_DAY}(?: (?:morning|afternoon|evening|night))?",
    r"\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight)\b",
    r"\b(?:[Tt]his|[Ll]ast|[Nn]ext) (?:week|month|year)\b",
    rf"\b{_NUMWORD}[ -](?:days?|weeks?|months?|years?|hours?|decades?)\b",
)))


def temporal(text: str, dct: date) -> list[dict]:
    out = []
    for m in _TEMPORAL.finditer(text):
        norm = normalise(m.group(0), dct)
        if norm is None:
            continue
        ttype, value, mod = norm
        out.append(span(text, m.start(), m.end(), type=ttype, value=value, mod=mod))
    return without_overlaps(s for s in out if s)


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = ("per cent", "percent", "%", "km", "kilometres", "kilometers", "miles", "metres", "meters", "tonnes", "tons",
          "dollars", "roubles", "rubles", "euros", "pounds", "sq km", "square kilometres")
_MODIFIERS = (("at least", "at_least"), ("more than", "more_than"), ("well over", "more_than"), ("over", "more_than"),
              ("up to", "up_to"), ("no more than", "at_most"), ("at most", "at_most"), ("about", "approximate"),
              ("around", "approximate"), ("some", "approximate"), ("nearly", "approximate"),
              ("almost", "approximate"), ("approximately", "approximate"), ("roughly", "approximate"))
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<cur>\$|€|£)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(w for w in NUMBERS if " " not in w and len(w) > 2 and w != "zero")
    + r")(?:[ \u00a0-](?P<scale>thousand|million|billion|trillion))?"
    + r"(?:[ \u00a0]?(?P<unit>" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True)) + r"))?(?![\w])",
    re.IGNORECASE)


def quantities(text: str, dates: list[dict]) -> list[dict]:
    out = []
    for m in _NUMBER.finditer(text):
        if any(d["start"] <= m.start() < d["end"] for d in dates):
            continue
        raw = m.group("num").lower().replace(",", "")
        value: float | int = int(raw) if raw.isdigit() else (float(raw) if raw[0].isdigit() else NUMBERS[raw])
        if value is None:
            continue
        if m.group("scale"):
            value = value * _SCALES[m.group("scale").lower()]
        value = int(value) if float(value).is_integer() else value
        unit = m.group("unit")
        unit = {"$": "USD", "€": "EUR", "£": "GBP"}.get(m.group("cur") or "", None) or (
            "percent" if unit and unit.lower() in ("%", "per cent", "percent") else (unit.lower() if unit else None))
        before = text[max(0, m.start() - 16):m.start()].lower()
        modifier = next((mod for word, mod in _MODIFIERS if re.search(rf"\b{word}\s$", before)), "exact")
        out.append(span(text, m.start(), m.end(), value=value, unit=unit, is_count=unit is None, modifier=modifier))
    return without_overlaps(s for s in out if s)


def available() -> str | None:
    return None


def predict(documents, **_options) -> list[dict]:
    records = []
    for d in documents:
        dct = date.fromisoformat(d.metadata.dct.value)
        t = temporal(d.text, dct)
        records.append(record(d.id, entities=entities(d.text), temporal=t, quantities=quantities(d.text, t)))
    return records
