"""Shared by the adapter tests: score an adapter's output against generated gold."""
from __future__ import annotations

from swn.scoring.score import score

MODES_F1 = ("strict", "exact", "partial", "ent_type")


def texts_and_gold(corpus):
    return {d.doc_id: d.text for d in corpus.documents}, {d.doc_id: d.annotations for d in corpus.documents}


def f1_by_layer(gold, adapted, layers, **options) -> dict:
    """{(layer, mode): F1} of the adapter's validated predictions against ``gold``."""
    r = score(gold, adapted.predictions(), layers=layers, **options)
    return {(layer, m): r["layers"][layer]["overall"][m]["f1"] for layer in layers for m in MODES_F1}
