"""Charts are well-formed SVG, readable without a script: title, desc, axis titles, values."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, strategies as st

from swn.viewer.svg import Series, histogram, log2_bins, nice_ticks, stacked_bars

NS = {"s": "http://www.w3.org/2000/svg"}


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


names = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12)  # XML-legal


@given(st.dictionaries(names, st.dictionaries(st.sampled_from("ABC"),
                                                                       st.integers(0, 500)), min_size=1, max_size=6))
def test_stacked_bars_write_every_total_and_name_every_segment(values):
    rows = sorted(values)
    svg = stacked_bars(ident="c", title="T <&>", rows=rows, series=[Series(x, "#123456") for x in "ABC"],
                       values=values, x_label="spans", y_label="document")
    root = ET.fromstring(svg)
    assert root.find("s:title", NS).text == "T <&>"
    assert root.find("s:desc", NS).text
    texts = _texts(svg)
    assert "spans" in texts and "document" in texts
    totals = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "total"]
    assert totals == [str(sum(values[r].values())) for r in rows]
    seg_titles = [g.find("s:title", NS).text for g in root.iter("{http://www.w3.org/2000/svg}g")
                  if g.get("class") == "seg"]
    assert seg_titles == [f"{r}: {s} {values[r][s]}" for r in rows for s in "ABC" if values[r].get(s)]
    for r in rows:
        assert r in texts


@given(st.lists(st.integers(1, 5000), max_size=200))
def test_log2_bins_count_every_length_once(lengths):
    bins, counts = log2_bins(lengths)
    assert sum(counts) == len(lengths) and len(bins) == len(counts)
    svg = histogram(ident="h", title="lengths", bins=bins, counts=counts, colour="#000", x_label="x", y_label="y")
    values = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "value"]
    assert values == [str(c) for c in counts]


def test_log2_bin_edges():
    assert log2_bins([1, 2, 3, 4, 7, 8]) == (["1", "2–3", "4–7", "8–15"], [1, 2, 2, 1])


@given(st.integers(0, 10**6))
def test_nice_ticks_cover_the_maximum(m):
    ticks = nice_ticks(m)
    assert ticks[0] == 0 and ticks[-1] >= m and len(ticks) <= 12
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
