"""The layer panel of a document or compare page: one switch per layer, one legend entry per label."""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from .. import vocab
from .assets import switch_id
from .colours import css_ident, label_class, layer_labels
from .html import Html, h
from .marks import Mark, layer_style


def layer_panel(marks: Sequence[Mark], *, extra: Html | None = None,
                sides: Sequence[Sequence[Mark]] | None = None) -> Html:
    """Switches and legend. ``sides`` (compare mode): the marks of each side, counted apart ("12 | 10")."""
    by_layer: dict[str, Counter] = {layer: Counter() for layer in vocab.LAYER_NAMES}
    spans: dict[str, set] = {layer: set() for layer in vocab.LAYER_NAMES}
    for m in marks:
        by_layer[m.layer][m.label] += 1
        spans[m.layer].add(m.key)
    sets = []
    for layer in vocab.LAYER_NAMES:
        if sides is not None:
            total = " | ".join(str(sum(1 for m in side if m.layer == layer)) for side in sides)
        else:
            total = str(len(spans[layer]))
        box = h("input", {"type": "checkbox", "id": switch_id(layer), "checked": True, "data-layer-switch": layer})
        legend = h("legend", {}, h("label", {}, box, f" {layer} ", h("span", {"class": "n muted"},
                                                                         f"({total})")))
        items = []
        for label in layer_labels(layer):
            n = by_layer[layer][label]
            shown = str(n) if sides is None else " | ".join(
                str(sum(1 for m in side if m.layer == layer and m.label == label)) for side in sides)
            cls = f"m legend-sample l-{css_ident(layer)} {label_class(layer, label)}"
            if layer == "structure":
                cls += " zone"
            title = vocab.VOCABULARIES[vocab.LAYERS[layer].field(vocab.LAYERS[layer].label_field).vocab].get(label) \
                if vocab.LAYERS[layer].label_field else "a count or a measure"
            items.append(h("li", {"title": title, "class": "zero" if n == 0 else None},
                           h("span", {"class": cls}, label), h("span", {"class": "n"}, shown)))
        sets.append(h("fieldset", {"class": "layer"}, legend,
                      h("p", {"class": "how"}, layer_style(layer)), h("ul", {"class": "labels"}, items)))
    help_ = h("p", {"class": "help"}, "Hover a span, or reach it with Tab, to see its attributes; "
              "Enter follows its first link; Esc closes. Untick a layer to hide its spans.")
    return h("aside", {"class": "controls", "aria-label": "layers"}, h("h2", {}, "Layers"), extra, sets, help_)
