"""The predictions format: JSONL, one record per document.

Each line is an object ``{"doc_id": ..., <layer>: [span, ...], ..., "doc_stance": {...}}`` with
any subset of the layers, and optionally ``"layers": [...]``, the layers the record declares it
predicts (so that an empty list of a declared layer means "found none"). A span has ``start``, ``end`` (half-open, code points), ``text``
(must equal the document's ``text[start:end]``), the layer's label field (``label``, ``type``,
``target``, ``zone``; none for quantities), optionally the layer's other attributes, an
``id`` and a confidence ``score``. A layer is *given* when at least one record has a span of it or
declares it; only given layers are scored by default, and a record without a given layer predicts
no spans of it. A layer present only as empty lists and never declared is listed in ``empty``
(scored only when asked for). An attribute is *given* for a layer when at least one of its spans
has the key; attributes not given are reported as not predicted, never as right or wrong.

:func:`read_predictions` validates everything before anything is scored and raises
:class:`~swn.errors.SWNError` located as ``file:line:field``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .. import jsonio, vocab
from ..errors import SWNError
from ..model import AnnotationSet, check_spans_against_text
from ..store import atomic_write_text
from .lenient import Repairs, repair

DOC_STANCE = "doc_stance"
DECLARED = "layers"


@dataclass(frozen=True)
class Predictions:
    """Validated predictions: by document, and which layers (and ``doc_stance``) they give."""

    records: Mapping[str, AnnotationSet]
    layers: tuple[str, ...]
    doc_stance: bool
    path: str = "-"
    attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    empty: tuple[str, ...] = ()


def _fail(path: str, line: int, field: str, message: str, check: str) -> SWNError:
    return SWNError(message, file=path, record=f"line {line}", field=field, check=check)


def _declared(data: dict) -> set[str]:
    """The layers a record declares (``"layers"``), removed from ``data``."""
    names = data.pop(DECLARED, [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise SWNError("must be a list of layer names", field=DECLARED, check="schema")
    unknown = [n for n in names if n not in vocab.LAYER_NAMES and n != DOC_STANCE]
    if unknown:
        raise SWNError(f"unknown layer {unknown[0]!r}", field=DECLARED, check="unknown-layer")
    return set(names)


def _given_attributes(data: dict) -> dict[str, set[str]]:
    """Per layer, the attribute keys that occur in the record's spans."""
    return {name: {k for s in data[name] if isinstance(s, dict) for k in s} & set(vocab.LAYERS[name].field_names)
            for name in vocab.LAYER_NAMES if isinstance(data.get(name), list)}


def parse_predictions(lines: Iterable[str], texts: Mapping[str, str], path: str = "-",
                      repairs: Repairs | None = None) -> Predictions:
    """Validate and parse prediction lines against the documents' ``texts`` (by doc id);
    with ``repairs``, each record is first repaired leniently (:mod:`swn.scoring.lenient`)."""
    records: dict[str, AnnotationSet] = {}
    first_line: dict[str, int] = {}
    layers: set[str] = set()
    present: set[str] = set()
    attributes: dict[str, set[str]] = {name: set() for name in vocab.LAYER_NAMES}
    doc_stance = False
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data = jsonio.loads(line, path, first_line=n)
        if not isinstance(data, dict):
            raise _fail(path, n, "-", f"a record must be an object, got {type(data).__name__}", "schema")
        doc_id = data.get("doc_id")
        if not isinstance(doc_id, str):
            raise _fail(path, n, "doc_id", "is missing or not a string", "schema")
        if doc_id not in texts:
            raise _fail(path, n, "doc_id", f"unknown document {doc_id!r}", "unknown-document")
        if doc_id in records:
            raise _fail(path, n, "doc_id", f"second record for {doc_id!r} (first on line {first_line[doc_id]})",
                        "duplicate-document")
        if repairs is not None:
            repair(data, texts[doc_id], repairs)
        try:
            declared = _declared(data)
            ann = AnnotationSet.from_dict(data)
            check_spans_against_text(texts[doc_id], ann)
        except SWNError as e:
            where = e.record if e.record not in (None, "-") else ""
            field = f"{where}.{e.field}" if where and e.field not in (None, "-") else (where or e.field or "-")
            raise _fail(path, n, field, e.message, e.check or "schema") from None
        records[doc_id] = ann
        first_line[doc_id] = n
        present.update(name for name in vocab.LAYER_NAMES if name in data)
        layers.update(name for name in vocab.LAYER_NAMES if ann.layer(name) or name in declared)
        for name, keys in _given_attributes(data).items():
            attributes[name] |= keys
        doc_stance = doc_stance or DOC_STANCE in data or DOC_STANCE in declared
    return Predictions(records=dict(sorted(records.items())),
                       layers=tuple(name for name in vocab.LAYER_NAMES if name in layers),
                       doc_stance=doc_stance, path=path,
                       attributes={name: tuple(f for f in vocab.LAYERS[name].field_names if f in attributes[name])
                                   for name in vocab.LAYER_NAMES},
                       empty=tuple(name for name in vocab.LAYER_NAMES if name in present and name not in layers))


def read_predictions(path: str | Path, texts: Mapping[str, str], repairs: Repairs | None = None, *,
                     root: str | Path | None = None) -> Predictions:
    """Validate a predictions file exactly as ``swn validate`` does (against the corpus at
    ``root``, default: the one around the file), then parse it: one verdict for both commands.
    With ``repairs`` (lenient mode) records are repaired before they are checked, so the
    validator's strict verdict is not asked first."""
    if repairs is None:
        from ..validate import validate_predictions

        errors = [i for i in validate_predictions(path, root) if i.severity == "error"]
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more: run `swn validate {path}`)" if len(errors) > 1 else ""
            raise SWNError(f"{first.message}{more}", file=str(path), record=first.record, field=first.field,
                           check=first.check)
    text = jsonio.decode(jsonio.read_bytes(path), str(path))
    return parse_predictions(text.split("\n"), texts, str(path), repairs)  # "\n" only, as every JSON Lines reader


def prediction_record(ann: AnnotationSet, layers: Iterable[str], doc_stance: bool = False) -> dict:
    """The JSONL record of ``ann`` restricted to ``layers``, which it declares (ids dropped:
    predictions need none)."""
    layers = [name for name in vocab.LAYER_NAMES if name in layers]
    out: dict = {"doc_id": ann.doc_id, DECLARED: layers + ([DOC_STANCE] if doc_stance else [])}
    full = ann.to_dict()
    for name in layers:
        out[name] = [{k: v for k, v in s.items() if k != "id"} for s in full[name]]
    if doc_stance:
        out[DOC_STANCE] = full[DOC_STANCE]
    return out


def dumps_predictions(records: Iterable[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n"
                   for r in sorted(records, key=lambda r: r["doc_id"]))


def write_predictions(path: str | Path, records: Iterable[dict]) -> None:
    atomic_write_text(path, dumps_predictions(records))
