"""Hypothesis strategies for SWN: documents, valid annotation sets of every layer, whole corpora.

Everything here is *valid by construction* against every validator level, so a property
"generated data validates clean" can fail only because of a validator (or model) bug, and
a mutation test can start from a known-good state.

How validity is guaranteed:

* A document is a sequence of non-whitespace *tokens* joined by whitespace separators
  (" ", U+00A0, "\\n", empty lines). Every span covers whole tokens ``[a, b)``, so it never
  starts or ends on whitespace and ``text[start:end]`` is exact by construction.
* Flat layers draw *disjoint* token intervals; ``structure`` partitions all tokens into
  consecutive zones, so zones tile the non-whitespace text.
* ``entity_id``s come from a generated registry; the registry returned with a document
  (and a corpus) is exactly the set of entity ids mentioned, so every entry is used.
  Stance holders that are entity ids are drawn from the mentioned ids.
* TIMEX3 values are generated per type from the grammar the validator accepts.

Public API: ``documents()``, ``generated_documents()`` (text + AnnotationSet + registry),
``annotation_sets()``, ``timex_values(type)``, ``corpora()``, ``write_corpus(root, corpus)``,
``metadata_for(doc_id, text)``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from hypothesis import strategies as st

from swn import vocab
from swn.model import (AnnotationSet, DocumentMetadata, Entity, Provenanced, Quantity, RegistryEntry,
                       StanceEvidence, SubSpan, TextRef, Timex, Zone)
from swn.store import dumps_json

# ---------------------------------------------------------------- text

# Words that look like the corpus (curly quotes, mojibake "¬†", U+00A0 neighbours) plus
# astral characters (emoji, mathematical letters) whose UTF-16 length differs from their
# code-point length.
SAMPLE_WORDS = (
    "Russia", "Putin", "Syria", "Hmeymim", "Tartus", "withdrawal", "forces", "said", "Monday", "2017",
    "11", "465,000", "“Mission", "accomplished”", "Assad’s", "‘partial’", "¬†", "—", "(FSA)", "U.S.",
    "😀", "🇷🇺", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "naïve", "e\u0301", "Кремль", "سوريا", "…", "[click", "enlarge]",
)
SEPARATORS = (" ", " ", " ", "\u00a0", "\n", "\n\n", " \n", "\u00a0 ", "\n\n\n")

_token_chars = st.characters(
    blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc"),
).filter(lambda c: not c.isspace())

tokens = st.one_of(
    st.sampled_from(SAMPLE_WORDS),
    st.text(_token_chars, min_size=1, max_size=6),
    st.sampled_from(("\U0001F600", "\U0001F1F7\U0001F1FA", "\U0001D518", "\U00020000", "\U0010FFFD")),
)


@dataclass(frozen=True)
class Tokenised:
    """A document text and the code-point offsets ``(start, end)`` of its tokens."""

    text: str
    tokens: tuple[tuple[int, int], ...]

    def span(self, a: int, b: int) -> tuple[int, int, str]:
        """Offsets and text covering tokens ``a .. b-1``."""
        start, end = self.tokens[a][0], self.tokens[b - 1][1]
        return start, end, self.text[start:end]


@st.composite
def tokenised_documents(draw, min_tokens: int = 1, max_tokens: int = 40) -> Tokenised:
    words = draw(st.lists(tokens, min_size=min_tokens, max_size=max_tokens))
    lead = draw(st.sampled_from(("", "", "\n", " \u00a0", "\n\n")))
    trail = draw(st.sampled_from(("", "\n", "\n", "\u00a0\n", " ")))
    parts, offsets, pos = [lead], [], len(lead)
    for i, w in enumerate(words):
        if i:
            sep = draw(st.sampled_from(SEPARATORS))
            parts.append(sep)
            pos += len(sep)
        parts.append(w)
        offsets.append((pos, pos + len(w)))
        pos += len(w)
    parts.append(trail)
    return Tokenised("".join(parts), tuple(offsets))


def documents(min_tokens: int = 1, max_tokens: int = 40) -> st.SearchStrategy[str]:
    """Document texts: tokens of ASCII, U+00A0, curly quotes, emoji/astral characters, empty lines."""
    return tokenised_documents(min_tokens, max_tokens).map(lambda t: t.text)


# ---------------------------------------------------------------- ids and registry

doc_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{2,20}", fullmatch=True)

entity_ids = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(
    lambda s: s not in vocab.HOLDER_SPECIALS)

qids = st.one_of(st.none(), st.integers(1, 10**8).map(lambda n: f"Q{n}"))


@st.composite
def registry_entries(draw, entity_id: str) -> RegistryEntry:
    return RegistryEntry(
        id=entity_id,
        name=draw(st.sampled_from(("Vladimir Putin", "Hmeimim air base", "Russia", "Кремль", "Tartus 😀"))),
        type=draw(st.sampled_from(vocab.ENTITY_LABELS)),
        aliases=tuple(draw(st.lists(st.sampled_from(("Putin", "Hmeymim", "Khmeimim", "Tartous")),
                                    unique=True, max_size=3))),
        wikidata=draw(qids),
        note=draw(st.one_of(st.none(), st.just("A note with “quotes”."))),
    )


@st.composite
def registries(draw, min_size: int = 1, max_size: int = 8) -> dict[str, RegistryEntry]:
    ids = draw(st.lists(entity_ids, min_size=min_size, max_size=max_size, unique=True))
    return {i: draw(registry_entries(i)) for i in ids}


# ---------------------------------------------------------------- attribute values

_years = st.integers(1900, 2099).map(lambda y: f"{y:04d}")
_months = st.integers(1, 12).map(lambda m: f"{m:02d}")


@st.composite
def _dates(draw) -> str:
    """A calendar date at some granularity, with X placeholders allowed for unknown parts."""
    y = draw(st.one_of(_years, st.just("XXXX")))
    kind = draw(st.sampled_from(("year", "month", "day", "day", "season", "week", "weekday", "decade",
                                 "century", "quarter", "half")))
    if kind == "year":
        return draw(_years)
    if kind == "decade":
        return draw(_years)[:3]
    if kind == "century":
        return draw(_years)[:2]
    if kind == "month":
        return f"{y}-{draw(_months)}"
    if kind == "season":
        return f"{draw(_years)}-{draw(st.sampled_from(('SP', 'SU', 'FA', 'WI')))}"
    if kind == "quarter":
        return f"{draw(_years)}-Q{draw(st.integers(1, 4))}"
    if kind == "half":
        return f"{draw(_years)}-H{draw(st.integers(1, 2))}"
    if kind == "week":
        return f"{draw(_years)}-W{draw(st.integers(1, 53)):02d}"
    if kind == "weekday":
        return f"{draw(_years)}-W{draw(st.integers(1, 52)):02d}-{draw(st.integers(1, 7))}"
    month = draw(st.one_of(_months, st.just("XX")))
    day = draw(st.integers(1, 28).map(lambda d: f"{d:02d}"))
    return f"{y}-{month}-{day}"


def _full_date(draw) -> str:
    return f"{draw(_years)}-{draw(_months)}-{draw(st.integers(1, 28)):02d}"


@st.composite
def _durations(draw) -> str:
    units = draw(st.sampled_from(("Y", "M", "W", "D", "DE", "CE", "H", "TM", "S")))
    n = draw(st.one_of(st.integers(1, 500).map(str), st.just("X"),
                       st.integers(1, 9).map(lambda i: f"{i}.5")))
    if units in ("H", "TM", "S"):
        return f"PT{n}{units[-1]}"
    return f"P{n}{units}"


@st.composite
def timex_values(draw, timex_type: str) -> str:
    """A TIMEX3 value that is well-formed for ``timex_type`` (the grammar the validator accepts)."""
    refs = st.sampled_from(("PRESENT_REF", "PAST_REF", "FUTURE_REF"))
    if timex_type == "DATE":
        choice = draw(st.sampled_from(("date", "date", "date", "ref", "interval")))
        if choice == "ref":
            return draw(refs)
        if choice == "interval":
            a = _full_date(draw)
            return f"{a}/{draw(st.sampled_from((a, '2099-12-31')))}"
        return draw(_dates())
    if timex_type == "TIME":
        choice = draw(st.sampled_from(("part", "clock", "ref")))
        if choice == "ref":
            return draw(refs)
        if choice == "part":
            return f"{_full_date(draw)}T{draw(st.sampled_from(('MO', 'AF', 'EV', 'NI', 'DT')))}"
        return f"{_full_date(draw)}T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if timex_type == "DURATION":
        return draw(_durations())
    # SET: a recurring period or a recurring calendar point.
    return draw(st.one_of(_durations(), st.sampled_from(("XXXX-WXX-1", "XXXX-XX-XX", "XXXX-WXX-7TMO"))))


numbers = st.one_of(st.integers(0, 10**9), st.floats(0, 1e9, allow_nan=False, allow_infinity=False,
                                                         allow_subnormal=False).map(lambda f: round(f, 3)))


# ---------------------------------------------------------------- spans

@st.composite
def disjoint_intervals(draw, n_tokens: int, max_spans: int = 8) -> list[tuple[int, int]]:
    """Disjoint token intervals ``[a, b)`` in order (for flat layers)."""
    if n_tokens == 0:
        return []
    points = sorted(draw(st.sets(st.integers(0, n_tokens), max_size=2 * max_spans)))
    return [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]


@st.composite
def any_intervals(draw, n_tokens: int, max_spans: int = 5) -> list[tuple[int, int]]:
    """Token intervals that may overlap and nest (for the non-flat stance layer)."""
    out = []
    for _ in range(draw(st.integers(0, max_spans if n_tokens else 0))):
        a = draw(st.integers(0, n_tokens - 1))
        out.append((a, draw(st.integers(a + 1, n_tokens))))
    return sorted(out)


def _span_id(doc_id: str, layer: str, n: int) -> str:
    return f"{doc_id}#{vocab.LAYERS[layer].id_prefix}{n}"


@dataclass(frozen=True)
class GeneratedDocument:
    """A text, its valid annotation set and the registry entries it uses (exactly those)."""

    doc: Tokenised
    annotations: AnnotationSet
    registry: Mapping[str, RegistryEntry]

    @property
    def doc_id(self) -> str:
        return self.annotations.doc_id

    @property
    def text(self) -> str:
        return self.doc.text


@st.composite
def generated_documents(draw, doc_id: str | st.SearchStrategy[str] | None = None,
                        registry: Mapping[str, RegistryEntry] | None = None,
                        max_tokens: int = 40) -> GeneratedDocument:
    """A document with a valid annotation set of every layer (possibly empty layers)."""
    if doc_id is None:
        doc_id = draw(doc_ids)
    elif not isinstance(doc_id, str):
        doc_id = draw(doc_id)
    doc = draw(tokenised_documents(1, max_tokens))
    n = len(doc.tokens)
    reg = dict(registry) if registry is not None else draw(registries())

    entities = []
    for k, (a, b) in enumerate(draw(disjoint_intervals(n)), start=1):
        s, e, t = doc.span(a, b)
        eid = draw(st.sampled_from(sorted(reg)))
        entities.append(Entity(id=_span_id(doc_id, "entities", k), start=s, end=e, text=t,
                               label=reg[eid].type, entity_id=eid))  # the label agrees with the registry

    temporal = []
    for k, (a, b) in enumerate(draw(disjoint_intervals(n)), start=1):
        s, e, t = doc.span(a, b)
        ttype = draw(st.sampled_from(vocab.TIMEX3_TYPES))
        temporal.append(Timex(id=_span_id(doc_id, "temporal", k), start=s, end=e, text=t, type=ttype,
                              value=draw(timex_values(ttype)),
                              mod=draw(st.one_of(st.none(), st.sampled_from(vocab.TIMEX3_MODS)))))

    quantities = []
    for k, (a, b) in enumerate(draw(disjoint_intervals(n)), start=1):
        s, e, t = doc.span(a, b)
        modifier = draw(st.sampled_from(vocab.QUANTITY_MODIFIERS))
        value = draw(numbers)
        high = value + draw(st.integers(1, 1000)) if modifier == "range" else None
        unit = draw(st.one_of(st.none(), st.sampled_from(("km", "USD", "percent", "tonnes"))))
        me = None
        if draw(st.booleans()):
            ma = draw(st.integers(0, n - 1))
            ms, mend, mt = doc.span(ma, draw(st.integers(ma + 1, min(n, ma + 3))))
            me = SubSpan(start=ms, end=mend, text=mt)
        quantities.append(Quantity(id=_span_id(doc_id, "quantities", k), start=s, end=e, text=t, value=value,
                                   value_high=high, unit=unit, is_count=unit is None, modifier=modifier,
                                   measured_entity=me))

    mentioned = sorted({m.entity_id for m in entities})
    holders = st.sampled_from(vocab.HOLDER_SPECIALS + tuple(mentioned))
    stance = []
    for k, (a, b) in enumerate(draw(any_intervals(n)), start=1):
        s, e, t = doc.span(a, b)
        holder = draw(holders)
        holder_text = (draw(st.sampled_from(("analysts", "activists", "monitoring groups")))
                       if holder == "unnamed" else draw(st.one_of(st.none(), st.just("Putin"))))
        stance.append(StanceEvidence(id=_span_id(doc_id, "stance", k), start=s, end=e, text=t,
                                     target=draw(st.sampled_from(vocab.STANCE_TARGETS)),
                                     polarity=draw(st.sampled_from(vocab.STANCE_POLARITIES)),
                                     holder=holder, holder_text=holder_text))

    cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=6))) if n > 1 else []
    bounds = [0, *cuts, n]
    structure = []
    for k, (a, b) in enumerate(zip(bounds, bounds[1:]), start=1):
        s, e, t = doc.span(a, b)
        structure.append(Zone(id=_span_id(doc_id, "structure", k), start=s, end=e, text=t,
                              zone=draw(st.sampled_from(vocab.ZONES))))

    doc_stance = {t: draw(st.sampled_from(vocab.DOC_STANCE_VALUES)) for t in vocab.STANCE_TARGETS}
    ann = AnnotationSet(doc_id=doc_id, entities=tuple(entities), temporal=tuple(temporal),
                        quantities=tuple(quantities), stance=tuple(stance), structure=tuple(structure),
                        doc_stance=doc_stance)
    return GeneratedDocument(doc=doc, annotations=ann, registry={i: reg[i] for i in mentioned})


def annotation_sets(**kwargs) -> st.SearchStrategy[AnnotationSet]:
    """Valid annotation sets (see :func:`generated_documents` for the text and registry)."""
    return generated_documents(**kwargs).map(lambda g: g.annotations)


# ---------------------------------------------------------------- metadata and corpora

def metadata_for(doc_id: str, text: str, title: tuple[int, int] | None = None) -> DocumentMetadata:
    """Correct metadata for a text (sha256 of the UTF-8 bytes, n_chars in code points)."""
    return DocumentMetadata(
        id=doc_id, source_file=f"{doc_id}.orig.txt",
        title=None if title is None else TextRef(text=text[title[0]:title[1]], start=title[0], end=title[1]),
        outlet=Provenanced(value="Synthetic News", provenance="stated", evidence="generated"),
        author=None,
        dct=Provenanced(value="2017-12-12", provenance="inferred", evidence="generated for a test"),
        event_id=next(iter(vocab.EVENTS)), event_description=next(iter(vocab.EVENTS.values())),
        language="en", n_chars=len(text), sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        rights="synthetic test data",
    )


@dataclass(frozen=True)
class GeneratedCorpus:
    documents: tuple[GeneratedDocument, ...]
    metadata: tuple[DocumentMetadata, ...]
    registry: Mapping[str, RegistryEntry] = field(default_factory=dict)

    def by_id(self, doc_id: str) -> GeneratedDocument:
        return next(d for d in self.documents if d.doc_id == doc_id)


@st.composite
def corpora(draw, min_docs: int = 1, max_docs: int = 4, max_tokens: int = 30) -> GeneratedCorpus:
    """A valid corpus: distinct documents, metadata with correct checksums, the registry they use."""
    ids = draw(st.lists(doc_ids, min_size=min_docs, max_size=max_docs, unique=True))
    registry = draw(registries())
    docs = tuple(draw(generated_documents(doc_id=i, registry=registry, max_tokens=max_tokens)) for i in ids)
    metas = []
    for d in docs:
        titles = [z for z in d.annotations.structure if z.zone == "title"]
        title = (titles[0].start, titles[0].end) if titles and draw(st.booleans()) else None
        metas.append(metadata_for(d.doc_id, d.text, title))
    used = {}
    for d in docs:
        used.update(d.registry)
    return GeneratedCorpus(documents=docs, metadata=tuple(metas), registry=dict(sorted(used.items())))


def write_corpus(root: Path | str, corpus: GeneratedCorpus, *, manifest: bool = False) -> Path:
    """Write ``corpus`` in the repository layout under ``root``; return ``root``.

    Raw texts are written as UTF-8 bytes exactly (no newline translation). With ``manifest``,
    ``corpus/MANIFEST.json`` lists the raw texts and the metadata with sha256 and size.
    """
    root = Path(root)

    # Plain writes (no fsync): these are throw-away test folders, and fsync dominates the time.
    def write_json(path: Path, obj) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(dumps_json(obj).encode("utf-8"))

    def write_jsonl(path: Path, records) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"))

    raw = root / "corpus" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for d in corpus.documents:
        (raw / f"{d.doc_id}.txt").write_bytes(d.text.encode("utf-8"))
        write_json(root / "annotations" / "gold" / f"{d.doc_id}.json", d.annotations.to_dict())
    write_jsonl(root / "corpus" / "metadata.jsonl", (m.to_dict() for m in corpus.metadata))
    write_json(root / "annotations" / "entities.json",
               {"entities": [e.to_dict() for e in corpus.registry.values()]})
    if manifest:
        files = []
        for p in sorted([*raw.glob("*.txt"), root / "corpus" / "metadata.jsonl"]):
            data = p.read_bytes()
            files.append({"path": p.relative_to(root).as_posix(), "sha256": hashlib.sha256(data).hexdigest(),
                          "size": len(data)})
        write_json(root / "corpus" / "MANIFEST.json", {"version": vocab.SCHEMA_VERSION, "files": files})
    return root


def spans_of(ann: AnnotationSet, layers: Sequence[str] = vocab.LAYER_NAMES):
    """``(layer, index, span)`` for every span of ``ann`` in the given layers."""
    for name in layers:
        for i, s in enumerate(ann.layer(name)):
            yield name, i, s
