from __future__ import annotations

import re

from swn import vocab
from swn.viewer.assets import stylesheet
from swn.viewer.colours import all_colours, contrast, css_ident, label_class, layer_labels


def test_every_vocab_label_has_two_colours_and_a_css_rule():
    css = stylesheet()
    colours = all_colours()
    assert set(colours) == set(vocab.LAYER_NAMES)
    for layer in vocab.LAYER_NAMES:
        labels = vocab.LAYERS[layer].labels or ("QUANTITY",)
        assert tuple(colours[layer]) == labels == layer_labels(layer)
        for label, c in colours[layer].items():
            assert re.fullmatch(r"#[0-9a-f]{6}", c.strong) and re.fullmatch(r"#[0-9a-f]{6}", c.tint)
            assert f".{label_class(layer, label)}{{--c:{c.strong};--t:{c.tint}}}" in css
        assert len({c.strong for c in colours[layer].values()}) == len(labels)  # one colour per label


def test_colours_are_deterministic():
    assert all_colours() == all_colours()


def test_strong_colours_read_on_white_and_black_text_reads_on_tints():
    for colours in all_colours().values():
        for c in colours.values():
            assert contrast(c.strong, "#ffffff") >= 4.5  # white values on chart bars, lines on white
            assert contrast(c.tint, "#000000") >= 12     # the text under an entity tint


def test_every_layer_has_a_switch_rule():
    css = stylesheet()
    for layer in vocab.LAYER_NAMES:
        assert f"body:has(#show-{css_ident(layer)}:not(:checked)) .l-{css_ident(layer)}{{--shown:0" in css


def test_css_ident_makes_any_string_a_class_name():
    assert css_ident("A b<\"") == "A_20_b_3c__22_"
