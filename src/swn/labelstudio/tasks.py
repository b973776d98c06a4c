"""Label Studio tasks: one per document, with its text, metadata, checksum and pre-annotations.

A task is ``{"data": {"text", "doc_id", "sha256", "metadata", "swn"}, "predictions": [...]}``.
The ``sha256`` of the text's UTF-8 bytes lets an import check that an export is about the very
same text as the corpus (:mod:`.importer`). Pre-annotations are Label Studio predictions with
a ``model_version`` (e.g. ``swn-gold-1.0.0`` for the gold, or a baseline's name), written by
:func:`swn.labelstudio.results.to_results`, limited to the round's layers (document stance goes
with ``stance``). ``data.swn`` records what the task was made from (the layers, the
``model_version``, the gold version and the sha256 of the document's gold file); ``swn ls push``
adds the round and the annotator (:mod:`.rounds`).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Mapping, Sequence

from .. import vocab

from ..errors import SWNError
from ..model import AnnotationSet, Document, check_spans_against_text
from .results import to_results


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def only_layers(ann: AnnotationSet, layers: Sequence[str]) -> AnnotationSet:
    """``ann`` with every layer not in ``layers`` emptied (document stance goes with ``stance``)."""
    kept = {name: (ann.layer(name) if name in layers else ()) for name in vocab.LAYER_NAMES}
    return replace(ann, **kept, doc_stance=dict(ann.doc_stance) if "stance" in layers else {})


def build_task(doc: Document, prediction: AnnotationSet | None = None, model_version: str | None = None, *,
               layers: Sequence[str] = vocab.LAYER_NAMES, gold_sha256: str | None = None,
               gold_version: str | None = None) -> dict:
    """The task of one document; ``prediction`` (checked against the text), limited to ``layers``,
    becomes its pre-annotation."""
    sha = text_sha256(doc.text)
    if sha != doc.metadata.sha256:
        raise SWNError(f"the text's sha256 is {sha}, the metadata says {doc.metadata.sha256}", record=doc.id,
                       field="sha256", check="checksum-mismatch")
    made_from = {"layers": list(layers), "model_version": model_version if prediction is not None else None,
                 "gold_version": gold_version, "gold_sha256": gold_sha256}
    task: dict = {"data": {"text": doc.text, "doc_id": doc.id, "sha256": sha, "metadata": doc.metadata.to_dict(),
                           "swn": made_from}}
    if prediction is not None:
        if prediction.doc_id != doc.id:
            raise SWNError(f"prediction is for {prediction.doc_id!r}", record=doc.id, field="doc_id",
                           check="doc-id-mismatch")
        check_spans_against_text(doc.text, prediction)
        if not model_version:
            raise SWNError("pre-annotations need a model_version", record=doc.id, field="model_version",
                           check="ls-task")
        task["predictions"] = [{"model_version": model_version,
                                "result": to_results(only_layers(prediction, layers))}]
    return task


def build_tasks(docs: Sequence[Document], predictions: Mapping[str, AnnotationSet] | None = None,
                model_version: str | None = None, *, layers: Sequence[str] = vocab.LAYER_NAMES,
                gold_sha256: Mapping[str, str | None] | None = None, gold_version: str | None = None) -> list[dict]:
    """One task per document, in corpus order. ``predictions`` may cover only some documents;
    a prediction for a document that is not in ``docs`` is an error. ``gold_sha256`` (doc_id ->
    sha256 of its gold file) and ``gold_version`` record the gold the tasks were made from."""
    predictions = predictions or {}
    known = {d.id for d in docs}
    for doc_id in predictions:
        if doc_id not in known:
            raise SWNError(f"prediction for unknown document {doc_id!r}", record=doc_id, field="doc_id",
                           check="unknown-document")
    gold_sha256 = gold_sha256 or {}
    return [build_task(d, predictions.get(d.id), model_version, layers=layers, gold_sha256=gold_sha256.get(d.id),
                       gold_version=gold_version) for d in docs]
