"""Validation of one imported pass (one annotator, one document) before anything is written.

The spans were already built through :mod:`swn.model` (offsets, labels, attribute types) and
checked against the text by :func:`swn.labelstudio.results.from_results`. :func:`validate_pass`
adds the structural rules a pass must keep to be comparable with the gold, with the location
in the export; :func:`validate_staged` runs the corpus validator (:mod:`swn.validate`, every
level) over pass folders written to a staging folder, before they are moved into place.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

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


def validate_staged(folders: Sequence[Path], stage: Path,
                    locate: Callable[[str, str, str | None], str] | None = None, file: str | None = None) -> None:
    """Run the corpus validator on staged pass folders; raise naming every error.

    The staging folder is temporary, so a finding is located by ``locate(annotator, doc_id,
    record)`` (the task, annotation and region of the export it came from), else as
    ``<annotator>/<doc_id>.json``."""
    from ..validate import validate

    errors = [i for i in validate([str(f) for f in folders], level=3) if i.severity == "error"]
    if not errors:
        return

    def where(i) -> str:
        annotator, doc_id = Path(i.file).parent.name, Path(i.file).stem
        return locate(annotator, doc_id, i.record) if locate else f"{annotator}/{doc_id}.json {i.record}"

    first = errors[0]
    more = "".join(f"; {where(i)}: {i.check}: {i.message}" for i in errors[1:10])
    more += f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
    raise SWNError(f"the validator rejects the pass: {first.message}{more}", file=file, record=where(first),
                   field=first.field, check=first.check)
