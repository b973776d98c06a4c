"""Validation of one imported pass (one annotator, one document) before anything is written.

The spans were already built through :mod:`swn.model` (offsets, labels, attribute types) and
checked against the text by :func:`swn.labelstudio.results.from_results`. :func:`validate_pass`
adds the structural rules a pass must keep to be comparable with the gold, with the location
in the export; :func:`validate_staged` runs the corpus validator (:mod:`swn.validate`, every
level) over pass folders written to a staging folder, before they are moved into place.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

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
    except SWNError as e:
        where = record if e.record in (None, "-") else f"{record} {e.record}"
        raise SWNError(e.message, file=file, record=where, field=e.field, check=e.check) from None


def validate_staged(folders: Sequence[Path], stage: Path) -> None:
    """Run the corpus validator on staged pass folders; raise on its first errors.

    Locations are shown as ``<annotator>/<doc_id>.json`` (the staging folder is temporary)."""
    from ..validate import validate

    errors = [i for i in validate([str(f) for f in folders], level=3) if i.severity == "error"]
    if not errors:
        return
    first = errors[0]
    shown = "/".join(Path(first.file).parts[-2:])  # <annotator>/<doc_id>.json (the stage is temporary)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise SWNError(f"the validator rejects the pass: {first.message}{more}", file=shown, record=first.record,
                   field=first.field, check=first.check)
