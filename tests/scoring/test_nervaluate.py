"""Differential test against nervaluate (installed test dependency).

Inputs are generated so that the one-to-one matching is unambiguous: every gold span overlaps
at most one predicted span and vice versa (spans sit in separate slots of the text), and no span
is longer than 100 code points (nervaluate's default 1 % minimum overlap is then the same as
"at least one shared code point"). On such inputs the counts agree in every mode, overall and
per label. docs/scoring.md lists the cases where the two differ and why.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from nervaluate import Evaluator

from swn.scoring.counting import count_tables
from swn.scoring.counts import MODES, OUTCOMES
from swn.scoring.metrics import mode_scores
from swn.scoring.tables import SpanTable, labels_of

LABELS = labels_of("entities")
NERVALUATE_MODE = {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "ent_type"}


@st.composite
def slot(draw):
    """One slot of 120 code points: nothing, a gold span, a predicted span, or an overlapping pair."""
    kind = draw(st.sampled_from(("gold", "pred", "pair", "pair", "pair", "none")))
    label = st.sampled_from(LABELS[:4])
    s = draw(st.integers(0, 40))
    e = draw(st.integers(s + 1, s + 60))
    g = p = None
    if kind in ("gold", "pair"):
        g = (s, e, draw(label))
    if kind == "pred":
        p = (s, e, draw(label))
    if kind == "pair":
        if draw(st.booleans()):
            p = (s, e, draw(label))  # exact offsets
        else:
            ps = draw(st.integers(max(0, s - 20), e - 1))
            pe = draw(st.integers(max(ps, s) + 1, e + 20))
            p = (ps, pe, draw(label))
    return g, p


documents = st.lists(st.lists(slot(), max_size=8), min_size=1, max_size=5)


def _table(docs, side):
    rows = [(d, i * 120 + s[0], i * 120 + s[1], LABELS.index(s[2]))
            for d, slots in enumerate(docs) for i, pair in enumerate(slots) if (s := pair[side]) is not None]
    cols = [np.asarray([r[k] for r in rows], dtype=np.int64) for k in range(4)]
    return SpanTable("entities", tuple(f"d{d}" for d in range(len(docs))), *cols, attrs={})


def _nervaluate_input(docs, side):
    return [[{"label": s[2], "start": i * 120 + s[0], "end": i * 120 + s[1] - 1}  # inclusive end
             for i, pair in enumerate(slots) if (s := pair[side]) is not None] for slots in docs]


@given(documents)
def test_counts_equal_nervaluate_in_every_mode_overall_and_per_label(docs):
    lc = count_tables(_table(docs, 0), _table(docs, 1))
    sums = lc.total()
    true, pred = _nervaluate_input(docs, 0), _nervaluate_input(docs, 1)
    if not any(true) and not any(pred):
        return
    theirs = Evaluator(true, pred, tags=list(LABELS), loader="dict").evaluate()
    for mode in MODES:
        ours = mode_scores(lc, sums, "*", mode)
        ref = theirs["overall"][NERVALUATE_MODE[mode]]
        assert {o: int(ours[o]) for o in OUTCOMES} == {o: getattr(ref, o) for o in OUTCOMES}, mode
        if ref.actual and ref.possible:
            for k in ("precision", "recall", "f1"):
                assert abs(float(ours[k]) - getattr(ref, k)) < 1e-12, (mode, k)
        for label, per_mode in theirs["entities"].items():
            ours_l = mode_scores(lc, sums, label, mode)
            ref_l = per_mode[NERVALUATE_MODE[mode]]
            assert {o: int(ours_l[o]) for o in OUTCOMES} == {o: getattr(ref_l, o) for o in OUTCOMES}, (mode, label)


def test_documented_difference_one_prediction_overlapping_two_gold_spans():
    # gold A [0,10) and B [8,30); prediction [5,29). nervaluate pairs the prediction with the
    # first gold span in list order (A, 3 shared code points as partial); swn with the larger
    # overlap (B, 21 shared), so the counts agree but the matched gold span differs.
    from swn.scoring.match import align
    assert align([(0, 10), (8, 30)], [(5, 29)]).pairs == ((1, 0),)
    theirs = Evaluator([[{"label": "ORG", "start": 0, "end": 9}, {"label": "PERSON", "start": 8, "end": 29}]],
                       [[{"label": "PERSON", "start": 5, "end": 28}]], tags=["ORG", "PERSON"],
                       loader="dict").evaluate()
    # nervaluate's type mode: same label preferred -> B correct; strict: first overlap -> A incorrect
    assert theirs["overall"]["ent_type"].correct == 1
    assert theirs["overall"]["strict"].incorrect == 1
    g = SimpleNamespace(start=0, end=10, label="ORG"), SimpleNamespace(start=8, end=30, label="PERSON")
    assert align(list(g), [SimpleNamespace(start=5, end=29, label="PERSON")], key=lambda s: s.label).pairs == ((1, 0),)


@given(documents)
def test_per_label_rows_of_the_table_show_nervaluates_per_label_counts(docs):
    """``swn score --per-label``: every (label, mode) row carries nervaluate's counts for that label."""
    from swn.scoring.counts import Counts
    from swn.scoring.report import rows
    from swn.scoring.score import report

    true, pred = _nervaluate_input(docs, 0), _nervaluate_input(docs, 1)
    if not any(true) and not any(pred):
        return
    r = report(Counts({"entities": count_tables(_table(docs, 0), _table(docs, 1))}))
    _, body = rows(r, per_label=True)
    shown = {(row[1], row[2]): [int(x) for x in row[3:8]] for row in body}
    theirs = Evaluator(true, pred, tags=list(LABELS), loader="dict").evaluate()
    for label, per_mode in theirs["entities"].items():
        for mode in MODES:
            ref = per_mode[NERVALUATE_MODE[mode]]
            expected = [getattr(ref, o) for o in OUTCOMES]
            if any(expected):
                assert shown[(label, mode)] == expected, (label, mode)
            else:
                assert (label, mode) not in shown  # a label with nothing to show has no row
