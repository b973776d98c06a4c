"""The Label Studio labeling config (XML), generated from :mod:`swn.vocab`.

The config and the result converter (:mod:`swn.labelstudio.results`) share the control layout
defined here, so a label or field added to ``vocab.json`` reaches both without another edit.

Layout (all controls point at the one ``<Text name="text">``):

* one ``<Labels>`` group per layer, named after the layer (``entities``, ``temporal``,
  ``quantities``, ``stance``, ``structure``). Separate groups let regions of different layers
  cover the same characters (a NORP mention inside a stance clause inside a body zone). The
  label values are the values of the layer's label field; the quantities layer, which has no
  label field, has the single label ``QUANTITY``.
* one per-region control (``perRegion="true"``) per attribute field, named
  ``<layer>_<field>``, shown only while a region of its layer is selected
  (``visibleWhen="region-selected" whenTagName="<layer>"``): enum fields are single
  ``<Choices>``, booleans are ``<Choices>`` of ``true``/``false``, every other kind (entity ids,
  TIMEX3 values, numbers, units, holders) is a one-line ``<TextArea>`` whose value Label Studio
  stores as a list of strings. Fields that are required and not nullable are ``required`` in the
  UI as well.
* sub-span fields (the quantity's ``measured_entity``) get a ``<Labels>`` group of their own,
  ``quantities_measured_entity`` with the label ``MEASURED_ENTITY``, and a relation from the
  quantity region to that region (``<Relation value="measured_entity">``): the counted thing
  keeps its own offsets, as in MeasEval, and may overlap regions of other layers.
* document-level stance: one single ``<Choices>`` per stance target, ``doc_stance_<target>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence
from xml.sax.saxutils import quoteattr

from .. import vocab

TEXT_NAME = "text"
QUANTITY_LABEL = "QUANTITY"
DOC_STANCE_PREFIX = "doc_stance_"

# Per-layer colours of the region labels (shades of one hue per layer, so layers are told apart).
_HUES = {"entities": 210, "temporal": 30, "quantities": 130, "stance": 290, "structure": 0}


@dataclass(frozen=True)
class AttributeControl:
    """A per-region control carrying one attribute field of a layer."""

    name: str
    layer: str
    field: vocab.Field

    @property
    def tag(self) -> str:
        return "Choices" if self.field.kind in ("enum", "boolean") else "TextArea"

    @property
    def result_type(self) -> str:
        return self.tag.lower()

    @property
    def choices(self) -> tuple[str, ...]:
        if self.field.kind == "boolean":
            return ("true", "false")
        return self.field.values

    @property
    def required(self) -> bool:
        return self.field.required and not self.field.nullable


@dataclass(frozen=True)
class SubspanControl:
    """A ``<Labels>`` group for a sub-span field, linked from its parent region by a relation."""

    name: str
    layer: str
    field: str
    label: str


@dataclass(frozen=True)
class LayerControls:
    layer: str
    labels_name: str
    labels: tuple[str, ...]
    attributes: tuple[AttributeControl, ...]
    subspans: tuple[SubspanControl, ...]


def _layer_controls(layer: vocab.Layer) -> LayerControls:
    attributes, subspans = [], []
    for f in layer.fields:
        if f.name == layer.label_field:
            continue
        if f.kind == "subspan":
            subspans.append(SubspanControl(name=f"{layer.name}_{f.name}", layer=layer.name, field=f.name,
                                           label=f.name.upper()))
        else:
            attributes.append(AttributeControl(name=f"{layer.name}_{f.name}", layer=layer.name, field=f))
    labels = layer.labels if layer.label_field else (QUANTITY_LABEL,)
    return LayerControls(layer=layer.name, labels_name=layer.name, labels=labels,
                         attributes=tuple(attributes), subspans=tuple(subspans))


LAYER_CONTROLS: dict[str, LayerControls] = {name: _layer_controls(vocab.LAYERS[name]) for name in vocab.LAYER_NAMES}
LABELS_CONTROLS: dict[str, LayerControls] = {c.labels_name: c for c in LAYER_CONTROLS.values()}
ATTRIBUTE_CONTROLS: dict[str, AttributeControl] = {a.name: a for c in LAYER_CONTROLS.values() for a in c.attributes}
SUBSPAN_CONTROLS: dict[str, SubspanControl] = {s.name: s for c in LAYER_CONTROLS.values() for s in c.subspans}
DOC_STANCE_CONTROLS: dict[str, str] = {f"{DOC_STANCE_PREFIX}{t}": t for t in vocab.STANCE_TARGETS}
RELATION_LABELS: tuple[str, ...] = tuple(s.field for s in SUBSPAN_CONTROLS.values())

_all_names = [TEXT_NAME, *LABELS_CONTROLS, *ATTRIBUTE_CONTROLS, *SUBSPAN_CONTROLS, *DOC_STANCE_CONTROLS]
assert len(set(_all_names)) == len(_all_names), "control names must be unique"


def _colour(layer: str, i: int, n: int) -> str:
    """An HSL colour as #rrggbb: the layer's hue, lightness spread over its labels."""
    import colorsys

    light = 0.45 + 0.3 * (i / max(n - 1, 1))
    r, g, b = colorsys.hls_to_rgb(_HUES.get(layer, 0) / 360, light, 0.65)
    return "#{:02x}{:02x}{:02x}".format(round(r * 255), round(g * 255), round(b * 255))


def _attrs(**kw: object) -> str:
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in kw.items() if v is not None)


def _label_hint(layer: vocab.Layer, label: str) -> str:
    if layer.label_field:
        return vocab.VOCABULARIES[layer.field(layer.label_field).vocab][label]
    return layer.description


def _choice_hint(control: AttributeControl, value: str) -> str | None:
    if control.field.kind == "boolean":
        return None
    return vocab.VOCABULARIES[control.field.vocab][value]


# The layout: the text on the left; labels, the selected region's attributes and the
# document-level stance on the right, in a panel that stays in view while the text scrolls.
LAYOUT_STYLE = "display: flex; align-items: flex-start; gap: 16px"
TEXT_STYLE = "flex: 1 1 60%; min-width: 0"
PANEL_STYLE = ("flex: 0 0 38%; position: sticky; top: 0; max-height: 100vh; overflow-y: auto; "
               "padding-left: 12px; border-left: 1px solid #ddd")
PANEL_CLASS = "swn-panel"
SMALL_HEADER = "font-size: 13px; line-height: 1.3; margin: 8px 0 2px"  # field and layer descriptions
KNOWN_ID_SUFFIX = "_known"  # the registry-backed choice beside a free-text id field


def known_id_control(layer: str = "entities", field: str = "entity_id") -> str:
    """The name of the drop-down of registry ids offered for ``layer``'s id field."""
    return f"{layer}_{field}{KNOWN_ID_SUFFIX}"


def label_config(layers: Sequence[str] = vocab.LAYER_NAMES, registry: Mapping[str, Any] | None = None) -> str:
    """The labeling config XML for SWN (deterministic: the same vocab, layers and registry give
    the same bytes), for ``layers`` alone (document-level stance goes with ``stance``).

    With ``registry`` (entity id -> entry with ``name`` and ``type``), the ``entity_id`` of a
    mention can also be chosen from a drop-down of the registry's ids (shown with name and type);
    the free-text field stays for a new id."""
    shown = {name: c for name, c in LAYER_CONTROLS.items() if name in layers}
    title = f"SWN annotation, schema {vocab.SCHEMA_VERSION}: {', '.join(shown)}"
    out = ['<View>',
           f'  <View{_attrs(style=LAYOUT_STYLE)}>',
           f'    <View{_attrs(style=TEXT_STYLE)}>',
           f'      <Header{_attrs(value=title, size="5")}/>',
           f'      <Text{_attrs(name=TEXT_NAME, value="$" + TEXT_NAME, granularity="symbol")}/>',
           '    </View>',
           f'    <View{_attrs(style=PANEL_STYLE, className=PANEL_CLASS)}>']
    body: list[str] = []
    # Label groups first: select a label, then the characters of the text.
    for c in shown.values():
        layer = vocab.LAYERS[c.layer]
        body.append('<View style="margin-bottom: 4px">')
        body.append(f'  <Header{_attrs(value=f"{c.layer}: {layer.description}", size="6", style=SMALL_HEADER)}/>')
        body.append(f'  <Labels{_attrs(name=c.labels_name, toName=TEXT_NAME, showInline="true")}>')
        for i, label in enumerate(c.labels):
            body.append(f'    <Label{_attrs(value=label, hint=_label_hint(layer, label), background=_colour(c.layer, i, len(c.labels)))}/>')
        body.append('  </Labels>')
        for sub in c.subspans:
            f = layer.field(sub.field)
            body.append(f'  <Labels{_attrs(name=sub.name, toName=TEXT_NAME, showInline="true")}>')
            hint = f"{f.description} Link it from its {c.labels[0] if len(c.labels) == 1 else c.layer} region with a relation."
            body.append(f'    <Label{_attrs(value=sub.label, hint=hint, background="#999999")}/>')
            body.append('  </Labels>')
        body.append('</View>')
    relations = [sub.field for c in shown.values() for sub in c.subspans]
    if relations:
        body.append('<Relations>')
        body.extend(f'  <Relation{_attrs(value=r)}/>' for r in relations)
        body.append('</Relations>')
    # Per-region attributes, each visible while a region of its layer is selected.
    for c in shown.values():
        if c.attributes:
            body.extend(_attribute_view(c, registry))
    if "stance" in layers:
        body.extend(_doc_stance_view())
    out.extend(f"      {line}" for line in body)
    out += ['    </View>', '  </View>', '</View>']
    return "\n".join(out) + "\n"


def _attribute_view(c: LayerControls, registry: Mapping[str, Any] | None) -> list[str]:
    when = {"visibleWhen": "region-selected", "whenTagName": c.labels_name}
    out = [f'<View{_attrs(**when)}>', f'  <Header{_attrs(value=f"Selected {c.layer} region", size="5")}/>']
    for a in c.attributes:
        known = registry is not None and a.name == f"entities_entity_id"
        out.append(f'  <Header{_attrs(value=f"{a.field.name}: {a.field.description}", size="6", style=SMALL_HEADER)}/>')
        common = dict(name=a.name, toName=TEXT_NAME, perRegion="true", **when,
                      required="true" if a.required and not known else None)
        if a.tag == "Choices":
            out.append(f'  <Choices{_attrs(**common, choice="single-radio", showInline="true")}>')
            for v in a.choices:
                out.append(f'    <Choice{_attrs(value=v, hint=_choice_hint(a, v))}/>')
            out.append('  </Choices>')
        else:
            placeholder = "a new id (add it to annotations/entities.json)" if known else a.field.description
            out.append(f'  <TextArea{_attrs(**common, editable="true", maxSubmissions="1", rows="1", placeholder=placeholder)}/>')
        if known:
            out.append(f'  <Choices{_attrs(name=known_id_control(), toName=TEXT_NAME, perRegion="true", **when, layout="select")}>')
            for eid in sorted(registry):
                entry = registry[eid]
                out.append(f'    <Choice{_attrs(value=f"{eid} — {entry.name} ({entry.type})", alias=eid)}/>')
            out.append('  </Choices>')
    out.append('</View>')
    return out


def _doc_stance_view() -> list[str]:
    out = ['<View>']
    out.append(f'  <Header{_attrs(value="Document-level stance: the document as a whole, per target", size="5")}/>')
    for name, target in DOC_STANCE_CONTROLS.items():
        definition = vocab.VOCABULARIES["stance_targets"][target]
        out.append(f'  <Header{_attrs(value=f"{target}: {definition}", size="6", style=SMALL_HEADER)}/>')
        out.append(f'  <Choices{_attrs(name=name, toName=TEXT_NAME, choice="single-radio", showInline="true")}>')
        for v in vocab.DOC_STANCE_VALUES:
            out.append(f'    <Choice{_attrs(value=v, hint=vocab.VOCABULARIES["doc_stance_values"][v])}/>')
        out.append('  </Choices>')
    out.append('</View>')
    return out
