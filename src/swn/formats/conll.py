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


def from_conll(conll: str, texts: Mapping[str, str], file: str = "-") -> dict[str, AnnotationSet]:
    """The annotation sets of a CoNLL text made like :func:`to_conll` (every tagged layer; span ids
    and the attributes CoNLL does not carry are null)."""
    from ..tokens import decode

    layers = _tag_layers()
    found: dict[str, dict[str, list]] = {}
    doc_id: str | None = None
    sentence: list[tuple[int, list[str]]] = []

    def close() -> None:
        if not sentence:
            return
        starts = [int(c[1]) for _, c in sentence]
        ends = [int(c[2]) for _, c in sentence]
        ids = {int(c[1]): c[6] for _, c in sentence}
        text = texts[doc_id]
        for k, layer in enumerate(layers):
            try:
                chunks = decode(starts, ends, [c[3 + k] for _, c in sentence])
            except SWNError as e:
                raise _fail(e.message, file, sentence[0][0], COLUMNS[3 + k], e.check) from None
            for a, b, kind in chunks:
                data = {"start": a, "end": b, "text": text[a:b]}
                label_field = vocab.LAYERS[layer].label_field
                if label_field:
                    data[label_field] = kind
                if layer == "entities":
                    data["entity_id"] = None if ids[a] == NO_ID else ids[a]
                try:
                    found[doc_id][layer].append(span_from_dict(layer, data))
                except SWNError as e:
                    raise _fail(f"{e.message} ({text[a:b]!r})", file, sentence[0][0], e.field, e.check) from None
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
                raise _fail(f"document {doc_id!r} is not in the corpus", file, no, "doc_id", "unknown-document")
            found.setdefault(doc_id, {layer: [] for layer in layers})
            continue
        if doc_id is None:
            raise _fail(f"a token before the first '{DOCSTART}<TAB><doc_id>' line", file, no)
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise _fail(f"expected {len(COLUMNS)} tab-separated columns ({' '.join(COLUMNS)}), got {len(cells)}",
                        file, no)
        try:
            a, b = int(cells[1]), int(cells[2])
        except ValueError:
            raise _fail("START and END must be integers", file, no, "START") from None
        if texts[doc_id][a:b] != cells[0] or not 0 <= a < b:
            raise _fail(f"token {cells[0]!r} is {texts[doc_id][a:b]!r} in the text at [{a}, {b})", file, no,
                        "TOKEN", "span-text-mismatch")
        sentence.append((no, cells))
    close()
    return {d: AnnotationSet(doc_id=d, **{k: tuple(v) for k, v in spans.items()}) for d, spans in found.items()}


def read(path: Path | str, texts: Mapping[str, str]) -> ReadResult:
    """``swn.conll`` (or any ``*.conll`` file, or a folder holding them)."""
    p = Path(path)
    files = sorted(p.glob("*.conll")) if p.is_dir() else [p]
    if not files or not all(f.is_file() for f in files):
        raise SWNError("no CoNLL file here", file=str(p), check="not-found")
    out: dict[str, AnnotationSet] = {}
    for f in files:
        for doc_id, ann in from_conll(f.read_text(encoding="utf-8"), texts, str(f)).items():
            if doc_id in out:
                raise SWNError(f"document {doc_id!r} appears twice", file=str(f), record=doc_id,
                               check="duplicate-document")
            out[doc_id] = ann
    layers = _tag_layers()
    lost = [f"{layer}.{f.name}" for layer in layers for f in vocab.LAYERS[layer].fields
            if f.name != vocab.LAYERS[layer].label_field and not (layer == "entities" and f.name == "entity_id")]
    note = (f"every span: {', '.join(lost)} not carried by CoNLL, left null" if out else "")
    return ReadResult(annotations=out, layers=layers, filled=(note,) if note else ())


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
