"""CoNLL (token-level BIO) for the entity layer: :func:`to_conll` and :func:`from_conll`.

Tokenizer (stated in every file's header): the Python regular expression ``\\w+|[^\\w\\s]``
on the raw text — runs of word characters, and every other non-space character alone — so
"Russia's" is ``Russia`` ``'`` ``s`` and "al-Assad" is ``al`` ``-`` ``Assad``. It does not look at
the annotations (token boundaries must not leak entity boundaries to a model). Each line
of the text is a sequence (blank line between sequences).

Columns, tab-separated: ``TOKEN START END TAG ENTITY_ID``; offsets are code points of the raw
text; ``TAG`` is ``O``, ``B-<label>`` or ``I-<label>``; ``ENTITY_ID`` is the entity's id on its
tokens, else ``_``. Comment lines start with ``# ``: ``doc_id``, ``tokenizer``, ``columns`` and
``misaligned`` (entities whose boundaries are not token boundaries, or that cross a line;
BIO cannot carry them, so they are listed there and left ``O``).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping, Sequence

from ..errors import SWNError
from ..model import Entity
from . import Format, ReadResult, check_layers
from .lines import LINE_BREAKS

TOKEN_PATTERN = r"\w+|[^\w\s]"
_TOKEN = re.compile(TOKEN_PATTERN)
COLUMNS = ("TOKEN", "START", "END", "TAG", "ENTITY_ID")


def tokenize(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def _lines(text: str, tokens: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Tokens grouped by the line they are on."""
    groups: list[list[tuple[int, int]]] = []
    last = None
    for a, b in tokens:
        if last is None or any(c in LINE_BREAKS for c in text[last:a]):
            groups.append([])
        groups[-1].append((a, b))
        last = b
    return groups


def to_conll(doc_id: str, text: str, entities: Sequence[Entity]) -> tuple[str, list[Entity]]:
    """The CoNLL text of one document and the entities it could not carry (misaligned)."""
    tokens = tokenize(text)
    groups = _lines(text, tokens)
    line_of = {t: i for i, g in enumerate(groups) for t in g}
    starts = {a: (a, b) for a, b in tokens}
    ends = {b: (a, b) for a, b in tokens}
    tags: dict[tuple[int, int], tuple[str, str]] = {}
    misaligned: list[Entity] = []
    for e in entities:
        first, last = starts.get(e.start), ends.get(e.end)
        if first is None or last is None or line_of[first] != line_of[last]:
            misaligned.append(e)
            continue
        inside = [t for t in groups[line_of[first]] if first[0] <= t[0] and t[1] <= last[1]]
        for k, t in enumerate(inside):
            tags[t] = (("B-" if k == 0 else "I-") + e.label, e.entity_id or "_")
    out = [f"# doc_id = {doc_id}", f"# tokenizer = python-re {TOKEN_PATTERN} (offsets are code points of the raw text)",
           f"# columns = {' '.join(COLUMNS)}",
           f"# misaligned = {','.join(e.id or f'{e.start}-{e.end}' for e in misaligned) or '-'}", ""]
    for g in groups:
        for a, b in g:
            tag, eid = tags.get((a, b), ("O", "_"))
            out.append(f"{text[a:b]}\t{a}\t{b}\t{tag}\t{eid}")
        out.append("")
    return "\n".join(out), misaligned


def from_conll(conll: str, text: str) -> tuple[str, list[Entity]]:
    """``(doc_id, entities)`` of a CoNLL file made by :func:`to_conll` (entities have no span id)."""
    doc_id = None
    entities: list[Entity] = []
    current: dict | None = None

    def close():
        nonlocal current
        if current is not None:
            s, e = current["start"], current["end"]
            entities.append(Entity(start=s, end=e, text=text[s:e], label=current["label"],
                                   entity_id=None if current["eid"] == "_" else current["eid"]))
            current = None

    for no, line in enumerate(conll.split("\n"), start=1):
        if line.startswith("# "):
            if line.startswith("# doc_id = "):
                doc_id = line[len("# doc_id = "):]
            continue
        if not line:
            close()
            continue
        cols = line.split("\t")
        if len(cols) != len(COLUMNS):
            raise SWNError(f"expected {len(COLUMNS)} tab-separated columns", record=f"line {no}", field="-",
                           check="conll-syntax")
        token, a, b, tag, eid = cols
        a, b = int(a), int(b)
        if text[a:b] != token:
            raise SWNError(f"token {token!r} is {text[a:b]!r} in the text", record=f"line {no}", field="TOKEN",
                           check="span-text-mismatch")
        if tag == "O":
            close()
        elif tag.startswith("B-") or (tag.startswith("I-") and (current is None or current["label"] != tag[2:])):
            close()
            current = {"start": a, "end": b, "label": tag[2:], "eid": eid}
        elif tag.startswith("I-"):
            current["end"] = b
        else:
            raise SWNError(f"bad tag {tag!r}", record=f"line {no}", field="TAG", check="conll-syntax")
    close()
    if doc_id is None:
        raise SWNError("no '# doc_id = ' line", record="-", field="-", check="conll-syntax")
    return doc_id, entities


def export(docs, layers=None) -> dict[str, bytes]:
    """One ``<doc_id>.conll`` per document."""
    check_layers(FORMAT.name, layers, FORMAT.exports)
    return {f"{d.id}.conll": to_conll(d.id, d.text, d.annotations.entities)[0].encode("utf-8") for d in docs}


def read(path: Path | str, texts: Mapping[str, str]) -> ReadResult:
    """Every ``*.conll`` file at ``path`` (a file or a folder)."""
    from ..model import AnnotationSet

    p = Path(path)
    files = sorted(p.glob("*.conll")) if p.is_dir() else [p]
    out = {}
    for f in files:
        conll = f.read_text(encoding="utf-8")
        doc_id = next((line[len("# doc_id = "):] for line in conll.splitlines() if line.startswith("# doc_id = ")), None)
        if doc_id not in texts:
            raise SWNError(f"no document {doc_id!r} in the corpus", file=str(f), check="unknown-document")
        _, entities = from_conll(conll, texts[doc_id])
        out[doc_id] = AnnotationSet(doc_id=doc_id, entities=tuple(entities))
    return ReadResult(annotations=out, layers=("entities",))


FORMAT = Format(
    name="conll",
    description="CoNLL: token-level BIO, one token per line",
    layout="`<doc_id>.conll`",
    exports=("entities",),
    imports=("entities",),
    loses=("Every layer but entities.", "Entities not on token boundaries."),
    export=export,
    read=read,
)
