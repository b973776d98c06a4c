from datetime import date

import pytest

from swn.baselines.timex import normalise

DCT = date(2017, 12, 11)  # a Monday


@pytest.mark.parametrize("surface, expected", [
    ("14 March 2016", ("DATE", "2016-03-14", None)),
    ("March 14, 2016", ("DATE", "2016-03-14", None)),
    ("Monday, 14 March 2016", ("DATE", "2016-03-14", None)),
    ("December 2017", ("DATE", "2017-12", None)),
    ("2016", ("DATE", "2016", None)),
    ("early 2016", ("DATE", "2016", "START")),
    ("Monday", ("DATE", "2017-12-11", None)),
    ("last Monday", ("DATE", "2017-12-04", None)),
    ("Friday", ("DATE", "2017-12-08", None)),
    ("Monday morning", ("TIME", "2017-12-11TMO", None)),
    ("yesterday", ("DATE", "2017-12-10", None)),
    ("last year", ("DATE", "2016", None)),
    ("next week", ("DATE", "2017-W51", None)),
    ("this month", ("DATE", "2017-12", None)),
    ("five years", ("DURATION", "P5Y", None)),
    ("48 hours", ("DURATION", "PT48H", None)),
    ("more than two years", ("DURATION", "P2Y", "MORE_THAN")),
    ("every year", ("SET", "P1Y", None)),
    ("now", ("DATE", "PRESENT_REF", None)),
    ("September 20", ("DATE", "2017-09-20", None)),
])
def test_normalises_news_expressions(surface, expected):
    assert normalise(surface, DCT) == expected


@pytest.mark.parametrize("surface", ["Putin", "two weeks ago", "", "the war"])
def test_declines_what_it_cannot_normalise(surface):
    assert normalise(surface, DCT) is None
