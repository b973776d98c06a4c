"""Escaping: text and attributes never become markup; JSON in <script> cannot end the element."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from hypothesis import given, strategies as st

from swn.viewer.html import Html, esc, h, json_for_script, json_script, page, script_hash

HOSTILE = ["<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "&amp; &lt; &", "</script><!--",
           "\u2028\u2029", "a\u00a0b \U0001F600"]


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.data = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append(dict(attrs))

    def handle_data(self, data):
        self.data.append(data)


def _parse(markup: str) -> _Collect:
    p = _Collect()
    p.feed(markup)
    p.close()
    return p


@given(st.text())
def test_escaped_text_reads_back_as_the_same_text_and_makes_no_tag(s):
    p = _parse(str(h("p", {}, s)))
    assert p.tags == ["p"]
    assert "".join(p.data) == s


@given(st.text(), st.text())
def test_escaped_attribute_values_read_back_exactly(value, content):
    p = _parse(str(h("span", {"title": value, "data-x": value}, content)))
    assert p.tags == ["span"]
    assert p.attrs[0] == {"title": value, "data-x": value}
    assert "".join(p.data) == content


@pytest.mark.parametrize("s", HOSTILE)
def test_esc_escapes_the_five_characters(s):
    out = esc(s)
    assert not set("<>\"'") & set(out)
    assert "&" not in out.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace(
        "&quot;", "").replace("&#x27;", "")


def test_html_is_not_escaped_twice_and_plain_strings_always_are():
    inner = h("b", {}, "x & y")
    assert h("p", {}, inner) == "<p><b>x &amp; y</b></p>"
    assert h("p", {}, "<b>") == "<p>&lt;b&gt;</p>"
    assert Html("<i>") + "<b>" == "<i>&lt;b&gt;"
    assert Html(", ").join([h("a", {}, "x"), "<b>"]) == "<a>x</a>, &lt;b&gt;"
    assert isinstance(Html(", ").join([]), Html)


def test_attribute_rules():
    assert h("input", {"type": "checkbox", "checked": True, "disabled": False, "x": None}) == \
        '<input type="checkbox" checked>'
    assert h("span", {"class_": "a", "data_span_id": "k"}) == '<span class="a" data-span-id="k"></span>'


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                    max_leaves=20))
def test_json_for_script_round_trips_and_cannot_close_the_script(obj):
    text = json_for_script(obj)
    assert json.loads(text) == obj
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


def test_json_script_with_hostile_strings_is_one_element():
    markup = json_script("d", {"k": HOSTILE})
    p = _parse(markup)
    assert p.tags == ["script"]
    assert json.loads("".join(p.data)) == {"k": HOSTILE}


def test_page_allows_only_its_own_scripts_and_no_fetch():
    js = "document.title = 'x';"
    out = page("t <&>", Html("<p>x</p>"), css="p{}", scripts=[js])
    meta = next(a for a in _parse(out).attrs if a.get("http-equiv") == "Content-Security-Policy")
    policy = dict(d.strip().split(" ", 1) for d in meta["content"].split(";"))
    assert policy["default-src"] == "'none'"  # nothing is fetched: no server, no network, no CDN
    assert policy["script-src"] == script_hash(js)  # only this page's own script runs
    assert "<title>t &lt;&amp;&gt;</title>" in out
    with pytest.raises(ValueError):
        page("t", Html(""), css="", scripts=["'</script>'"])
