"""Render a score report (:func:`swn.scoring.score.report`) as a table, Markdown or JSON."""
from __future__ import annotations

import json
from typing import Sequence

from ..output import TABLE_FORMATS, render_table
from .counting import DOC_STANCE
from .counts import MODES

FORMATS = TABLE_FORMATS


def _f(x: float) -> str:
    return f"{x:.3f}"


def _ci(ci: Sequence[float] | None) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""


def rows(report: dict) -> tuple[list[str], list[list[str]]]:
    """One row per layer and mode (nervaluate counts, P/R/F1, F1 interval), then the layer-specific lines."""
    has_ci = bool(report.get("bootstrap"))
    header = ["layer", "mode", "correct", "incorrect", "partial", "missed", "spurious", "precision", "recall",
              "f1"] + (["f1 95% CI"] if has_ci else [])
    out: list[list[str]] = []
    for layer, r in report["layers"].items():
        if layer == DOC_STANCE:
            continue
        for m in MODES:
            s = r["overall"][m]
            row = [layer, m, *(str(s[k]) for k in ("correct", "incorrect", "partial", "missed", "spurious")),
                   _f(s["precision"]), _f(s["recall"]), _f(s["f1"])]
            if has_ci:
                row.append(_ci(r["ci"]["overall"][m]["f1"]))
            out.append(row)
    return header, out


def extra_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    """Macro F1 per mode, overlap (TempEval-3 style) scores, attribute accuracies, document stance."""
    has_ci = bool(report.get("bootstrap"))
    header = ["layer", "measure", "value"] + (["95% CI"] if has_ci else [])
    out: list[list[str]] = []
    for layer, r in report["layers"].items():
        if layer == DOC_STANCE:
            for k in ("f_avg", "favor_f1", "against_f1", "accuracy"):
                out.append([layer, k, _f(r[k])] + ([_ci(r["ci"][k])] if has_ci else []))
            continue
        for m in MODES:
            out.append([layer, f"macro_f1 ({m})", _f(r["macro"][m]["f1"])]
                       + ([_ci(r["ci"]["macro"][m]["f1"])] if has_ci else []))
        for k, v in r["overlap"].items():
            if k.endswith("_f1") or k.endswith("_accuracy"):
                out.append([layer, k, _f(v)] + ([_ci(r["ci"]["overlap"][k])] if has_ci else []))
    return header, out


def render(report: dict, fmt: str) -> str:
    """JSON, or two tables (per layer and mode; layer-specific measures) separated by a blank line."""
    if fmt == "json":
        return json.dumps(report, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    parts = [render_table(header, body, fmt) for header, body in (rows(report), extra_rows(report)) if body]
    eol = "\r\n" if fmt == "csv" else "\n"  # CSV keeps RFC 4180 line ends throughout
    return (eol * 2).join(parts) + eol
