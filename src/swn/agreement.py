"""Inter-annotator agreement between two or more annotation passes.

A *pass* is a folder of ``<doc_id>.json`` annotation files by one annotator
(``annotations/passes/<name>/`` or ``annotations/rounds/<N>/<name>/``). Only documents
present in every pass are compared.

Per layer and pair of passes:

* **strict F1** — spans with identical offsets *and* label (the layer's label field);
  ``2·|A∩B| / (|A|+|B|)``, which is positive specific agreement;
* **overlap F1** — spans paired one-to-one by the shared matcher (equal labels preferred among
  co-extensive spans)
  (:func:`swn.scoring.match.align`), labels ignored: ``2·pairs / (|A|+|B|)``.

On the overlap-matched pairs, for each attribute of :data:`ATTRIBUTES`: raw agreement,
Cohen's κ and Krippendorff's α (nominal, ``krippendorff`` package). The document-level
stance is compared per (document, target) unit with α over all passes at once, and κ
per pair. Undefined coefficients (a single category, no units) are reported as ``None``
with the reason rather than as a number.

Stance is also reported **per target** (:class:`TargetAgreement`): both passes' spans of one
target, strict and overlap F1, κ of polarity on the overlap-matched pairs, and the document
labels of that target (α over all passes, κ per pair). A pass with no span at all in a layer
(a stance-only pass, say) did not annotate that layer: its pairs are left out of that layer's
rows instead of being reported as zero agreement.
"""
from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from . import vocab
from .errors import SWNError
from .model import AnnotationSet, Span
from .store import read_annotation_dir

# Attributes whose agreement is measured on matched spans, per layer.
ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "entities": ("label", "entity_id"),
    "temporal": ("type", "value"),
    "quantities": ("value", "unit", "modifier"),
    "stance": ("target", "polarity", "holder"),
    "structure": ("zone",),
}
assert set(ATTRIBUTES) == set(vocab.LAYER_NAMES)


@dataclass(frozen=True)
class SpanAgreement:
    layer: str
    pair: tuple[str, str]
    n_a: int
    n_b: int
    strict_matches: int
    overlap_matches: int

    @property
    def strict_f1(self) -> float | None:
        return _f1(self.strict_matches, self.n_a, self.n_b)

    @property
    def overlap_f1(self) -> float | None:
        return _f1(self.overlap_matches, self.n_a, self.n_b)


@dataclass(frozen=True)
class AttributeAgreement:
    layer: str
    attribute: str
    pair: tuple[str, str]
    n: int
    agree: int
    kappa: float | None
    alpha: float | None

    @property
    def observed(self) -> float | None:
        return self.agree / self.n if self.n else None


@dataclass(frozen=True)
class DocStanceAgreement:
    passes: tuple[str, ...]
    n_units: int
    alpha: float | None
    pairwise: tuple[tuple[tuple[str, str], int, int, float | None], ...]  # (pair, n, agree, kappa)


@dataclass(frozen=True)
class TargetAgreement:
    target: str
    pair: tuple[str, str]
    spans: SpanAgreement
    polarity_n: int
    polarity_agree: int
    polarity_kappa: float | None
    doc_n: int
    doc_agree: int
    doc_kappa: float | None
    doc_alpha: float | None


@dataclass
class AgreementReport:
    passes: tuple[str, ...]
    documents: tuple[str, ...]
    spans: list[SpanAgreement] = field(default_factory=list)
    attributes: list[AttributeAgreement] = field(default_factory=list)
    doc_stance: DocStanceAgreement | None = None
    targets: list[TargetAgreement] = field(default_factory=list)
    doc_alpha_by_target: dict[str, float | None] = field(default_factory=dict)


def _f1(matches: int, n_a: int, n_b: int) -> float | None:
    return 2 * matches / (n_a + n_b) if n_a + n_b else None


def _value_key(v) -> str:
    # Nominal comparison: 1000 and 1000.0 are the same value.
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return repr(v)


def cohen_kappa(a: Sequence, b: Sequence) -> float | None:
    """Cohen's κ of two equally long label sequences; ``None`` when undefined (p_e = 1)."""
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if math.isclose(pe, 1.0):
        return None
    return (po - pe) / (1 - pe)


def krippendorff_alpha(rows: Sequence[Sequence[str | None]]) -> float | None:
    """Nominal α of a coders × units table (``None`` = missing); ``None`` when undefined."""
    import numpy as np
    import krippendorff

    if not rows or not rows[0]:
        return None
    values = sorted({v for r in rows for v in r if v is not None})
    if len(values) < 2:
        return None
    index = {v: i for i, v in enumerate(values)}
    data = np.array([[np.nan if v is None else index[v] for v in r] for r in rows], dtype=float)
    paired_units = (~np.isnan(data)).sum(axis=0) >= 2
    if not paired_units.any():
        return None
    try:
        a = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal", value_domain=list(range(len(values))))
    except (ValueError, ZeroDivisionError):
        return None
    return None if a is None or math.isnan(a) else float(a)


def _strict_key(s: Span) -> tuple:
    return (s.start, s.end, s.label)


def compare_layer(layer: str, pair: tuple[str, str], a: Sequence[AnnotationSet], b: Sequence[AnnotationSet]
                  ) -> tuple[SpanAgreement, list[tuple[Span, Span]]]:
    """Span agreement of one layer between two passes (document-aligned lists), and the matched pairs."""
    from .scoring.match import align

    n_a = n_b = strict = 0
    matched: list[tuple[Span, Span]] = []
    for x, y in zip(a, b):
        sa, sb = x.layer(layer), y.layer(layer)
        n_a += len(sa)
        n_b += len(sb)
        strict += sum((Counter(map(_strict_key, sa)) & Counter(map(_strict_key, sb))).values())
        al = align(sa, sb, key=lambda s: s.label)  # co-extensive spans pair by label first
        matched.extend((sa[i], sb[j]) for i, j in al.pairs)
    return SpanAgreement(layer, pair, n_a, n_b, strict, len(matched)), matched


def agreement(passes: Mapping[str, Mapping[str, AnnotationSet]]) -> AgreementReport:
    """Agreement between the passes (``{pass name: {doc_id: AnnotationSet}}``)."""
    if len(passes) < 2:
        raise SWNError(f"agreement needs at least two passes, got {len(passes)}", record="-", field="passes",
                       check="too-few-passes")
    names = tuple(sorted(passes))
    docs = tuple(sorted(set.intersection(*(set(p) for p in passes.values()))))
    if not docs:
        raise SWNError("the passes have no document in common", record="-", field="passes", check="no-common-docs")
    report = AgreementReport(passes=names, documents=docs)
    annotated = {(n, layer) for n in names for layer in vocab.LAYER_NAMES
                 if any(passes[n][d].layer(layer) for d in docs)}
    for pa, pb in itertools.combinations(names, 2):
        sets_a = [passes[pa][d] for d in docs]
        sets_b = [passes[pb][d] for d in docs]
        for layer in vocab.LAYER_NAMES:
            if (pa, layer) not in annotated or (pb, layer) not in annotated:
                continue  # one of the two passes did not annotate this layer
            span_agr, matched = compare_layer(layer, (pa, pb), sets_a, sets_b)
            report.spans.append(span_agr)
            for attr in ATTRIBUTES[layer]:
                va = [_value_key(getattr(x, attr)) for x, _ in matched]
                vb = [_value_key(getattr(y, attr)) for _, y in matched]
                report.attributes.append(AttributeAgreement(
                    layer, attr, (pa, pb), len(matched), sum(x == y for x, y in zip(va, vb)),
                    cohen_kappa(va, vb), krippendorff_alpha([va, vb])))
    units = [(d, t) for d in docs for t in vocab.STANCE_TARGETS]
    rows = [[passes[n][d].doc_stance.get(t) for d, t in units] for n in names]
    pairwise = []
    for (i, pa), (j, pb) in itertools.combinations(enumerate(names), 2):
        both = [(x, y) for x, y in zip(rows[i], rows[j]) if x is not None and y is not None]
        pairwise.append(((pa, pb), len(both), sum(x == y for x, y in both),
                         cohen_kappa([x for x, _ in both], [y for _, y in both])))
    report.doc_stance = DocStanceAgreement(names, len(units), krippendorff_alpha(rows), tuple(pairwise))
    _by_target(report, passes, docs, annotated)
    return report


def _only_target(a: AnnotationSet, target: str) -> AnnotationSet:
    return a.with_layer("stance", [s for s in a.stance if s.target == target])


def _by_target(report: AgreementReport, passes: Mapping[str, Mapping[str, AnnotationSet]], docs: Sequence[str],
               annotated: set) -> None:
    """Stance agreement per target: spans of one target, their polarity, and the document labels."""
    names = report.passes
    for target in vocab.STANCE_TARGETS:
        rows = [[passes[n][d].doc_stance.get(target) for d in docs] for n in names]
        report.doc_alpha_by_target[target] = krippendorff_alpha(rows)
        for (i, pa), (j, pb) in itertools.combinations(enumerate(names), 2):
            both = [(x, y) for x, y in zip(rows[i], rows[j]) if x is not None and y is not None]
            if (pa, "stance") in annotated and (pb, "stance") in annotated:
                sa = [_only_target(passes[pa][d], target) for d in docs]
                sb = [_only_target(passes[pb][d], target) for d in docs]
                span_agr, matched = compare_layer("stance", (pa, pb), sa, sb)
            else:
                span_agr, matched = SpanAgreement("stance", (pa, pb), 0, 0, 0, 0), []
            pol_a = [x.polarity for x, _ in matched]
            pol_b = [y.polarity for _, y in matched]
            report.targets.append(TargetAgreement(
                target, (pa, pb), span_agr, len(matched), sum(x == y for x, y in zip(pol_a, pol_b)),
                cohen_kappa(pol_a, pol_b), len(both), sum(x == y for x, y in both),
                cohen_kappa([x for x, _ in both], [y for _, y in both]),
                krippendorff_alpha([[x for x, _ in both], [y for _, y in both]])))


def parse_extra_pass(spec: str) -> tuple[str, Path]:
    """``NAME=FOLDER`` (``swn agreement --with``) as ``(name, folder)``."""
    name, sep, folder = spec.partition("=")
    if not sep or not name or not folder or not name.replace("-", "").replace("_", "").isalnum():
        raise SWNError(f"expected NAME=FOLDER, got {spec!r}", field="--with", check="bad-argument")
    return name, Path(folder)


def read_passes(folder: Path | str) -> dict[str, dict[str, AnnotationSet]]:
    """Every pass in ``folder``: each subfolder holding ``<doc_id>.json`` files is one pass."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SWNError("folder not found", file=str(folder), record="-", field="-", check="file-missing")
    out = {p.name: read_annotation_dir(p) for p in sorted(folder.iterdir())
           if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.json"))}
    return out


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def to_markdown(report: AgreementReport, *, title: str = "Inter-annotator agreement",
                command: str = "swn agreement") -> str:
    """The report as Markdown tables (deterministic: the same report gives the same bytes)."""
    pairs = sorted({s.pair for s in report.spans})
    lines = [f"# {title}", "",
             f"Generated by `{command}`; do not edit by hand. "
             f"Passes: {', '.join(f'`{p}`' for p in report.passes)}; "
             f"{len(report.documents)} documents: {', '.join(report.documents)}.", "",
             "Strict F1: same offsets and same label. Overlap F1: spans paired one-to-one by the shared matcher "
             "(`swn.scoring.match.align`), labels ignored. Both are pairwise positive specific agreement. "
             "Attribute agreement (observed, Cohen's κ, Krippendorff's α nominal) is computed on the overlap-matched "
             "pairs. `n/a`: undefined (no units, or a single category).", "",
             "## Summary", "",
             "Every layer for the first pair of passes, and the stance layer (the one that differs most) for "
             "every pair; all figures below.", "",
             "<!-- BEGIN GENERATED: agreement_summary -->",
             "| layer | pair | spans A | spans B | strict F1 | overlap F1 |",
             "|---|---|---:|---:|---:|---:|"]
    first = report.spans[0].pair if report.spans else None
    for s in report.spans:
        if s.pair == first or s.layer == "stance":
            lines.append(f"| {s.layer} | {s.pair[0]} – {s.pair[1]} | {s.n_a} | {s.n_b} | {_fmt(s.strict_f1)} | "
                         f"{_fmt(s.overlap_f1)} |")
    if report.doc_stance is not None:
        lines += ["", f"Document-level stance: Krippendorff's α (nominal, all passes) "
                      f"**{_fmt(report.doc_stance.alpha)}** over {report.doc_stance.n_units} units."]
    lines += ["<!-- END GENERATED: agreement_summary -->", "",
              "## Spans", "",
              "| layer | pair | spans A | spans B | strict F1 | overlap F1 |",
              "|---|---|---:|---:|---:|---:|"]
    for s in report.spans:
        lines.append(f"| {s.layer} | {s.pair[0]} – {s.pair[1]} | {s.n_a} | {s.n_b} | {_fmt(s.strict_f1)} | "
                     f"{_fmt(s.overlap_f1)} |")
    lines += ["", "## Attributes of matched spans", "",
              "| layer | attribute | pair | matched | observed | κ | α |", "|---|---|---|---:|---:|---:|---:|"]
    for a in report.attributes:
        lines.append(f"| {a.layer} | {a.attribute} | {a.pair[0]} – {a.pair[1]} | {a.n} | {_fmt(a.observed)} | "
                     f"{_fmt(a.kappa)} | {_fmt(a.alpha)} |")
    ds = report.doc_stance
    if ds is not None:
        lines += ["", "## Document-level stance", "",
                  f"{ds.n_units} units (document × target). Krippendorff's α (nominal, all passes): "
                  f"**{_fmt(ds.alpha)}**.", "",
                  "| pair | units | agree | observed | κ |", "|---|---:|---:|---:|---:|"]
        for pair, n, agree, kappa in ds.pairwise:
            lines.append(f"| {pair[0]} – {pair[1]} | {n} | {agree} | {_fmt(agree / n if n else None)} | "
                         f"{_fmt(kappa)} |")
    if report.targets:
        lines += ["", "## Stance by target", "",
                  "Spans of one target only (strict: same offsets; overlap: paired by the shared matcher), κ of "
                  "polarity on the overlap-matched spans, and the document labels of that target (5 units per "
                  "pair when every document is compared). α: Krippendorff's α (nominal) of the document labels "
                  "of the target over all passes; doc κ and doc α per pair are over that pair's labels.", ""]
        for target in vocab.STANCE_TARGETS:
            lines.append(f"- `{target}`: document-label α **{_fmt(report.doc_alpha_by_target.get(target))}**")
        lines += ["", "| target | pair | spans A | spans B | strict F1 | overlap F1 | polarity κ (matched) | "
                  "doc labels agree | doc κ | doc α |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for t in report.targets:
            s = t.spans
            lines.append(f"| {t.target} | {t.pair[0]} – {t.pair[1]} | {s.n_a} | {s.n_b} | {_fmt(s.strict_f1)} | "
                         f"{_fmt(s.overlap_f1)} | {_fmt(t.polarity_kappa)} ({t.polarity_n}) | "
                         f"{t.doc_agree}/{t.doc_n} | {_fmt(t.doc_kappa)} | {_fmt(t.doc_alpha)} |")
    del pairs
    return "\n".join(lines) + "\n"


def to_json(report: AgreementReport) -> dict:
    return {
        "passes": list(report.passes), "documents": list(report.documents),
        "spans": [{"layer": s.layer, "pair": list(s.pair), "n_a": s.n_a, "n_b": s.n_b,
                   "strict_matches": s.strict_matches, "overlap_matches": s.overlap_matches,
                   "strict_f1": s.strict_f1, "overlap_f1": s.overlap_f1} for s in report.spans],
        "attributes": [{"layer": a.layer, "attribute": a.attribute, "pair": list(a.pair), "n": a.n,
                        "agree": a.agree, "observed": a.observed, "kappa": a.kappa, "alpha": a.alpha}
                       for a in report.attributes],
        "targets": [{"target": t.target, "pair": list(t.pair), "n_a": t.spans.n_a, "n_b": t.spans.n_b,
                     "strict_f1": t.spans.strict_f1, "overlap_f1": t.spans.overlap_f1, "polarity_n": t.polarity_n,
                     "polarity_agree": t.polarity_agree, "polarity_kappa": t.polarity_kappa, "doc_n": t.doc_n,
                     "doc_agree": t.doc_agree, "doc_kappa": t.doc_kappa, "doc_alpha": t.doc_alpha,
                     "doc_alpha_all_passes": report.doc_alpha_by_target.get(t.target)} for t in report.targets],
        "doc_stance": None if report.doc_stance is None else {
            "n_units": report.doc_stance.n_units, "alpha": report.doc_stance.alpha,
            "pairwise": [{"pair": list(p), "n": n, "agree": ag, "kappa": k}
                         for p, n, ag, k in report.doc_stance.pairwise]},
    }
