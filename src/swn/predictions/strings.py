"""Quoted strings without offsets (what an LLM asked to "list the entities" returns) to predictions.

``from_strings(doc_id, [(surface, label), ...])`` (or ``{doc_id: [...]}`` for several documents)
places every string in the document's text by this policy:

1. **Normalised matching.** The surface and the text are compared after folding every run of
   whitespace (U+00A0 and line breaks included) to one space and every curly or low quotation
   mark to its straight form (‘ ’ ‚ ‛ ′ → ', “ ” „ ‟ ″ → "); the surface's edge whitespace is
   ignored. Matching is case-sensitive. The span is the original text from the first to the
   last matched character, so its offsets and text are the corpus's.
2. **Word boundaries first.** Occurrences whose edges do not cut a word (no letter or digit
   just outside an edge that is itself a letter or digit) are preferred, so "Russia" is not
   found inside "Russian"; only when there is no such occurrence do occurrences inside words
   count (the texts have glued words such as "SyriaRussia").
3. **Which occurrences.** ``occurrence="all"`` (default) predicts every occurrence;
   ``"first"`` only the first; ``"unique"`` only strings with exactly one occurrence. A pair
   may name the occurrence itself as a third item ``(surface, label, n)`` (1-based), which
   wins over ``occurrence``.
4. **The report.** Strings with no occurrence are listed as *not found*; strings with several
   occurrences as *ambiguous* (with the count, whatever ``occurrence`` did with them); an
   ``n`` beyond the count is not found. Repeating a string predicts its spans once.

Default label map ``generic`` (:mod:`swn.predictions.labels`); only layers with at least one
span are given.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from ..errors import SWNError
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap

NAME = "strings"
DEFAULT_LABELS = "generic"
INPUT = 'a JSON object {doc_id: [[surface, label], [surface, label, n], ...]}'
OCCURRENCES = ("all", "first", "unique")
QUOTES = {**{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032"}, **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"}}


def normalise(text: str) -> tuple[str, list[int], list[int]]:
    """The normalised text and, per normalised character, the original start and end offsets."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in re.finditer(r"\s+|.", text, re.S):
        ch = m.group()
        out.append(" " if ch.isspace() else QUOTES.get(ch, ch))
        starts.append(m.start())
        ends.append(m.end())
    return "".join(out), starts, ends


def _is_word(ch: str) -> bool:
    return ch.isalnum()


class Locator:
    """Finds a surface's occurrences in one document's text (steps 1 and 2 of the policy)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.starts, self.ends = normalise(text)

    def find(self, surface: str) -> list[tuple[int, int]]:
        needle = normalise(surface.strip())[0]
        if not needle:
            return []
        hits = []
        i = self.norm.find(needle)
        while i >= 0:
            hits.append((i, i + len(needle)))
            i = self.norm.find(needle, i + 1)
        spans = [(self.starts[a], self.ends[b - 1]) for a, b in hits]
        whole = [(s, e) for s, e in spans if self._whole_words(s, e)]
        return whole or spans

    def _whole_words(self, start: int, end: int) -> bool:
        t = self.text
        left = start == 0 or not (_is_word(t[start - 1]) and _is_word(t[start]))
        right = end == len(t) or not (_is_word(t[end]) and _is_word(t[end - 1]))
        return left and right


def _pairs(doc_id: str, pairs: Any, source: str) -> Iterable[tuple[str, str, int | None]]:
    if not isinstance(pairs, Sequence) or isinstance(pairs, (str, bytes)):
        raise SWNError("must be a list of [surface, label] pairs", file=source, record=doc_id, field="-",
                       check="schema")
    for i, p in enumerate(pairs):
        ok = isinstance(p, Sequence) and not isinstance(p, (str, bytes)) and len(p) in (2, 3) \
            and isinstance(p[0], str) and isinstance(p[1], str) and (len(p) == 2 or (isinstance(p[2], int)
                                                                                     and p[2] >= 1))
        if not ok:
            raise SWNError(f"{p!r} is not [surface, label] or [surface, label, n >= 1]", file=source,
                           record=f"{doc_id}[{i}]", field="-", check="schema")
        yield p[0], p[1], (p[2] if len(p) == 3 else None)


def from_strings(doc_id: str | Mapping[str, Sequence], pairs: Sequence | None = None, *,
                 occurrence: str = "all", labels: str | Mapping = DEFAULT_LABELS, overrides: Mapping | None = None,
                 texts: Mapping[str, str] | None = None, root: Any = None, source: str = "<strings>") -> Adapted:
    """Predictions from ``(surface, label)`` pairs of one document, or ``{doc_id: pairs}``."""
    if occurrence not in OCCURRENCES:
        raise SWNError(f"occurrence must be one of {', '.join(OCCURRENCES)}", field="occurrence",
                       check="bad-argument")
    by_doc = doc_id if isinstance(doc_id, Mapping) else {doc_id: pairs if pairs is not None else []}
    texts = corpus_texts(root) if texts is None else texts
    builder = RecordBuilder(LabelMap(labels, overrides), texts, source)
    for d, items in by_doc.items():
        builder.document(d)
        locator = Locator(texts[d])
        seen: set[tuple[str, str, int | None]] = set()
        for surface, label, n in _pairs(d, items, source):
            if (surface, label, n) in seen:
                continue
            seen.add((surface, label, n))
            found = locator.find(surface)
            if len(found) > 1:
                builder.report.ambiguous.append((d, surface, label, len(found)))
            if n is not None:
                chosen = found[n - 1:n]
            elif occurrence == "first":
                chosen = found[:1]
            elif occurrence == "unique":
                chosen = found if len(found) == 1 else []
            else:
                chosen = found
            if not found or (n is not None and not chosen):
                builder.report.not_found.append((d, surface if n is None else f"{surface} #{n}", label))
            for start, end in chosen:
                builder.add(d, start, end, label, record=f"{d}: {surface!r}")
    return builder.build()


def read(path: str, occurrence: str = "all", **options) -> Adapted:
    """``swn predict --from strings FILE.json``."""
    from .files import read_json_object
    return from_strings(read_json_object(path), occurrence=occurrence, source=str(path), **options)
