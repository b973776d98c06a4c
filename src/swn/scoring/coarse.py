"""Coarse entity scoring: fold fine OntoNotes labels into the classes a coarser scheme has.

A CoNLL-2003 system says PER/ORG/LOC/MISC; the adapters map those to one fine label each
(:data:`swn.predictions.labels.CONLL2003`: LOC→GPE, MISC→NORP), which would count every gold
FAC or LOC, EVENT or PRODUCT as a wrong label. ``swn score --coarse conll2003`` folds the gold
and the predictions alike into the scheme's classes before scoring, so only distinctions the
scheme makes are scored. Per-label rows are named by the class (``LOC`` covers GPE, LOC, FAC).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from .. import vocab
from ..model import AnnotationSet

# scheme -> class name -> the fine labels it covers (the first one represents the class)
SCHEMES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "conll2003": {"PER": ("PERSON",), "ORG": ("ORG",), "LOC": ("GPE", "LOC", "FAC"),
                  "MISC": ("NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")},
}
for _classes in SCHEMES.values():
    assert sorted(lab for labs in _classes.values() for lab in labs) == sorted(vocab.ENTITY_LABELS)


def fold(annotations: Mapping[str, AnnotationSet], scheme: str) -> dict[str, AnnotationSet]:
    """Every entity relabelled with the representative fine label of its class."""
    rep = {fine: labels[0] for labels in SCHEMES[scheme].values() for fine in labels}
    return {doc_id: ann.with_layer("entities", [replace(e, label=rep[e.label]) for e in ann.entities])
            for doc_id, ann in annotations.items()}


def class_names(scheme: str) -> dict[str, str]:
    """Representative fine label -> class name (to name the per-label rows)."""
    return {labels[0]: name for name, labels in SCHEMES[scheme].items()}
