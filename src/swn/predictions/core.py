"""What every adapter shares: turning (offsets, source label, score) into prediction records, the
report of what was dropped or changed, and :class:`Adapted`, the result an adapter returns.

Every span is trimmed of whitespace at its edges (SWN spans never start or end on whitespace,
U+00A0 included; a span that is only whitespace is dropped), routed through the label map
(:mod:`swn.predictions.labels`; an unknown or unmapped label is dropped), and exact duplicates
(same layer, offsets and label) are kept once. Nothing else is changed: overlapping spans stay.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .. import vocab
from ..errors import SWNError
from ..model import trim_offsets
from ..scoring.predictions import DECLARED, Predictions, dumps_predictions, parse_predictions, write_predictions
from .labels import LabelMap, Target


def corpus_texts(root: str | Path | None = None) -> dict[str, str]:
    """The raw text of every corpus document by doc id (``root``: the corpus root, default: the
    repository around the current folder)."""
    from ..store import load_corpus
    return {d.id: d.text for d in load_corpus(root, annotations="none")}


@dataclass
class Report:
    """What an adapter dropped, changed or could not place; :meth:`lines` says it in words."""

    unmapped: Counter = field(default_factory=Counter)  # source label -> spans dropped (not in the map)
    dropped: Counter = field(default_factory=Counter)  # source label -> spans dropped on purpose (map says None)
    trimmed: int = 0
    blank: int = 0
    duplicates: int = 0
    not_found: list[tuple[str, str, str]] = field(default_factory=list)  # (doc_id, surface, label)
    ambiguous: list[tuple[str, str, str, int]] = field(default_factory=list)  # (doc_id, surface, label, occurrences)

    def lines(self) -> list[str]:
        out = []
        if self.unmapped:
            out.append("dropped, label not in the map: " + _counts(self.unmapped))
        if self.dropped:
            out.append("dropped, the map drops the label: " + _counts(self.dropped))
        if self.trimmed:
            out.append(f"trimmed whitespace at the edges of {self.trimmed} spans")
        if self.blank:
            out.append(f"dropped {self.blank} spans of whitespace only")
        if self.duplicates:
            out.append(f"dropped {self.duplicates} exact duplicates")
        if self.not_found:
            out.append(f"not found in the text ({len(self.not_found)}): "
                       + "; ".join(f"{d}: {s!r} ({lab})" for d, s, lab in self.not_found))
        if self.ambiguous:
            out.append(f"ambiguous, several occurrences ({len(self.ambiguous)}): "
                       + "; ".join(f"{d}: {s!r} ({lab}) ×{n}" for d, s, lab, n in self.ambiguous))
        return out


def _counts(c: Counter) -> str:
    return ", ".join(f"{label} ×{n}" for label, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


class RecordBuilder:
    """Collects spans per document and builds the prediction records."""

    def __init__(self, label_map: LabelMap, texts: Mapping[str, str], source: str) -> None:
        self.map = label_map
        self.texts = texts
        self.source = source
        self.report = Report()
        self.spans: dict[str, dict[str, dict[tuple, dict]]] = defaultdict(lambda: defaultdict(dict))
        self.docs: list[str] = []

    def text(self, doc_id: str) -> str:
        if doc_id not in self.texts:
            raise SWNError(f"unknown document {doc_id!r}", file=self.source, record=doc_id, field="doc_id",
                           check="unknown-document")
        return self.texts[doc_id]

    def document(self, doc_id: str) -> None:
        """Register ``doc_id`` (a document with no span still gets a record)."""
        self.text(doc_id)
        if doc_id in self.docs:
            raise SWNError(f"second output for {doc_id!r}", file=self.source, record=doc_id, field="doc_id",
                           check="duplicate-document")
        self.docs.append(doc_id)

    def keep(self, doc_id: str, layer: str, span: Any) -> None:
        """Keep an SWN span (:class:`swn.model.Span`) as it is, without its id (and not
        deduplicated: a layer such as stance may hold two spans with the same offsets)."""
        spans = self.spans[doc_id][layer]
        spans[("kept", len(spans))] = {k: v for k, v in span.to_dict().items() if k != "id"}

    def add(self, doc_id: str, start: Any, end: Any, label: str, score: Any = None, record: str = "-",
            extra: Mapping[str, Any] | None = None) -> None:
        """A span with the extractor's ``label``, routed through the label map (dropped and
        counted when the map drops or does not know the label)."""
        start, end = self._offsets(doc_id, start, end, record)
        if not self.map.known(label):
            self.report.unmapped[label] += 1
            return
        target = self.map.target(label)
        if target is None:
            self.report.dropped[label] += 1
            return
        self.place(doc_id, start, end, target, score, record, extra)

    def _offsets(self, doc_id: str, start: Any, end: Any, record: str) -> tuple[int, int]:
        text = self.text(doc_id)
        try:
            start, end = int(start), int(end)  # numpy integers from pipelines
        except (TypeError, ValueError):
            raise SWNError(f"start and end must be integers, got {start!r}, {end!r}", file=self.source,
                           record=record, field="start", check="schema") from None
        if not 0 <= start < end <= len(text):
            raise SWNError(f"[{start}, {end}) is not a span of the text ({len(text)} code points)", file=self.source,
                           record=record, field="end", check="span-out-of-bounds")
        return start, end

    def place(self, doc_id: str, start: Any, end: Any, target: Target, score: Any = None, record: str = "-",
              extra: Mapping[str, Any] | None = None) -> None:
        """A span of a known ``target`` (layer, label fields): trimmed, deduplicated, kept."""
        start, end = self._offsets(doc_id, start, end, record)
        text = self.text(doc_id)
        t = trim_offsets(text, start, end)
        if t is None:
            self.report.blank += 1
            return
        if t != (start, end):
            self.report.trimmed += 1
        layer, fields = target
        key = (t[0], t[1], tuple(fields.items()))
        if key in self.spans[doc_id][layer]:
            self.report.duplicates += 1
            return
        span = {"start": t[0], "end": t[1], "text": text[t[0]:t[1]], **fields, **(extra or {})}
        if score is not None:
            span["score"] = round(float(score), 6)  # numpy float32 -> JSON number
        self.spans[doc_id][layer][key] = span

    def build(self, declare: Iterable[str] = ()) -> "Adapted":
        """One record per registered document, with every layer that has a span somewhere or is
        declared (``declare``: the layers the system predicts even where it found none)."""
        declared = [n for n in vocab.LAYER_NAMES if n in set(declare)]
        used = {layer for doc in self.spans.values() for layer, spans in doc.items() if spans}
        layers = [n for n in vocab.LAYER_NAMES if n in used or n in declared]
        records = []
        for doc_id in self.docs:
            rec: dict = {"doc_id": doc_id}
            if declared:
                rec[DECLARED] = declared
            for layer in layers:
                rec[layer] = sorted(self.spans[doc_id][layer].values(), key=lambda s: (s["start"], s["end"]))
            records.append(rec)
        if not records:
            raise SWNError("no documents in the input", file=self.source, record="-", field="-", check="empty-input")
        return Adapted(records=records, texts=self.texts, report=self.report, source=self.source)


@dataclass
class Adapted:
    """An adapter's result: prediction records (one per document) and the :class:`Report`."""

    records: list[dict]
    texts: Mapping[str, str]
    report: Report
    source: str = "-"

    def predictions(self) -> Predictions:
        """The records validated exactly as ``swn score`` validates a file."""
        return parse_predictions(dumps_predictions(self.records).splitlines(), self.texts, self.source)

    def write(self, path: str | Path) -> Path:
        """Validate, then write the predictions file (JSONL, atomically)."""
        self.predictions()
        write_predictions(path, self.records)
        return Path(path)

    def score(self, root: str | Path | None = None, **options) -> dict:
        """The ``swn score`` report against the gold (``options`` as :func:`swn.scoring.score.score`)."""
        from ..baselines.leaderboard import load_inputs
        from ..scoring.score import score
        _, gold = load_inputs(root)
        return score(gold, self.predictions(), **options)

    def leaderboard(self, name: str, root: str | Path | None = None, description: str | None = None,
                    **options) -> str:
        """The leaderboard rows of this system as ``swn benchmark`` writes them (Markdown), then
        what the adapter dropped or could not place (``options`` as :func:`swn.scoring.score.score`,
        e.g. ``coarse="conll2003"``)."""
        from ..baselines import leaderboard
        documents, gold = leaderboard.load_inputs(root)
        board = leaderboard.board_of({name: (description or self.source, self.predictions())}, documents, gold,
                                     **options)
        md = leaderboard.markdown(board, what="Systems", by="`swn.predictions`")
        notes = self.report.lines() + [f"scored with {k}={v!r}" for k, v in options.items()]
        return md + "".join(f"\n* {line}" for line in notes) + ("\n" if notes else "")
