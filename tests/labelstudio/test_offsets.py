"""The offset rules for regions from Label Studio: code points vs UTF-16, check, repair, reject."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swn.errors import SWNError
from swn.labelstudio.offsets import Utf16Index, resolve_region
from tests.strategies import documents

# Text with astral characters (emoji, mathematical letters), BMP non-ASCII and U+00A0.
texts = st.one_of(documents(), st.text(st.characters(exclude_categories=("Cs",)), max_size=40))


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(texts)
def test_code_point_to_utf16_is_javascript_length(text):
    index = Utf16Index(text)
    for i in range(len(text) + 1):
        assert index.to_utf16(i) == utf16_len(text[:i])
    assert index.utf16_length == utf16_len(text)


@given(texts)
def test_utf16_to_code_points_round_trips_and_rejects_inside_pairs(text):
    index = Utf16Index(text)
    back = {index.to_utf16(i): i for i in range(len(text) + 1)}
    for u in range(-2, index.utf16_length + 3):
        assert index.to_code_points(u) == back.get(u)  # None inside a surrogate pair or outside the text


@given(st.data(), documents())
def test_code_point_offsets_are_taken_as_they_are(data, text):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    index = Utf16Index(text)
    cs, ce = index.to_code_points(start), index.to_code_points(end)
    if cs is not None and ce is not None and (cs, ce) != (start, end) and text[cs:ce] == text[start:end]:
        return  # ambiguous: tested below
    assert resolve_region(text, start, end, text[start:end]) == (start, end, None)


@given(st.data(), documents())
def test_utf16_offsets_are_repaired_when_only_they_match(data, text):
    index = Utf16Index(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    value = text[start:end]
    us, ue = index.to_utf16(start), index.to_utf16(end)
    if (us, ue) == (start, end):
        return  # no astral character before the span: the two readings coincide
    if ue <= len(text) and text[us:ue] == value:  # the code-point reading holds it too, elsewhere
        with pytest.raises(SWNError) as e:
            resolve_region(text, us, ue, value)
        assert e.value.check == "ls-offset-ambiguous"
        return
    got_start, got_end, repair = resolve_region(text, us, ue, value)
    assert (got_start, got_end) == (start, end) and (repair.start_utf16, repair.end_utf16) == (us, ue)


@given(st.integers(1, 3), st.integers(1, 4), st.sampled_from(["a", "ab", " "]))
def test_two_readings_of_a_repeated_text_after_an_emoji_are_refused_not_guessed(emojis, repeats, word):
    k = emojis * len(word)  # astral characters: the UTF-16 reading runs k code points ahead
    text = "😀" * k + word * (emojis + repeats)
    start = k + len(word) * emojis  # code points: an occurrence; read as UTF-16: an earlier one
    with pytest.raises(SWNError) as e:
        resolve_region(text, start, start + len(word), word, file="export.json", record="task 1")
    assert e.value.check == "ls-offset-ambiguous" and e.value.file == "export.json"


def test_repair_is_reported_for_a_span_after_an_emoji():
    text = "Putin 😀 said: Russian forces leave 🇷🇺 Syria"
    start = text.index("Syria")
    index = Utf16Index(text)
    s16, e16 = index.to_utf16(start), index.to_utf16(start + 5)
    assert (s16, e16) == (start + 3, start + 8)  # three astral code points before the span
    s, e, repair = resolve_region(text, s16, e16, "Syria")
    assert (s, e) == (start, start + 5)
    assert repair is not None and "repaired" in repair.describe()


@pytest.mark.parametrize("start,end,value", [
    (0, 5, "Putix"),      # text differs at the offsets under both readings
    (3, 2, "x"),          # empty/reversed
    (0, 999, "Putin"),    # out of the text
    ("0", 5, "Putin"),    # not an integer
    (0, 5, ""),           # no value.text
    (0, 5, ["Putin"]),    # value.text of a labels region is a string
    (7, 9, "\udc00"),     # UTF-16 reading falls inside a surrogate pair
])
def test_mismatches_are_rejected(start, end, value):
    text = "Putin 😀 said"
    with pytest.raises(SWNError) as e:
        resolve_region(text, start, end, value, file="export.json", record="task 1")
    assert e.value.check == "ls-offset-mismatch" and e.value.file == "export.json"
