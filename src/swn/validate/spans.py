"""Level 2: every span's offsets lie inside its document's text and agree with the stored text.

Offsets are half-open ``[start, end)`` in code points; whitespace is what ``str.isspace()``
says (ASCII whitespace and U+00A0 included). Applies to every span of every layer and to a
quantity's ``measured_entity``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .checks import declare
from .incidents import Incident

declare("raw-text-missing", 2, """Every document that is annotated or listed in the metadata has its raw
    text corpus/raw/<doc_id>.txt, readable as UTF-8 (offsets cannot be checked without it).""")
declare("unknown-document", 2, """Every record of a predictions file names a document of the corpus
    (a doc_id of corpus/metadata.jsonl).""")
declare("span-empty", 2, """A span is not empty: end is greater than start.""")
declare("span-out-of-bounds", 2, """A span lies inside its document: end is at most the length of the
    text in code points.""")
declare("span-text-mismatch", 2, """The stored text of a span equals text[start:end] of the raw document
    (code points, no normalisation).""")
declare("span-whitespace-edge", 2, """A span neither starts nor ends on whitespace (str.isspace(): ASCII
    whitespace, U+00A0, line breaks).""")


@dataclass
class AnnotationDoc:
    """One annotation set being validated (a gold or pass file, or one predictions line).

    ``spans[layer]`` holds ``(index, span dict)`` for the spans that passed the schema; the
    deeper levels only look at those. ``bad`` collects ``(layer, index)`` of spans that failed
    level 2 in a way that makes their offsets meaningless (empty, out of bounds).
    """

    file: str
    doc_id: str | None
    data: dict
    kind: str  # gold | pass | predictions
    stem: str | None = None  # the file name without .json (annotation files)
    line: int | None = None
    text: str | None = None
    spans: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    bad: set = field(default_factory=set)

    def locate(self, layer: str, i: int, span: Any, field_name: str) -> tuple[str, str]:
        """``(record, field)`` of a field of a span, in this file's convention."""
        if self.line is not None:
            return f"line {self.line}", f"{layer}[{i}].{field_name}"
        sid = span.get("id") if isinstance(span, dict) else None
        return f"{layer}[{i}]" + (f"({sid})" if isinstance(sid, str) else ""), field_name

    def incident(self, layer: str, i: int, span: Any, field_name: str, check: str, message: str,
                 level: int) -> Incident:
        record, fld = self.locate(layer, i, span, field_name)
        return Incident(self.file, record, fld, check, message, level)


def _short(s: str, n: int = 40) -> str:
    return repr(s if len(s) <= n else s[:n] + "…")


def offset_incidents(doc: AnnotationDoc) -> list[Incident]:
    """Level 2 for every schema-valid span of ``doc`` (``doc.text`` must be set)."""
    text = doc.text
    n = len(text)
    out: list[Incident] = []
    for layer, items in doc.spans.items():
        for i, s in items:
            parts = [("", s)]
            me = s.get("measured_entity")
            if me is not None:
                parts.append(("measured_entity.", me))
            for prefix, sp in parts:
                start, end, stored = sp["start"], sp["end"], sp["text"]
                if end <= start:
                    out.append(doc.incident(layer, i, s, prefix + "end", "span-empty",
                                            f"end {end} is not after start {start}", 2))
                    if not prefix:
                        doc.bad.add((layer, i))
                    continue
                if end > n:
                    out.append(doc.incident(layer, i, s, prefix + "end", "span-out-of-bounds",
                                            f"end {end} is beyond the text ({n} code points)", 2))
                    if not prefix:
                        doc.bad.add((layer, i))
                    continue
                actual = text[start:end]
                if actual != stored:
                    out.append(doc.incident(layer, i, s, prefix + "text", "span-text-mismatch",
                                            f"stored {_short(stored)} but text[{start}:{end}] is {_short(actual)}", 2))
                if actual[0].isspace() or actual[-1].isspace():
                    out.append(doc.incident(layer, i, s, prefix + ("start" if actual[0].isspace() else "end"),
                                            "span-whitespace-edge",
                                            f"text[{start}:{end}] = {_short(actual)} starts or ends on whitespace", 2))
    return out
