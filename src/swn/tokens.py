"""The token-level view of a document: tokens, sentences and IOB2 tags (the ``tokens`` config,
the CoNLL export and the spaCy DocBin export all come from here).

Tokenizer and sentence splitter: spaCy's rule-based English tokenizer and its rule-based
``sentencizer`` (``spacy.blank("en")`` with the ``sentencizer`` pipe; no statistical model,
nothing downloaded), spaCy series :data:`SPACY_SERIES` (the build refuses another series,
whose rules could cut tokens differently). On top of spaCy, four rules, applied in this order:

1. a token never holds whitespace (spaCy keeps some, e.g. U+00A0, as tokens of their own;
   they are dropped, and a token is cut at any whitespace inside it);
2. a token boundary is forced at every start and end of a gold span of every layer (and of a
   quantity's measured entity), so every span is a whole number of tokens and IOB2 tags
   decode back to exactly the gold offsets;
3. a sentence also starts after every line break and at every zone start (headlines, bylines
   and captions carry no final full stop);
4. no sentence starts inside a span of a tagged layer (entities, temporal, quantities), so no
   tagged span crosses a sentence.

Offsets are code points of the raw text (``text[start:end]`` is the token).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from . import vocab
from .errors import SWNError
from .formats.lines import LINE_BREAKS
from .model import AnnotationSet, Document, Span

SPACY_SERIES = "3.8"
TOKENIZER = (f"spaCy {SPACY_SERIES} rule-based English tokenizer and sentencizer (spacy.blank(\"en\") + "
             "sentencizer), with a token boundary forced at every gold span boundary")

# The layers that get an IOB2 column, and its name (structure is the sentence's ``zone`` instead;
# stance spans nest and overlap, which IOB2 cannot hold).
TAG_COLUMNS: dict[str, str] = {"entities": "ner_tags", "temporal": "timex_tags", "quantities": "quantity_tags"}
# The tag type of a layer without a label field (as :attr:`swn.model.Quantity.label`).
UNLABELLED = {"quantities": "QUANTITY"}
assert all(vocab.LAYERS[name].flat for name in TAG_COLUMNS), "IOB2 needs flat layers"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[tuple[int, int], ...]


@lru_cache(maxsize=1)
def pipeline():
    """``spacy.blank("en")`` with the sentencizer (cached)."""
    try:
        import spacy
    except ImportError:
        raise SWNError("the tokens config (swn build, swn export --format conll|spacy) needs spacy, which is not "
                       "installed: pip install 'swn[build]' (loading the released tokens config does not)",
                       check="missing-dependency") from None
    if not spacy.__version__.startswith(SPACY_SERIES + "."):
        raise SWNError(f"spaCy {spacy.__version__} is installed; the tokens are defined with spaCy "
                       f"{SPACY_SERIES}.x (pip install 'spacy>={SPACY_SERIES},<3.9')", check="missing-dependency")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def tag_types(layer: str) -> tuple[str, ...]:
    return vocab.LAYERS[layer].labels or (UNLABELLED[layer],)


def tag_names(layer: str) -> list[str]:
    """The IOB2 tag inventory of a tagged layer: ``O``, then ``B-X``, ``I-X`` per type in vocabulary order."""
    return ["O", *(f"{p}-{t}" for t in tag_types(layer) for p in ("B", "I"))]


def token_features() -> dict[str, Any]:
    """The ``datasets`` features of the token-level columns (``tokens`` … ``entity_ids``)."""
    import datasets as ds

    cols: dict[str, Any] = {"tokens": ds.Sequence(ds.Value("string")), "token_start": ds.Sequence(ds.Value("int32")),
                            "token_end": ds.Sequence(ds.Value("int32"))}
    for layer, column in TAG_COLUMNS.items():
        cols[column] = ds.Sequence(ds.ClassLabel(names=tag_names(layer)))
    cols["entity_ids"] = ds.Sequence(ds.Value("string"))
    return cols


def span_boundaries(annotations: AnnotationSet) -> set[int]:
    out: set[int] = set()
    for s in annotations.spans():
        out.update((s.start, s.end))
        me = getattr(s, "measured_entity", None)
        if me is not None:
            out.update((me.start, me.end))
    return out


def _words(text: str) -> list[tuple[int, int, bool]]:
    """spaCy's tokens as ``(start, end, starts_sentence)``, cut at whitespace (rule 1)."""
    doc = pipeline()(text)
    out: list[tuple[int, int, bool]] = []
    pending_start = False
    for tok in doc:
        pending_start = pending_start or bool(tok.is_sent_start)
        a, end = tok.idx, tok.idx + len(tok.text)
        while a < end:
            while a < end and text[a].isspace():
                a += 1
            b = a
            while b < end and not text[b].isspace():
                b += 1
            if a < b:
                out.append((a, b, pending_start))
                pending_start = False
            a = b
    return out


def tokenize(text: str, annotations: AnnotationSet) -> list[Sentence]:
    """The sentences of ``text`` with their tokens (rules 1-4 of the module docstring)."""
    cuts = span_boundaries(annotations)
    tokens: list[tuple[int, int, bool]] = []
    for a, b, first in _words(text):
        inner = sorted(p for p in cuts if a < p < b)
        for x, y in zip([a, *inner], [*inner, b]):
            tokens.append((x, y, first and x == a))
    zone_starts = {z.start for z in annotations.structure}
    together = [(s.start, s.end) for layer in TAG_COLUMNS for s in annotations.layer(layer)]
    inside = set()
    for s, e in together:
        inside.update(range(s + 1, e))
    sentences: list[list[tuple[int, int]]] = []
    prev_end = None
    for a, b, first in tokens:
        starts = (prev_end is None or first or a in zone_starts
                  or any(c in LINE_BREAKS for c in text[prev_end:a]))
        if starts and a not in inside:
            sentences.append([])
        sentences[-1].append((a, b))
        prev_end = b
    return [Sentence(start=s[0][0], end=s[-1][1], tokens=tuple(s)) for s in sentences]


def encode(sentence: Sentence, spans: Iterable[Span], label=lambda s: s.label) -> list[str]:
    """IOB2 tags of ``sentence`` for ``spans`` (those inside it); a span that is not whole tokens raises."""
    index = {a: i for i, (a, _) in enumerate(sentence.tokens)}
    ends = {b: i for i, (_, b) in enumerate(sentence.tokens)}
    tags = ["O"] * len(sentence.tokens)
    for s in spans:
        if s.end <= sentence.start or s.start >= sentence.end:
            continue
        i, j = index.get(s.start), ends.get(s.end)
        if i is None or j is None:
            raise SWNError(f"span [{s.start}, {s.end}) {s.text!r} is not a whole number of tokens of its sentence",
                           record=s.id or f"{s.start}-{s.end}", field="start", check="token-misaligned")
        if any(t != "O" for t in tags[i:j + 1]):
            raise SWNError(f"span [{s.start}, {s.end}) overlaps another span of its layer; IOB2 cannot hold both",
                           record=s.id or f"{s.start}-{s.end}", field="start", check="overlap")
        tags[i] = f"B-{label(s)}"
        for k in range(i + 1, j + 1):
            tags[k] = f"I-{label(s)}"
    return tags


def decode(token_start: Sequence[int], token_end: Sequence[int], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` of the chunks of IOB2 ``tags``: a chunk starts at ``B-X``, or at an
    ``I-X`` that does not continue a chunk of type X (as conlleval reads it), and runs over the
    following ``I-X``."""
    out: list[list[Any]] = []
    current = None
    for a, b, tag in zip(token_start, token_end, tags):
        if tag == "O":
            current = None
            continue
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and current is not None and current[2] == kind:
            current[1] = b
            continue
        if prefix not in ("B", "I") or not kind:
            raise SWNError(f"{tag!r} is not an IOB2 tag", field="tags", check="bad-tag")
        current = [a, b, kind]
        out.append(current)
    return [tuple(c) for c in out]


def _zone_of(sentence: Sentence, zones: Sequence[Span]) -> str | None:
    for z in zones:
        if z.start <= sentence.start < z.end:
            return z.zone
    return None


def sentence_rows(doc: Document, annotations: AnnotationSet | None = None) -> list[dict[str, Any]]:
    """The ``tokens`` config rows of one document (tags as names; ``entity_ids`` "" outside entities)."""
    ann = annotations if annotations is not None else doc.annotations
    if ann is None:
        raise SWNError("has no annotations to tag", file=f"annotations/gold/{doc.id}.json", check="gold-missing")
    rows = []
    for i, sent in enumerate(tokenize(doc.text, ann)):
        row: dict[str, Any] = {"doc_id": doc.id, "sentence_id": i, "start": sent.start, "end": sent.end,
                               "zone": _zone_of(sent, ann.structure),
                               "tokens": [doc.text[a:b] for a, b in sent.tokens],
                               "token_start": [a for a, _ in sent.tokens], "token_end": [b for _, b in sent.tokens]}
        for layer, column in TAG_COLUMNS.items():
            row[column] = encode(sent, ann.layer(layer))
        # "" outside entities, not null: pyarrow's JSON reader (26) corrupts lists that start with nulls
        row["entity_ids"] = [t[2:] for t in encode(sent, ann.entities, label=lambda e: e.entity_id or "")]
        rows.append(row)
    return rows


def spans_from_rows(rows: Iterable[dict[str, Any]], column: str = "ner_tags") -> dict[str, list[tuple[int, int, str]]]:
    """``{doc_id: [(start, end, type)]}`` decoded from ``tokens`` rows (tags as names)."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for r in rows:
        out.setdefault(r["doc_id"], []).extend(decode(r["token_start"], r["token_end"], r[column]))
    return out


def tag_sequences(text: str, gold: AnnotationSet, predicted: AnnotationSet, layer: str = "entities"
                  ) -> tuple[list[list[str]], list[list[str]]]:
    """IOB2 sequences ``(y_true, y_pred)`` of one document for seqeval, on tokens cut at every gold
    *and* predicted span boundary (and with no sentence break inside either), so that any
    predictions of a flat layer, aligned to words or not, are tagged exactly. seqeval's strict
    mode (``mode="strict", scheme=IOB2``) on them gives ``swn score``'s strict F1 of the layer."""
    from dataclasses import replace

    both = replace(gold, **{layer: tuple(gold.layer(layer)) + tuple(predicted.layer(layer))})
    y_true, y_pred = [], []
    for sentence in tokenize(text, both):
        y_true.append(encode(sentence, gold.layer(layer)))
        y_pred.append(encode(sentence, predicted.layer(layer)))
    return y_true, y_pred
