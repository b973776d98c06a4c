"""Validation of one imported pass (one annotator, one document) before anything is written.

The spans were already built through :mod:`swn.model` (offsets, labels, attribute types) and
checked against the text by :func:`swn.labelstudio.results.from_results`; here the pass is
checked as a stored annotation file would be, by the corpus validator when it offers a
per-document entry point, and always by the structural rules a pass must keep to be
comparable with the gold (flat layers have no overlapping spans).
"""
from __future__ import annotations

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Document, check_spans_against_text


def _flat_overlaps(ann: AnnotationSet) -> None:
    for name, layer in vocab.LAYERS.items():
        if not layer.flat:
            continue
        spans = sorted(ann.layer(name), key=lambda s: (s.start, s.end))
        for a, b in zip(spans, spans[1:]):
            if b.start < a.end:
                raise SWNError(f"{name} is a flat layer but {a.text!r} [{a.start}, {a.end}) and {b.text!r} "
                               f"[{b.start}, {b.end}) overlap", field=name, check="flat-overlap")


def validate_pass(ann: AnnotationSet, doc: Document, *, file: str | None = None, record: str | None = None) -> None:
    """Raise :class:`SWNError` (located at ``file``/``record``) if the pass is not valid."""
    try:
        check_spans_against_text(doc.text, ann)
        _flat_overlaps(ann)
        _corpus_validator(ann, doc)
    except SWNError as e:
        where = record if e.record in (None, "-") else f"{record} {e.record}"
        raise SWNError(e.message, file=file, record=where, field=e.field, check=e.check) from None


def _corpus_validator(ann: AnnotationSet, doc: Document) -> None:
    """The foundation validator's per-document rules, when it provides them (``swn.validate``)."""
    try:
        from ..validate import validate_annotation_set  # type: ignore[attr-defined]
    except ImportError:
        return
    problems = validate_annotation_set(ann, doc)
    for p in problems or ():
        raise SWNError(getattr(p, "message", str(p)), field=getattr(p, "field", None),
                       check=getattr(p, "check", None))
