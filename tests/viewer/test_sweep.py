"""The boundary sweep: well-nested markup whose text is the raw text and whose fragments cover
each span exactly, for any overlapping spans over texts with U+00A0, astral characters, CR."""
from __future__ import annotations

from hypothesis import given, strategies as st

from swn.viewer.html import Html
from swn.viewer.sweep import Piece, render_pieces

from .pages import parse_page

texts = st.text(alphabet=st.sampled_from("ab <&>\"'\n\u00a0\U0001F600\U0001D518\r"), min_size=1, max_size=40)


@st.composite
def texts_and_spans(draw):
    text = draw(texts)
    n = len(text)
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, n - 1))
        spans.append((a, draw(st.integers(a + 1, n)), draw(st.integers(0, 3))))
    return text, spans


def _pieces(spans):
    out = []
    for i, (a, b, prio) in enumerate(spans):
        attrs = f'class="m" data-span-id="k{i}" data-layer="L{prio}"'
        out.append(Piece(a, b, prio, Html(f'<span id="a{i}" tabindex="0" {attrs}>'), Html(f"<span {attrs}>")))
    return out


@given(texts_and_spans())
def test_sweep_keeps_the_text_nests_and_covers_each_span_exactly(case):
    text, spans = case
    p = parse_page('<div class="text">' + render_pieces(text, _pieces(spans)) + "</div>")
    assert not p.errors
    block = p.blocks[0]
    assert block.text == text
    for i, (a, b, _) in enumerate(spans):
        assert block.covered[f"k{i}"] == set(range(a, b))
        assert block.tabindex[f"k{i}"] == 1  # only the first fragment is focusable
    assert len(block.layer) == len(spans)


def test_crossing_spans_fragment_only_where_they_cross():
    text = "abcdefgh"
    pieces = _pieces([(0, 4, 2), (2, 6, 2)])
    out = render_pieces(text, pieces)
    assert out.count('data-span-id="k0"') == 1
    assert out.count('data-span-id="k1"') == 2  # cut once where k0 closes


def test_outer_priority_wraps_inner_spans():
    out = render_pieces("abcdef", _pieces([(2, 4, 2), (0, 6, 0)]))
    assert out.startswith('<span id="a1"')


def test_carriage_return_is_a_character_reference():
    assert render_pieces("a\r\nb", []) == "a&#13;\nb"
