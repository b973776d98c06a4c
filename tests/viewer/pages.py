"""Reading rendered pages back in tests: a strict HTML parser that checks nesting and
recovers, for every drawn span, the code points of the raw text it covers."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}


@dataclass
class TextBlock:
    text: str = ""
    covered: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # span key -> offsets
    layer: dict[str, str] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fragments: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_fragment_ids: dict[str, str] = field(default_factory=dict)
    tabindex: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for key, layer in self.layer.items():
            out[layer] += 1
        return dict(out)


class PageParser(HTMLParser):
    """Collects elements by tag, the JSON data script, and every ``div.text`` block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: dict[str, int] = defaultdict(int)
        self.blocks: list[TextBlock] = []
        self.scripts: list[tuple[dict, str]] = []
        self._block_depth: int | None = None
        self._script: dict | None = None
        self._script_text: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        if "id" in a:
            self.ids.append(a["id"])
        if tag in VOID:
            return
        self.stack.append((tag, a))
        if tag == "script":
            self._script, self._script_text = a, []
        if tag == "div" and "text" in (a.get("class") or "").split() and self._block_depth is None:
            self._block_depth = len(self.stack)
            self.blocks.append(TextBlock())
        elif self._block_depth is not None and "data-span-id" in a:
            b, key = self.blocks[-1], a["data-span-id"]
            b.layer[key] = a["data-layer"]
            b.classes[key] |= set(a.get("class", "").split())
            b.fragments[key] += 1
            if "tabindex" in a:
                b.tabindex[key] += 1
                b.first_fragment_ids[key] = a.get("id")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if self._block_depth == len(self.stack):
            self._block_depth = None
        self.stack.pop()

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        if self._block_depth is None:
            return
        b = self.blocks[-1]
        start = len(b.text)
        b.text += data
        for tag, a in self.stack[self._block_depth:]:
            if "data-span-id" in a:
                b.covered[a["data-span-id"]].update(range(start, start + len(data)))


def parse_page(html: str) -> PageParser:
    p = PageParser()
    p.feed(html)
    p.close()
    if p.stack:
        p.errors.append(f"unclosed: {[t for t, _ in p.stack]}")
    return p


def page_data(p: PageParser) -> dict:
    """The span data of a page (the JSON in ``script#swn-spans``)."""
    for attrs, text in p.scripts:
        if attrs.get("id") == "swn-spans":
            assert attrs.get("type") == "application/json"
            return json.loads(text)
    raise AssertionError("no swn-spans data on the page")
