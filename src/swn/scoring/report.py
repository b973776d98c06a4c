"""Render a score report (:func:`swn.scoring.score.report`) as a table, Markdown or JSON."""
from __future__ import annotations

import json
from typing import Sequence

from ..output import TABLE_FORMATS, render_table
from .counting import DOC_STANCE
from .counts import MODES

FORMATS = TABLE_FORMATS


NOT_PREDICTED = "n/a"  # an attribute the predictions never give
NO_INTERVAL = "-"  # some resample has nothing to find: no interval (docs/scoring.md)


def fmt_value(x: float | None) -> str:
    return NOT_PREDICTED if x is None else f"{x:.3f}"


def fmt_interval(ci: Sequence[float] | None) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else NO_INTERVAL


def _mode_row(layer: str, label: str, m: str, s: dict, ci: Sequence[float] | None, has_ci: bool) -> list[str]:
    row = [layer, label, m, *(str(s[k]) for k in ("correct", "incorrect", "partial", "missed", "spurious")),
           fmt_value(s["precision"]), fmt_value(s["recall"]), fmt_value(s["f1"])]
    return row + ([fmt_interval(ci)] if has_ci else [])


def rows(report: dict, per_label: bool = False) -> tuple[list[str], list[list[str]]]:
    """One row per layer and mode (nervaluate counts, P/R/F1, F1 interval), label ``all``; with
    ``per_label`` also one row per label and mode (labels with gold or predicted spans)."""
    has_ci = bool(report.get("bootstrap"))
    header = ["layer", "label", "mode", "correct", "incorrect", "partial", "missed", "spurious", "precision",
              "recall", "f1"] + (["f1 95% CI"] if has_ci else [])
    out: list[list[str]] = []
    for layer, r in report["layers"].items():
        if layer == DOC_STANCE:
            continue
        for m in MODES:
            out.append(_mode_row(layer, "all", m, r["overall"][m], r["ci"]["overall"][m]["f1"] if has_ci else None,
                                 has_ci))
        if per_label:
            for label, modes in r["per_label"].items():
                out += [_mode_row(layer, label, m, modes[m], None, False) + ([""] if has_ci else []) for m in MODES]
    return header, out


def extra_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    """Macro F1 per mode, overlap (TempEval-3 style) scores, attribute accuracies, document stance."""
    has_ci = bool(report.get("bootstrap"))
    header = ["layer", "measure", "value"] + (["95% CI"] if has_ci else [])
    out: list[list[str]] = []
    for layer, r in report["layers"].items():
        if layer == DOC_STANCE:
            for k in ("f_avg", "favor_f1", "against_f1", "accuracy"):
                out.append([layer, k, fmt_value(r[k])] + ([fmt_interval(r["ci"][k])] if has_ci else []))
            continue
        for m in MODES:
            out.append([layer, f"macro_f1 ({m})", fmt_value(r["macro"][m]["f1"])]
                       + ([fmt_interval(r["ci"]["macro"][m]["f1"])] if has_ci else []))
        for k, v in r["any_label"].items():
            if k.startswith("span_f1_") or k.endswith("_f1") or k.endswith("_accuracy"):
                out.append([layer, k, fmt_value(v)] + ([fmt_interval(r["ci"]["any_label"][k])] if has_ci else []))
    return header, out


def _has_missing_interval(node) -> bool:
    if isinstance(node, dict):
        return any(v is None and k in ("f1", "f_avg") or k.endswith("_f1") and v is None or _has_missing_interval(v)
                   for k, v in node.items() if k != "documents")
    return False


def notes(report: dict) -> list[str]:
    """What a reader of the tables must know: attributes not predicted, documents counted as empty."""
    out = []
    for layer, r in report["layers"].items():
        if r.get("attributes", {}).get("not_predicted"):
            out.append(f"{layer}: not predicted ({NOT_PREDICTED}): {', '.join(r['attributes']['not_predicted'])}")
    if report.get("missing_as_empty"):
        out.append(f"documents without a record, scored as predicting nothing: {', '.join(report['missing_as_empty'])}")
    if report.get("bootstrap") and _has_missing_interval(report["layers"]):
        out.append(f"{NO_INTERVAL} in a CI column: some resample has nothing to find, so no interval is reported")
    return out


def render(report: dict, fmt: str, per_label: bool = False) -> str:
    """JSON, or two tables (per layer and mode, per label with ``per_label``; layer-specific
    measures) separated by a blank line, then the notes (not in CSV, which stays one table format)."""
    if fmt == "json":
        return json.dumps(report, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    parts = [render_table(header, body, fmt) for header, body in (rows(report, per_label), extra_rows(report))
             if body]
    eol = "\r\n" if fmt == "csv" else "\n"  # CSV keeps RFC 4180 line ends throughout
    if fmt != "csv" and notes(report):
        parts.append("\n".join(("* " if fmt == "markdown" else "") + n for n in notes(report)))
    return (eol * 2).join(parts) + eol
