"""CoNLL: the ``tokens`` config as a file (``swn.conll``), one token per line.

Layout: for each document a line ``-DOCSTART-<TAB><doc_id>`` and a blank line, then its
sentences, one token per line, a blank line after each sentence. Columns, tab-separated:

``TOKEN START END NER TIMEX QUANTITY ENTITY_ID``

``START``/``END`` are code-point offsets of the token in the raw text; ``NER``, ``TIMEX`` and
``QUANTITY`` are IOB2 tags of the entities, temporal and quantities layers (``B-PERSON``,
``I-DATE``, ``B-QUANTITY``, ``O``); ``ENTITY_ID`` is the entity's id on its tokens, ``_``
elsewhere. Tokens, sentences and tags are exactly those of the ``tokens`` config (spaCy's
English tokenizer and sentencizer with a token boundary at every gold span boundary; see
:mod:`swn.tokens`), so every entity, time expression and quantity decodes back exactly.
Tokens never hold whitespace, so splitting a line on any whitespace gives the same columns.

Load it with ``datasets``' ``conll`` builder (it skips the ``-DOCSTART-`` lines, so the doc
ids are those of the ``tokens`` config, row for row)::

    load_dataset("conll", data_files={"test": "swn.conll"}, split="test",
                 column_names=list(HF_COLUMNS), delimiter="\\t", features=hf_features())

Without ``features`` every column is a list of strings.

Reading (:func:`read`, ``swn predict --from conll``) also takes another tagger's CoNLL: lines
``TOKEN … TAG`` without offsets (the first column the token, the last its IOB2 entity tag),
documents introduced by ``-DOCSTART- <doc_id>``; each token is found in the corpus text right
after the previous one (whitespace skipped), so the tagger must have kept the text's characters.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Document, span_from_dict
from . import Format, ReadResult

FILE = "swn.conll"
DOCSTART = "-DOCSTART-"
COLUMNS = ("TOKEN", "START", "END", "NER", "TIMEX", "QUANTITY", "ENTITY_ID")
# The ``tokens`` config column of each CoNLL column (the names to pass as ``column_names``).
HF_COLUMNS = ("tokens", "token_start", "token_end", "ner_tags", "timex_tags", "quantity_tags", "entity_ids")
NO_ID = "_"


def _tag_layers() -> tuple[str, ...]:
    from ..tokens import TAG_COLUMNS

    assert tuple(TAG_COLUMNS.values()) == HF_COLUMNS[3:6], "the CoNLL tag columns are the tokens config's"
    return tuple(TAG_COLUMNS)


def hf_features():
    """The ``datasets.Features`` that load ``swn.conll`` with the ``tokens`` config's types."""
    import datasets

    from ..tokens import token_features

    feats = token_features()
    return datasets.Features({c: feats[c] for c in HF_COLUMNS})


def to_conll(docs: Sequence[Document]) -> str:
    """The CoNLL text of ``docs`` (their annotations tagged)."""
    from ..tokens import sentence_rows

    out: list[str] = []
    for d in docs:
        out += [f"{DOCSTART}\t{d.id}", ""]
        for row in sentence_rows(d):
            cols = [row[c] for c in HF_COLUMNS]
            for values in zip(*cols):
                cells = [str(v) for v in values]
                cells[-1] = cells[-1] or NO_ID
                out.append("\t".join(cells))
            out.append("")
    return "\n".join(out) + "\n" if out else ""


def export(docs: Sequence[Document], layers: Sequence[str] | None = None) -> dict[str, bytes]:
    if layers is not None and set(layers) != set(_tag_layers()):
        raise SWNError(f"the conll format always writes every layer with a token form ({', '.join(_tag_layers())}); "
                       "drop --layers", field="layers", check="unknown-layer")
    return {FILE: to_conll(docs).encode("utf-8")}


def _fail(message: str, file: str, line_no: int, field: str = "-", check: str = "conll-syntax") -> SWNError:
    return SWNError(message, file=file, record=f"line {line_no}", field=field, check=check)


Chunk = tuple  # (start, end, type, entity_id or None, line number)


def read_chunks(conll: str, texts: Mapping[str, str], file: str = "-"
                ) -> tuple[dict[str, dict[str, list[Chunk]]], tuple[str, ...]]:
    """``({doc_id: {layer: [(start, end, type, entity_id, line)]}}, layers)`` of a CoNLL text, tag
    types as written (not checked against the SWN labels: an adapter may map them).

    Two layouts: SWN's (seven tab-separated columns, as :func:`to_conll` writes; every tagged
    layer), and any other tagger's ``TOKEN … TAG`` lines without offsets (first column the token,
    last column its IOB2 tag, entities only), whose tokens are found in the corpus text one after
    the other, skipping whitespace. Documents start with ``-DOCSTART- <doc_id>``."""
    from ..tokens import decode

    layers = _tag_layers()
    found: dict[str, dict[str, list[Chunk]]] = {}
    doc_id: str | None = None
    cursor = 0
    sentence: list[tuple[int, list[str]]] = []
    kinds: set[str] = set()

    def close() -> None:
        if not sentence:
            return
        starts = [int(c[1]) for _, c in sentence]
        ends = [int(c[2]) for _, c in sentence]
        ids = {int(c[1]): c[6] for _, c in sentence}
        for k, layer in enumerate(layers):
            try:
                chunks = decode(starts, ends, [c[3 + k] for _, c in sentence])
            except SWNError as e:
                raise _fail(e.message, file, sentence[0][0], COLUMNS[3 + k], e.check) from None
            line_of = {int(c[1]): no for no, c in sentence}
            found[doc_id][layer].extend((a, b, kind, None if ids[a] == NO_ID else ids[a], line_of[a])
                                        for a, b, kind in chunks)
        sentence.clear()

    for no, line in enumerate(conll.splitlines(), start=1):
        if not line.strip():
            close()
            continue
        if line.startswith(DOCSTART):
            close()
            parts = line.split()
            doc_id = parts[1] if len(parts) > 1 else None
            if doc_id not in texts:
                raise _fail(f"document {doc_id!r} is not in the corpus (write '{DOCSTART} <doc_id>')", file, no,
                            "doc_id", "unknown-document")
            found.setdefault(doc_id, {layer: [] for layer in layers})
            cursor = 0
            continue
        if doc_id is None:
            raise _fail(f"a token before the first '{DOCSTART} <doc_id>' line", file, no)
        text = texts[doc_id]
        cells = line.split("\t")
        if len(cells) == len(COLUMNS):
            kinds.add("swn")
            try:
                a, b = int(cells[1]), int(cells[2])
            except ValueError:
                raise _fail("START and END must be integers", file, no, "START") from None
            if text[a:b] != cells[0] or not 0 <= a < b:
                raise _fail(f"token {cells[0]!r} is {text[a:b]!r} in the text at [{a}, {b})", file, no,
                            "TOKEN", "span-text-mismatch")
        elif len(cells) >= 3 and cells[1].isdigit() and cells[2].isdigit():  # SWN's layout, columns missing
            raise _fail(f"expected {len(COLUMNS)} tab-separated columns ({' '.join(COLUMNS)}), got {len(cells)}",
                        file, no)
        else:
            words = line.split()
            if len(words) < 2:
                raise _fail(f"expected {len(COLUMNS)} tab-separated columns ({' '.join(COLUMNS)}) or "
                            "'TOKEN … TAG'", file, no)
            kinds.add("tagger")
            while cursor < len(text) and text[cursor].isspace():
                cursor += 1
            if not text.startswith(words[0], cursor):
                raise _fail(f"token {words[0]!r} is not the next word of the text at {cursor} "
                            f"({text[cursor:cursor + len(words[0])]!r})", file, no, "TOKEN", "span-text-mismatch")
            a, b = cursor, cursor + len(words[0])
            cells = [words[0], str(a), str(b), words[-1], "O", "O", NO_ID]
        cursor = b
        sentence.append((no, cells))
    close()
    if len(kinds) > 1:
        raise SWNError("mixes SWN's seven-column lines with 'TOKEN … TAG' lines", file=file, check="conll-syntax")
    return found, (layers if kinds != {"tagger"} else ("entities",))


def from_conll(conll: str, texts: Mapping[str, str], file: str = "-") -> dict[str, AnnotationSet]:
    """The annotation sets of a CoNLL text (see :func:`read_chunks`; span ids and the attributes
    CoNLL does not carry are null; tag types must be SWN labels)."""
    return _annotation_sets(read_chunks(conll, texts, file)[0], texts, file)


def _annotation_sets(found: dict[str, dict[str, list[Chunk]]], texts: Mapping[str, str], file: str
                     ) -> dict[str, AnnotationSet]:
    out = {}
    for doc_id, by_layer in found.items():
        text = texts[doc_id]
        spans: dict[str, list] = {}
        for layer, chunks in by_layer.items():
            label_field = vocab.LAYERS[layer].label_field
            for a, b, kind, entity_id, no in chunks:
                data = {"start": a, "end": b, "text": text[a:b]}
                if label_field:
                    data[label_field] = kind
                if layer == "entities":
                    data["entity_id"] = entity_id
                try:
                    spans.setdefault(layer, []).append(span_from_dict(layer, data))
                except SWNError as e:
                    raise _fail(f"{e.message} ({text[a:b]!r})", file, no, e.field, e.check) from None
        out[doc_id] = AnnotationSet(doc_id=doc_id, **{k: tuple(v) for k, v in spans.items()})
    return out


def read(path: Path | str, texts: Mapping[str, str]) -> ReadResult:
    """``swn.conll`` (or any ``*.conll`` file, or a folder holding them)."""
    p = Path(path)
    files = sorted(p.glob("*.conll")) if p.is_dir() else [p]
    if not files or not all(f.is_file() for f in files):
        raise SWNError("no CoNLL file here", file=str(p), check="not-found")
    out: dict[str, AnnotationSet] = {}
    layers: set[str] = set()
    for f in files:
        found, carried = read_chunks(f.read_text(encoding="utf-8"), texts, str(f))
        layers.update(carried)
        for doc_id, ann in _annotation_sets(found, texts, str(f)).items():
            if doc_id in out:
                raise SWNError(f"document {doc_id!r} appears twice", file=str(f), record=doc_id,
                               check="duplicate-document")
            out[doc_id] = ann
    carried = tuple(n for n in vocab.LAYER_NAMES if n in layers)
    lost = [f"{layer}.{f.name}" for layer in carried for f in vocab.LAYERS[layer].fields
            if f.name != vocab.LAYERS[layer].label_field and not (layer == "entities" and f.name == "entity_id")]
    note = f"every span: {', '.join(lost)} not carried by CoNLL, left null" if out and lost else ""
    return ReadResult(annotations=out, layers=carried, filled=(note,) if note else ())


FORMAT = Format(
    name="conll",
    description="CoNLL: the tokens config as one file, a token per line with offsets, IOB2 tags and entity ids",
    layout="`swn.conll` (`-DOCSTART-` line per document; columns " + " ".join(COLUMNS) + ")",
    exports=("entities", "temporal", "quantities"),
    imports=("entities", "temporal", "quantities"),
    loses=("Stance, document-level stance and the zones (the tokens config has the sentence's zone; CoNLL has no "
           "sentence-level column).", "Span ids and every attribute but labels and entity ids (TIMEX3 value and mod, "
           "quantity value, unit, modifier, measured entity).", "Doc ids, when loaded with datasets' conll builder "
           "(it skips -DOCSTART- lines; the tokens config has them, row for row)."),
    export=export,
    read=read,
    requires="build",
)
