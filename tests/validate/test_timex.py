"""TIMEX3 value grammar: the spec's examples, the generator's values, and known bad values."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from swn import vocab
from swn.validate.timex import timex_value_problem

from tests.strategies import timex_values

GOOD = [
    ("DATE", "2017-12-11"), ("DATE", "2015-FA"), ("DATE", "2017-W51"), ("DATE", "XXXX-09-30"),
    ("DATE", "PRESENT_REF"), ("DATE", "2017-12-21/2017-12-22"), ("DATE", "2016"), ("DATE", "201"),
    ("DATE", "2017-12"), ("DATE", "2016-Q1"), ("DATE", "2017-W51-WE"), ("DATE", "PAST_REF"),
    ("TIME", "2017-12-11TMO"), ("TIME", "2017-12-11T14:30"), ("TIME", "XXXX-XX-XXTNI"), ("TIME", "FUTURE_REF"),
    ("DURATION", "P49Y"), ("DURATION", "PT24H"), ("DURATION", "PXY"), ("DURATION", "P1.5Y"), ("DURATION", "P2DE"),
    ("DURATION", "P1DT12H"), ("SET", "P1W"), ("SET", "XXXX-WXX-1"),
]
BAD = [
    ("DATE", "2017-13-11"), ("DATE", "2017-02-30"), ("DATE", "2017-12-1"), ("DATE", "December 2017"),
    ("DATE", "2017-12-22/2017-12-21"), ("DATE", "P3Y"), ("DATE", "2017-W54"), ("DATE", "2017-XX"[:6]),
    ("DATE", "2017-12-11\n"), ("TIME", "2017-12-11"), ("TIME", "2017-12-11T25:00"), ("TIME", "2017-12-11TXY"),
    ("DURATION", "P"), ("DURATION", "PT"), ("DURATION", "24H"), ("DURATION", "P1H"), ("DURATION", "PRESENT_REF"),
    ("SET", "every week"), ("DATE", ""), ("DATE", "2017-12-11/2017-12-12/2017-12-13"),
]


@pytest.mark.parametrize("timex_type,value", GOOD)
def test_well_formed_values_pass(timex_type, value):
    assert timex_value_problem(timex_type, value) is None


@pytest.mark.parametrize("timex_type,value", BAD)
def test_malformed_values_fail(timex_type, value):
    assert timex_value_problem(timex_type, value)


@given(st.sampled_from(vocab.TIMEX3_TYPES).flatmap(lambda t: st.tuples(st.just(t), timex_values(t))))
def test_generated_values_are_well_formed(case):
    timex_type, value = case
    assert timex_value_problem(timex_type, value) is None, value


@given(st.sampled_from(vocab.TIMEX3_TYPES), st.text(max_size=12))
def test_never_raises(timex_type, value):
    problem = timex_value_problem(timex_type, value)
    assert problem is None or isinstance(problem, str)
