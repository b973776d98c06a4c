"""quantulum3 for the quantities layer: value, unit (None for plain counts) and the modifier read
from the words before the quantity (the same approximator list as the floor)."""
from __future__ import annotations

import re
import warnings

from .floor_baseline import _MODIFIERS
from .spans import record, span, without_overlaps

NAME = "quantulum3"
DESCRIPTION = "quantulum3 parser (quantities)"
LAYERS = ("quantities",)


def available() -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import quantulum3.parser  # noqa: F401
    except ImportError:
        return "quantulum3 is not installed (pip install -e '.[baselines]')"
    return None


def quantities(text: str) -> list[dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import classifier, parser
        # quantulum3 switches to its pickled scikit-learn classifier whenever scikit-learn is importable
        # (seqeval, a test dependency, pulls it in), and that pickle does not load with current
        # scikit-learn; the baseline is defined without it, so its output does not depend on what else is installed.
        classifier.USE_CLF = False
        found = parser.parse(text)
    out = []
    for q in found:
        start, end = q.span
        if text[start:end] != q.surface:
            continue
        value = q.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        dimensionless = q.unit.name == "dimensionless"
        if dimensionless and isinstance(value, int) and 1900 <= value <= 2099 and re.fullmatch(r"\d{4}", q.surface):
            continue  # a year: temporal, not a quantity
        before = text[max(0, start - 16):start].lower()
        modifier = next((mod for word, mod in _MODIFIERS if re.search(rf"\b{word}\s$", before)), "exact")
        sp = span(text, start, end, value=value, unit=None if dimensionless else q.unit.name,
                  is_count=dimensionless, modifier=modifier)
        if sp:
            out.append(sp)
    return without_overlaps(out)


def predict(documents, **_options) -> list[dict]:
    return [record(d.id, quantities=quantities(d.text)) for d in documents]
