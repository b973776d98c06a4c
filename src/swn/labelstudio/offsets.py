"""The offset rules for text regions coming back from Label Studio.

SWN offsets are half-open intervals in Unicode code points. Label Studio 1.23 stores text
regions in code points too, but its server never checks ``value.text`` against
``start``/``end``, and older versions and some editing paths (resizing a region that follows
an emoji) stored JavaScript (UTF-16 code unit) offsets, which run one ahead per astral
character (U+10000 and above) before the position. So every region read from an export goes
through :func:`resolve_region`:

1. ``text[start:end] == value.text``: taken as it is;
2. otherwise, if reading ``start``/``end`` as UTF-16 offsets gives ``value.text``: repaired to
   the code-point offsets, and the repair is reported (:class:`Repair`);
3. otherwise the region is rejected (:class:`SWNError`, check ``ls-offset-mismatch``);
4. when both readings give ``value.text`` at different places (a repeated word after an
   emoji), the region is rejected too (check ``ls-offset-ambiguous``): guessing could take
   the wrong occurrence. The one hint that resolves it: the region is identical (id, offsets,
   text) to a region of the task's SWN pre-annotation, whose offsets SWN wrote in code points.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..errors import SWNError


class Utf16Index:
    """Conversion between code-point offsets and UTF-16 code-unit offsets of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Code-point positions of the astral characters (two UTF-16 code units each).
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self.utf16_length = len(text) + len(self._astral)
        # Where each astral character starts and ends in UTF-16 code units.
        self._astral_units = [cp + k for k, cp in enumerate(self._astral)]
        self._astral_unit_ends = [u + 2 for u in self._astral_units]

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of a code-point offset (``0 <= offset <= len(text)``)."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"code-point offset {offset} is outside [0, {len(self.text)}]")
        return offset + bisect_left(self._astral, offset)

    def to_code_points(self, offset: int) -> int | None:
        """The code-point offset of a UTF-16 offset, or ``None`` when it is outside the text
        or falls between the two code units of a surrogate pair."""
        if not 0 <= offset <= self.utf16_length:
            return None
        k = bisect_right(self._astral_unit_ends, offset)  # astral characters wholly before offset
        if k < len(self._astral_units) and self._astral_units[k] < offset:
            return None  # inside the surrogate pair of astral character k
        return offset - k


@dataclass(frozen=True)
class Repair:
    """A region whose UTF-16 offsets were converted to code points."""

    start_utf16: int
    end_utf16: int
    start: int
    end: int
    text: str

    def describe(self) -> str:
        return (f"offsets [{self.start_utf16}, {self.end_utf16}) read as UTF-16 and repaired to "
                f"[{self.start}, {self.end}) for {self.text!r}")


def resolve_region(text: str, start: object, end: object, value_text: object, *,
                   index: Utf16Index | None = None, file: str | None = None,
                   record: str | None = None, code_points: bool = False) -> tuple[int, int, Repair | None]:
    """The code-point offsets of a region, by the rules of the module docstring.

    ``index`` (a :class:`Utf16Index` of ``text``) saves rebuilding it for every region.
    ``code_points`` is the hint that the offsets are known to be code points (the region is an
    unchanged SWN pre-annotation): an ambiguous region is then taken as it is.
    """
    def fail(message: str, field: str = "value") -> SWNError:
        return SWNError(message, file=file, record=record, field=field, check="ls-offset-mismatch")

    for name, v in (("start", start), ("end", end)):
        if not isinstance(v, int) or isinstance(v, bool):
            raise fail(f"{name} must be an integer, got {v!r}", f"value.{name}")
    if not isinstance(value_text, str) or not value_text:
        raise fail(f"value.text must be the region's text, got {value_text!r}", "value.text")
    assert isinstance(start, int) and isinstance(end, int)
    as_code_points = 0 <= start < end <= len(text) and text[start:end] == value_text
    index = index or Utf16Index(text)
    cs, ce = index.to_code_points(start), index.to_code_points(end)
    as_utf16 = cs is not None and ce is not None and cs < ce and text[cs:ce] == value_text
    if as_code_points and as_utf16 and (cs, ce) != (start, end) and not code_points:
        raise SWNError(f"offsets [{start}, {end}) give {value_text!r} both as code points and, read as UTF-16, "
                       f"at [{cs}, {ce}): two occurrences, and nothing tells which one the annotator marked; "
                       "adjust the region in Label Studio and export again", file=file, record=record,
                       field="value", check="ls-offset-ambiguous")
    if as_code_points:
        return start, end, None
    if as_utf16:
        return cs, ce, Repair(start_utf16=start, end_utf16=end, start=cs, end=ce, text=value_text)
    found = text[start:end] if 0 <= start < end <= len(text) else None
    raise fail(f"offsets [{start}, {end}) hold {found!r} in the text, not value.text {value_text!r} "
               f"(neither as code points nor as UTF-16)")
