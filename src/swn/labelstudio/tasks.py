"""Label Studio tasks: one per document, with its text, metadata, checksum and pre-annotations.

A task is ``{"data": {"text", "doc_id", "sha256", "metadata"}, "predictions": [...]}``. The
``sha256`` of the text's UTF-8 bytes lets an import check that an export is about the very
same text as the corpus (:mod:`.importer`). Pre-annotations are Label Studio predictions with
a ``model_version`` (e.g. ``swn-gold-1.0.0`` for the gold, or a baseline's name), written by
:func:`swn.labelstudio.results.to_results`.
"""
from __future__ import annotations

import hashlib
from typing import Mapping, Sequence

from ..errors import SWNError
from ..model import AnnotationSet, Document, check_spans_against_text
from .results import to_results


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_task(doc: Document, prediction: AnnotationSet | None = None, model_version: str | None = None) -> dict:
    """The task of one document; ``prediction`` (checked against the text) becomes its pre-annotation."""
    sha = text_sha256(doc.text)
    if sha != doc.metadata.sha256:
        raise SWNError(f"the text's sha256 is {sha}, the metadata says {doc.metadata.sha256}", record=doc.id,
                       field="sha256", check="checksum-mismatch")
    task: dict = {"data": {"text": doc.text, "doc_id": doc.id, "sha256": sha, "metadata": doc.metadata.to_dict()}}
    if prediction is not None:
        if prediction.doc_id != doc.id:
            raise SWNError(f"prediction is for {prediction.doc_id!r}", record=doc.id, field="doc_id",
                           check="doc-id-mismatch")
        check_spans_against_text(doc.text, prediction)
        if not model_version:
            raise SWNError("pre-annotations need a model_version", record=doc.id, field="model_version",
                           check="ls-task")
        task["predictions"] = [{"model_version": model_version, "result": to_results(prediction)}]
    return task


def build_tasks(docs: Sequence[Document], predictions: Mapping[str, AnnotationSet] | None = None,
                model_version: str | None = None) -> list[dict]:
    """One task per document, in corpus order. ``predictions`` may cover only some documents;
    a prediction for a document that is not in ``docs`` is an error."""
    predictions = predictions or {}
    known = {d.id for d in docs}
    for doc_id in predictions:
        if doc_id not in known:
            raise SWNError(f"prediction for unknown document {doc_id!r}", record=doc_id, field="doc_id",
                           check="unknown-document")
    return [build_task(d, predictions.get(d.id), model_version) for d in docs]
