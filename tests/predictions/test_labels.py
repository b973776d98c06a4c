"""Label maps: targets parse, overrides win, unknown targets are rejected with the label named."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swn import vocab
from swn.errors import SWNError
from swn.predictions.labels import MAPS, LabelMap, parse_overrides, parse_target


def test_every_shipped_target_is_a_layer_and_label_of_the_vocabulary():
    for name, mapping in MAPS.items():
        lm = LabelMap(name)
        for source in mapping:
            t = lm.target(source)
            if t is not None:
                layer, fields = t
                assert layer in vocab.LAYER_NAMES
                assert all(v in vocab.LAYERS[layer].labels for v in fields.values()), (name, source)


def test_ontonotes_routes_dates_and_numbers_and_drops_ordinal():
    lm = LabelMap("ontonotes")
    assert lm.target("DATE") == ("temporal", {"type": "DATE"})
    assert lm.target("TIME") == ("temporal", {"type": "TIME"})
    assert all(lm.target(x) == ("quantities", {}) for x in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"))
    assert lm.known("ORDINAL") and lm.target("ORDINAL") is None
    assert not lm.known("NOT_A_LABEL")


@given(st.sampled_from(vocab.ENTITY_LABELS), st.sampled_from(vocab.ENTITY_LABELS))
def test_overrides_win_and_lookup_is_case_insensitive(source, target):
    lm = LabelMap("ontonotes", overrides={source: target})
    assert lm.target(source) == ("entities", {"label": target})
    assert lm.target(source.lower()) == ("entities", {"label": target})


@pytest.mark.parametrize("spec", ["NOPE", "temporal:NOPE", "quantities:X", "nolayer:DATE"])
def test_bad_targets_are_rejected_naming_them(spec):
    with pytest.raises(SWNError) as e:
        parse_target(spec)
    assert spec.split(":")[-1] in str(e.value) or spec.split(":")[0] in str(e.value)


def test_cli_overrides_parse_and_empty_target_drops():
    assert parse_overrides(["ORDINAL=quantities", "FAC="]) == {"ORDINAL": "quantities", "FAC": None}
    with pytest.raises(SWNError):
        parse_overrides(["no-equals-sign"])
