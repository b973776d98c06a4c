"""Label maps: from an extractor's labels to SWN layers and labels.

A map is a dict ``{source label: target}``; a target is

* an entity label (``"PERSON"``): a span of the ``entities`` layer;
* ``"layer:LABEL"`` (``"temporal:DATE"``, ``"stance:russian_withdrawal"``): a span of that layer
  with that value of its label field;
* a layer without label field (``"quantities"``): a span of that layer;
* ``None``: dropped on purpose (e.g. OntoNotes ``ORDINAL``, which SWN does not annotate).

A source label the map does not know is dropped too; both kinds of drops are counted in the
adapter's report. Lookup is exact first, then case-insensitive. Every adapter takes
``labels=`` as a map name (:data:`MAPS`) or a dict, and ``overrides=`` for a few changes::

    from_spacy(docs, overrides={"ORDINAL": "quantities", "FAC": "LOC"})

The maps shipped:

``ontonotes`` (spaCy, OntoNotes-trained HF models)
    the eleven OntoNotes entity labels SWN uses as they are; ``DATE``/``TIME`` to
    ``temporal`` (TIMEX3 type ``DATE``/``TIME``; no ``value``, so value accuracy is
    reported as not predicted); ``CARDINAL``, ``QUANTITY``, ``MONEY``, ``PERCENT`` to
    ``quantities``; ``ORDINAL`` dropped.
``conll2003`` (CoNLL-2003 models, e.g. most HF NER checkpoints)
    ``PER``→``PERSON``, ``ORG``→``ORG``, ``LOC``→``GPE``, ``MISC``→``NORP`` (the most
    frequent fine label of each class in SWN). The fine labels are a guess, so score such
    output with ``swn score --coarse conll2003``, which folds gold and predictions into
    PER/ORG/LOC/MISC (:data:`swn.scoring.coarse.SCHEMES`).
``hf`` = ``conll2003`` + ``ontonotes``; they share ``ORG`` (same target) and ``LOC``, which keeps
    its OntoNotes meaning (``LOC``). A CoNLL-2003 model's LOC is then scored right only with
    ``--coarse conll2003`` (which folds GPE, LOC and FAC together) — the way to score such a
    model anyway.
``generic`` (GLiNER-style records and LLM string lists)
    ``hf`` plus natural-language names: ``person``, ``organization``, ``location``,
    ``country``, ``city``, ``nationality``, ``date``, ``time``, ``duration``, ``quantity``,
    ``number``, ``money``, ``percentage`` …, matched case-insensitively.
``swn``: SWN's own labels only (brat and CoNLL files written by ``swn export``).
"""
from __future__ import annotations

from typing import Mapping

from .. import vocab
from ..errors import SWNError

Target = tuple[str, dict]  # (layer, {label field: value}) — empty dict for a layer without label field

ONTONOTES: dict[str, str | None] = {
    **{label: label for label in vocab.ENTITY_LABELS},
    "DATE": "temporal:DATE", "TIME": "temporal:TIME",
    "CARDINAL": "quantities", "QUANTITY": "quantities", "MONEY": "quantities", "PERCENT": "quantities",
    "ORDINAL": None,
}
CONLL2003: dict[str, str | None] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "NORP"}
HF: dict[str, str | None] = {**CONLL2003, **ONTONOTES}
GENERIC: dict[str, str | None] = {
    **HF,
    "person": "PERSON", "people": "PERSON", "organization": "ORG", "organisation": "ORG", "company": "ORG",
    "location": "GPE", "country": "GPE", "city": "GPE", "place": "GPE", "region": "LOC", "facility": "FAC",
    "nationality": "NORP", "group": "NORP", "event": "EVENT", "product": "PRODUCT", "law": "LAW",
    "language": "LANGUAGE", "work of art": "WORK_OF_ART",
    "date": "temporal:DATE", "time": "temporal:TIME", "duration": "temporal:DURATION", "set": "temporal:SET",
    "quantity": "quantities", "number": "quantities", "money": "quantities", "percentage": "quantities",
    "percent": "quantities", "cardinal": "quantities", "ordinal": None,
}
SWN: dict[str, str | None] = {label: label for label in vocab.ENTITY_LABELS}

MAPS: Mapping[str, Mapping[str, str | None]] = {"ontonotes": ONTONOTES, "conll2003": CONLL2003, "hf": HF,
                                                "generic": GENERIC, "swn": SWN}


def parse_target(spec: str | None) -> Target | None:
    """``"PERSON"``, ``"temporal:DATE"``, ``"quantities"`` or None as a (layer, label fields) target."""
    if spec is None:
        return None
    layer, _, label = spec.partition(":")
    if not label and layer not in vocab.LAYER_NAMES:
        layer, label = "entities", spec
    if layer not in vocab.LAYER_NAMES:
        raise SWNError(f"unknown layer {layer!r} in label target {spec!r}", field="labels", check="unknown-layer")
    field = vocab.LAYERS[layer].label_field
    if field is None:
        if label:
            raise SWNError(f"layer {layer} has no label, so {spec!r} cannot name one", field="labels",
                           check="unknown-label")
        return layer, {}
    if label not in vocab.LAYERS[layer].labels:
        raise SWNError(f"{label!r} is not a label of layer {layer} ({', '.join(vocab.LAYERS[layer].labels)})",
                       field="labels", check="unknown-label")
    return layer, {field: label}


class LabelMap:
    """A resolved label map: :meth:`target` gives a source label's target, None to drop it."""

    def __init__(self, labels: str | Mapping[str, str | None] = "generic",
                 overrides: Mapping[str, str | None] | None = None) -> None:
        if isinstance(labels, str):
            if labels not in MAPS:
                raise SWNError(f"unknown label map {labels!r}; maps are {', '.join(MAPS)}", field="labels",
                               check="unknown-label-map")
            labels = MAPS[labels]
        merged = {**labels, **(overrides or {})}
        self.exact = {k: parse_target(v) for k, v in merged.items()}
        self.folded = {k.casefold(): t for k, t in self.exact.items()}

    def known(self, label: str) -> bool:
        return label in self.exact or label.casefold() in self.folded

    def target(self, label: str) -> Target | None:
        if label in self.exact:
            return self.exact[label]
        return self.folded.get(label.casefold())


def parse_overrides(items: list[str] | None) -> dict[str, str | None]:
    """``SRC=TARGET`` strings (the CLI's ``--map``; an empty TARGET drops SRC) as an overrides dict."""
    out: dict[str, str | None] = {}
    for item in items or ():
        src, sep, tgt = item.partition("=")
        if not sep or not src:
            raise SWNError(f"{item!r} is not SRC=TARGET", field="--map", check="bad-argument")
        out[src] = tgt or None
    return out
