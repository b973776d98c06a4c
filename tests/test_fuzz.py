"""The standing fuzz suite: mutants of every reader's real files are read or refused with a location.

A few hundred mutants per reader here (``FUZZ_EXAMPLES``); ``scripts/fuzz`` runs 10,000 per reader.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.fuzz import MUTATIONS, READERS, make_readers, mutate, outcome

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))


@pytest.fixture(scope="module")
def readers(tmp_path_factory):
    return make_readers(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("name", READERS)
def test_every_mutant_is_read_or_refused_with_a_location(readers, name):
    reader = readers[name]

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(MUTATIONS), st.randoms(use_true_random=False), st.integers(0, len(reader.samples) - 1))
    def check(kind, rng, sample):
        _, data = mutate(rng, reader.samples[sample], reader.jsonl, kind)
        result, detail = outcome(reader, data)
        assert result in ("accepted", "rejected-located"), f"{kind}: {result}: {detail}"

    check()


def test_the_mutations_reach_every_outcome_but_uncaught(readers):
    """A fuzz suite that only ever produced one outcome would test nothing."""
    import random

    seen = set()
    reader = readers["annotations"]
    rng = random.Random(0)
    for kind in MUTATIONS * 3:
        seen.add(outcome(reader, mutate(rng, reader.samples[0], reader.jsonl, kind)[1])[0])
    assert seen == {"accepted", "rejected-located"}
