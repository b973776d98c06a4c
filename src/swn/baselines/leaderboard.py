"""Run every installed baseline on the corpus, score it against the gold, render the leaderboard.

The leaderboard (Markdown and JSON) is a pure function of the corpus, the gold, the installed
baselines and the fixed bootstrap (``SAMPLES`` samples, seed ``SEED``), so a fresh run must
reproduce the committed ``corpus/leaderboard.md`` exactly (tests/baselines checks it).
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping, Sequence

from .. import baselines
from ..errors import SWNError
from ..model import Document
from ..scoring.counting import DOC_STANCE
from ..scoring.counts import MODES
from ..scoring.predictions import Predictions, dumps_predictions, parse_predictions
from ..scoring.report import fmt_interval as _ci, fmt_value as _f
from ..scoring.score import score

SAMPLES = 1000
SEED = 0
BEGIN = "<!-- BEGIN GENERATED: leaderboard -->"
END = "<!-- END GENERATED: leaderboard -->"
# Layer-specific measures shown besides the nervaluate modes.
EXTRA = {"temporal": ("span_f1_overlap", "span_f1_exact", "type_accuracy", "value_accuracy", "value_f1"),
         "quantities": ("span_f1_overlap", "value_accuracy", "unit_accuracy", "modifier_accuracy"),
         "entities": ("span_f1_overlap",)}


def entry(description: str, preds: Predictions, gold: Mapping, *, samples: int = SAMPLES, seed: int = SEED,
          **options) -> dict:
    """One system's leaderboard entry: its scores with the fixed bootstrap (``options`` as
    :func:`swn.scoring.score.score`, e.g. ``coarse``)."""
    report = score(gold, preds, bootstrap=samples, seed=seed, **options)
    return {"description": description,
            "layers": {k: {kk: v[kk] for kk in ("overall", "any_label", "attributes", "ci") if kk in v}
                       for k, v in report["layers"].items() if k != DOC_STANCE}}


def board_of(systems: Mapping[str, tuple[str, Predictions]], documents: Sequence[Document], gold: Mapping, *,
             samples: int = SAMPLES, seed: int = SEED, **options) -> dict:
    """A leaderboard of ``{name: (description, predictions)}`` (what :func:`markdown` renders)."""
    return {"documents": len([d for d in documents if d.id in gold]), "bootstrap": {"samples": samples, "seed": seed},
            "baselines": {name: entry(desc, preds, gold, samples=samples, seed=seed, **options)
                          for name, (desc, preds) in systems.items()},
            "not_run": {}}


def run(documents: Sequence[Document], gold: Mapping, *, names: Iterable[str] = baselines.NAMES,
        model: str | None = None, samples: int = SAMPLES, seed: int = SEED,
        progress: Callable[[str], None] | None = None) -> dict:
    """``{"baselines": {name: {...report}}, "not_run": {name: reason}}``."""
    texts = {d.id: d.text for d in documents if d.id in gold}
    docs = [d for d in documents if d.id in gold]
    out: dict = {"documents": len(docs), "bootstrap": {"samples": samples, "seed": seed}, "baselines": {},
                 "not_run": {}}
    for name in names:
        module = baselines.load(name)
        reason = module.available(model) if name == "spacy" else module.available()
        if reason:
            out["not_run"][name] = reason
            continue
        if progress:
            progress(name)
        records = module.predict(docs, model=model) if name == "spacy" else module.predict(docs)
        preds = parse_predictions(dumps_predictions(records).splitlines(), texts, f"<{name}>")
        out["baselines"][name] = entry(module.DESCRIPTION + (f" [model {model}]" if model else ""), preds, gold,
                                       samples=samples, seed=seed)
    return out


def markdown(board: dict, what: str = "Baselines", by: str = "`swn benchmark`") -> str:
    """The leaderboard tables; ``what``/``by`` name the systems and the command in the first line."""
    b = board["bootstrap"]
    lines = [f"{what} scored against the gold of {board['documents']} documents by {by} "
             f"(95% percentile bootstrap over documents, {b['samples']} samples, seed {b['seed']}). "
             "Modes and counts as in nervaluate; `n/a`: an attribute the system does not predict; `-`: no "
             "interval, as some resample has nothing to find; see docs/scoring.md.", "",
             "| baseline | layer | mode | precision | recall | F1 | F1 95% CI |", "|---|---|---|---|---|---|---|"]
    for name, r in board["baselines"].items():
        for layer, lr in r["layers"].items():
            for m in MODES:
                s = lr["overall"][m]
                lines.append(f"| {name} | {layer} | {m} | {_f(s['precision'])} | {_f(s['recall'])} | {_f(s['f1'])} | "
                             f"{_ci(lr['ci']['overall'][m]['f1'])} |")
    extra = [f"| {name} | {layer} | {k} | {_f(lr['any_label'][k])} | {_ci(lr['ci']['any_label'][k])} |"
             for name, r in board["baselines"].items() for layer, lr in r["layers"].items()
             for k in EXTRA.get(layer, ()) if k in lr["any_label"]]
    if extra:
        lines += ["", "| baseline | layer | measure | value | 95% CI |", "|---|---|---|---|---|", *extra]
    lines += ["", f"{what}: " + "; ".join(f"`{n}`: {r['description']}" for n, r in board["baselines"].items())
              + "."]
    if board["not_run"]:
        lines.append("Not run here: " + "; ".join(f"`{n}` ({why})" for n, why in board["not_run"].items()) + ".")
    return "\n".join(lines) + "\n"


def replace_between_markers(text: str, body: str) -> str | None:
    """``text`` with ``body`` between the leaderboard markers; None if the markers are missing."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        return None
    return pattern.sub(lambda _: f"{BEGIN}\n{body}{END}", text, count=1)


def load_inputs(root=None) -> tuple[list[Document], dict]:
    from ..store import Paths, find_root, load_corpus, read_annotation_dir
    from pathlib import Path
    root_path = find_root(root) if root is None else Path(root)
    documents = load_corpus(root_path, annotations="none")
    gold_dir = Paths(root_path).gold_dir
    gold = read_annotation_dir(gold_dir) if gold_dir.is_dir() else {}
    if not gold:
        raise SWNError("no gold annotations: the leaderboard needs annotations/gold/", file=str(gold_dir),
                       record="-", field="-", check="no-gold")
    return documents, gold
