"""spaCy ``DocBin`` (``swn.spacy``): one ``Doc`` per document, for spaCy tooling (``spacy evaluate``,
training corpora, displaCy).

* tokens and sentences are those of the ``tokens`` config (:mod:`swn.tokens`: spaCy's English
  tokenizer and sentencizer, a token boundary at every gold span boundary), so every span is
  a ``Span`` exactly; the ``Doc``'s text is the raw text byte for byte (whitespace that is not a
  single space after a token becomes a whitespace token, as spaCy does);
* ``doc.ents``: the ``entities`` layer, label as ``label_``, ``entity_id`` as ``kb_id_``, the SWN
  span id as ``id_`` — what ``spacy evaluate`` scores as NER;
* ``doc.spans[<layer>]``: one span group per other layer (``temporal``, ``quantities``,
  ``stance``, ``structure``), label = the layer's label (TIMEX3 type, ``QUANTITY``, stance target,
  zone), ``id_`` = the SWN span id; the other attributes are in ``doc.user_data`` and read with
  the span extension ``span._.swn`` after :func:`register_extensions` (a dict: ``value``,
  ``mod`` …, ``measured_entity`` as ``{start, end, text}``);
* ``doc.user_data``: ``doc_id``, ``dct`` (ISO date), ``doc_stance`` (target -> FAVOR/AGAINST/NONE)
  and ``swn_attributes`` (SWN span id -> attributes).

Read it with ``DocBin().from_disk(path).get_docs(nlp.vocab)`` (any English ``Vocab``; the
``DocBin`` keeps user data). :func:`read` turns it back into annotation sets; a DocBin made by
another pipeline (``ents`` and span groups named like SWN layers) reads too, matched to a
corpus document by its ``doc_id`` user data or else by its text.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Document, Span, span_from_dict
from . import Format, ReadResult, check_layers

FILE = "swn.spacy"
EXTENSION = "swn"
CARRIED = vocab.LAYER_NAMES
SPAN_GROUPS = tuple(layer for layer in vocab.LAYER_NAMES if layer != "entities")


def register_extensions() -> None:
    """``span._.swn``: the SWN attributes of a span of an exported ``Doc`` (``None`` for others)."""
    from spacy.tokens import Span as SpacySpan

    if not SpacySpan.has_extension(EXTENSION):
        SpacySpan.set_extension(EXTENSION, getter=lambda span: span.doc.user_data.get("swn_attributes", {})
                                .get(span.id_))


def _words(text: str, tokens: Sequence[tuple[int, int]]) -> tuple[list[str], list[bool], list[bool]]:
    """``(words, spaces, is_token)`` covering ``text`` exactly: gaps other than one space are words."""
    words: list[str] = []
    spaces: list[bool] = []
    real: list[bool] = []
    pos = 0
    for a, b in tokens:
        gap = text[pos:a]
        if gap:
            if words and gap[0] == " ":
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                real.append(False)
        words.append(text[a:b])
        spaces.append(False)
        real.append(True)
        pos = b
    tail = text[pos:]
    if tail:
        if words and tail[0] == " ":
            spaces[-1] = True
            tail = tail[1:]
        if tail:
            words.append(tail)
            spaces.append(False)
            real.append(False)
    return words, spaces, real


def _attributes(span: Span) -> dict[str, Any]:
    out = {}
    for name, value in span.attributes().items():
        out[name] = value.to_dict() if hasattr(value, "to_dict") else value
    return out


def to_doc(vocab_, doc: Document, layers: Sequence[str]):
    """The spaCy ``Doc`` of one document (``layers`` exported)."""
    from spacy.tokens import Doc

    from ..tokens import tokenize

    ann = doc.annotations
    sentences = tokenize(doc.text, ann)
    flat = [t for s in sentences for t in s.tokens]
    firsts = {s.tokens[0] for s in sentences}
    words, spaces, real = _words(doc.text, flat)
    starts, k = [], 0
    for w, is_token in zip(words, real):
        if is_token:
            starts.append(flat[k] in firsts)
            k += 1
        else:
            starts.append(False)
    if starts:
        starts[0] = True
    out = Doc(vocab_, words=words, spaces=spaces, sent_starts=starts)
    if out.text != doc.text:  # pragma: no cover - _words covers the text by construction
        raise SWNError("the spaCy Doc does not reproduce the text", record=doc.id, check="spacy-text")
    attributes: dict[str, dict[str, Any]] = {}

    def span_of(s: Span, layer: str, i: int):
        sid = s.id or f"{doc.id}#{layer}[{i}]"
        kb = s.entity_id if layer == "entities" and s.entity_id else ""
        sp = out.char_span(s.start, s.end, label=s.label, kb_id=kb, span_id=sid)
        if sp is None:
            raise SWNError(f"span [{s.start}, {s.end}) {s.text!r} is not on token boundaries", record=sid,
                           field="start", check="token-misaligned")
        if layer != "entities":
            attributes[sid] = _attributes(s)
        return sp

    if "entities" in layers:
        out.ents = [span_of(s, "entities", i) for i, s in enumerate(ann.entities)]
    for layer in SPAN_GROUPS:
        if layer in layers:
            out.spans[layer] = [span_of(s, layer, i) for i, s in enumerate(ann.layer(layer))]
    out.user_data["doc_id"] = doc.id
    out.user_data["dct"] = doc.metadata.dct.value
    out.user_data["doc_stance"] = {t: ann.doc_stance[t] for t in vocab.STANCE_TARGETS if t in ann.doc_stance}
    out.user_data["swn_attributes"] = attributes
    return out


def export(docs: Sequence[Document], layers: Sequence[str] | None = None) -> dict[str, bytes]:
    """``swn.spacy``: a ``DocBin`` (with user data) of every document."""
    from ..tokens import pipeline

    layers = check_layers(FORMAT.name, layers, CARRIED)
    nlp = pipeline()  # first: without spaCy, an error that names the extra
    from spacy.tokens import DocBin
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(to_doc(nlp.vocab, d, layers))
    return {FILE: db.to_bytes()}


def _doc_id(doc, texts: Mapping[str, str], where: str) -> str:
    doc_id = doc.user_data.get("doc_id")
    if doc_id is None:
        doc_id = next((d for d, t in texts.items() if t == doc.text), None)
    if doc_id not in texts:
        raise SWNError(f"document {doc_id!r} is not in the corpus (no doc_id user data and no corpus text equal to "
                       "the Doc's)", file=where, record=str(doc_id), check="unknown-document")
    if texts[doc_id] != doc.text:
        raise SWNError("the Doc's text is not the corpus text (offsets would not apply)", file=where, record=doc_id,
                       check="text-mismatch")
    return doc_id


def read(path: Path | str, texts: Mapping[str, str]) -> ReadResult:
    """The annotation sets of a ``.spacy`` file (``ents`` -> entities, span groups named like SWN layers)."""
    from ..tokens import pipeline

    vocab_ = pipeline().vocab  # first: without spaCy, an error that names the extra
    from spacy.tokens import DocBin

    p = Path(path)
    if p.is_dir():
        p = p / FILE
    try:
        db = DocBin().from_disk(p)
    except (OSError, ValueError) as e:
        raise SWNError(f"not a spaCy DocBin: {e}", file=str(p), check="not-found") from None
    out: dict[str, AnnotationSet] = {}
    seen: set[str] = set()
    filled: list[str] = []
    for n, doc in enumerate(db.get_docs(vocab_)):
        where = f"{p} (Doc {n})"
        doc_id = _doc_id(doc, texts, str(p))
        attrs = doc.user_data.get("swn_attributes", {})
        layers: dict[str, list[Span]] = {}
        groups = {"entities": list(doc.ents), **{g: list(doc.spans[g]) for g in SPAN_GROUPS if g in doc.spans}}
        if doc.has_annotation("ENT_IOB"):
            seen.add("entities")
        for layer, spans in groups.items():
            seen.add(layer)
            label_field = vocab.LAYERS[layer].label_field
            for sp in spans:
                data: dict[str, Any] = {"start": sp.start_char, "end": sp.end_char, "text": sp.text}
                if sp.id_ and "#" in sp.id_ and "[" not in sp.id_:
                    data["id"] = sp.id_
                if layer == "entities":
                    data["label"] = sp.label_
                    data["entity_id"] = sp.kb_id_ or None
                else:
                    given = attrs.get(sp.id_)
                    if given is None:
                        filled.append(f"{doc_id} {layer} [{sp.start_char}, {sp.end_char}): no SWN attributes, "
                                      "optional fields left null")
                        given = {}
                    data.update(given)
                    if label_field:
                        data[label_field] = sp.label_
                try:
                    layers.setdefault(layer, []).append(span_from_dict(layer, data))
                except SWNError as e:
                    raise SWNError(e.message, file=where, record=f"{layer} {sp.start_char}-{sp.end_char}",
                                   field=e.field, check=e.check) from None
        stance = {t: v for t, v in doc.user_data.get("doc_stance", {}).items()}
        out[doc_id] = AnnotationSet(doc_id=doc_id, doc_stance=stance,
                                    **{k: tuple(sorted(v, key=lambda s: (s.start, s.end))) for k, v in layers.items()})
    return ReadResult(annotations=out, layers=tuple(n for n in vocab.LAYER_NAMES if n in seen), filled=tuple(filled))


FORMAT = Format(
    name="spacy",
    description="spaCy DocBin: Docs with ents (NER), a span group per other layer, attributes in user data",
    layout="`swn.spacy`",
    exports=CARRIED,
    imports=CARRIED,
    loses=("Nothing of the annotations (attributes other than labels and entity ids live in user data, read with "
           "`span._.swn`).", "Tokens are SWN's (forced at gold span boundaries), not a spaCy model's."),
    export=export,
    read=read,
    requires="build",
    options=("layers",),
)
