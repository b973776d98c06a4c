"""Hugging Face token-classification pipeline output to predictions.

``outputs`` is ``{doc_id: pipeline(text)}`` (or a list in the order of ``doc_ids``). Both shapes
a pipeline returns are read:

* with aggregation (``aggregation_strategy="simple"`` etc.): one dict per entity,
  ``{"entity_group": "PER", "score": ..., "word": ..., "start": 0, "end": 5}``;
* without: one dict per token, ``{"entity": "B-PER", "score": ..., "index": 1, "word": ...,
  "start": 0, "end": 5}``; tokens are joined into entities as the ``simple`` strategy does: an
  entity starts at a ``B-`` tag, at a change of type, or after a gap in ``index`` (a token
  tagged ``O`` is not listed); an ``I-`` continues it. Tags without prefix (``PER``) count as
  ``I-``. The entity's score is the mean of its tokens' scores.

``start``/``end`` are character offsets into the text (a fast tokenizer gives them; a
pipeline without them is rejected). Scores may be numpy float32 and offsets numpy integers.
``word`` is ignored (sub-word pieces such as ``##ad``); the text comes from the document.
Default label map ``hf`` = OntoNotes + CoNLL-2003 (:mod:`swn.predictions.labels`); only layers
with at least one span are given, because a model's label set is not in its output.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from ..errors import SWNError
from .core import Adapted, RecordBuilder, corpus_texts
from .labels import LabelMap

NAME = "hf"
DEFAULT_LABELS = "hf"
INPUT = "a JSON object {doc_id: the pipeline's output for the document's text}"


def _fail(source: str, record: str, field: str, message: str, check: str = "schema") -> SWNError:
    return SWNError(message, file=source, record=record, field=field, check=check)


def entities(output: Sequence[Mapping], source: str = "-", doc_id: str = "-") -> list[tuple[int, int, str, float]]:
    """``(start, end, label, score)`` of every entity in one pipeline output (either shape)."""
    out: list[tuple[int, int, str, float]] = []
    current: dict | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            out.append((current["start"], current["end"], current["label"],
                        sum(current["scores"]) / len(current["scores"])))
            current = None

    for i, item in enumerate(output):
        where = f"{doc_id}[{i}]"
        if not isinstance(item, Mapping):
            raise _fail(source, where, "-", f"an entity must be an object, got {type(item).__name__}")
        if item.get("start") is None or item.get("end") is None:
            raise _fail(source, where, "start", "no character offsets (use a fast tokenizer: the pipeline gives "
                        "start/end then)")
        start, end, score = int(item["start"]), int(item["end"]), float(item.get("score", 1.0))
        if "entity_group" in item:
            close()
            out.append((start, end, str(item["entity_group"]), score))
            continue
        if "entity" not in item:
            raise _fail(source, where, "entity", "neither entity_group nor entity")
        tag = str(item["entity"])
        prefix, sep, label = tag.partition("-")
        if not sep or prefix not in ("B", "I"):
            prefix, label = "I", tag
        if label == "O":
            close()
            continue
        index = item.get("index")
        joined = (current is not None and prefix == "I" and current["label"] == label
                  and (index is None or current["index"] is None or int(index) == current["index"] + 1))
        if joined:
            current["end"] = max(current["end"], end)
            current["scores"].append(score)
            current["index"] = None if index is None else int(index)
        else:
            close()
            current = {"start": start, "end": end, "label": label, "scores": [score],
                       "index": None if index is None else int(index)}
    close()
    return out


def from_hf_pipeline(outputs: Mapping[str, Sequence[Mapping]] | Sequence[Sequence[Mapping]], *,
                     doc_ids: Iterable[str] | None = None, labels: str | Mapping = DEFAULT_LABELS,
                     overrides: Mapping | None = None, texts: Mapping[str, str] | None = None, root: Any = None,
                     source: str = "<hf>") -> Adapted:
    """Predictions from token-classification pipeline ``outputs`` (one per document)."""
    texts = corpus_texts(root) if texts is None else texts
    if not isinstance(outputs, Mapping):
        if doc_ids is None:
            raise SWNError("a list of outputs needs doc_ids (or pass {doc_id: output})", file=source, record="-",
                           field="doc_ids", check="bad-input")
        doc_ids = list(doc_ids)
        outputs = list(outputs)
        if len(doc_ids) != len(outputs):
            raise SWNError(f"{len(outputs)} outputs for {len(doc_ids)} doc_ids", file=source, record="-",
                           field="doc_ids", check="bad-input")
        outputs = dict(zip(doc_ids, outputs))
    builder = RecordBuilder(LabelMap(labels, overrides), texts, source)
    for doc_id, output in outputs.items():
        builder.document(doc_id)
        if not isinstance(output, Sequence) or isinstance(output, (str, bytes)):
            raise SWNError("must be the list of entities the pipeline returned", file=source, record=doc_id,
                           field="-", check="schema")
        for start, end, label, score in entities(output, source, doc_id):
            builder.add(doc_id, start, end, label, score, record=doc_id)
    return builder.build()


def read(path: str, **options) -> Adapted:
    """``swn predict --from hf FILE.json``."""
    from .files import read_json_object
    return from_hf_pipeline(read_json_object(path), source=str(path), **options)
