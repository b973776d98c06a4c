"""The labeling config is generated from the vocabulary and valid for Label Studio's own parser."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from label_studio_sdk.label_interface import LabelInterface

from swn import vocab
from swn.labelstudio import config
from swn.labelstudio.results import to_results
from swn.model import RegistryEntry
from tests.strategies import generated_documents

XML = config.label_config()
ROOT = ET.fromstring(XML)


def _controls(tag: str) -> dict[str, ET.Element]:
    return {e.get("name"): e for e in ROOT.iter(tag)}


def test_label_interface_accepts_it():
    li = LabelInterface(XML)
    li.validate()  # raises on an invalid config
    names = {c.name for c in li.controls}
    assert set(config.LABELS_CONTROLS) | set(config.ATTRIBUTE_CONTROLS) | set(config.DOC_STANCE_CONTROLS) <= names


def test_it_is_deterministic():
    assert config.label_config() == XML


def test_one_labels_group_per_layer_with_the_vocabulary_labels():
    labels = _controls("Labels")
    for name, layer in vocab.LAYERS.items():
        group = labels[name]
        assert group.get("toName") == config.TEXT_NAME
        values = [lab.get("value") for lab in group.iter("Label")]
        assert values == list(layer.labels if layer.label_field else (config.QUANTITY_LABEL,))
    assert [lab.get("value") for lab in labels["quantities_measured_entity"].iter("Label")] == ["MEASURED_ENTITY"]
    assert [r.get("value") for r in ROOT.iter("Relation")] == ["measured_entity"]


def test_every_attribute_field_has_a_per_region_control_shown_for_its_layer():
    controls = {**_controls("Choices"), **_controls("TextArea")}
    for name, layer in vocab.LAYERS.items():
        for f in layer.fields:
            if f.name == layer.label_field or f.kind == "subspan":
                continue
            c = controls[f"{name}_{f.name}"]
            assert c.get("perRegion") == "true"
            assert (c.get("visibleWhen"), c.get("whenTagName")) == ("region-selected", name)
            assert (c.get("required") == "true") == (f.required and not f.nullable)
            if f.kind == "enum":
                assert c.tag == "Choices" and [x.get("value") for x in c.iter("Choice")] == list(f.values)
            elif f.kind == "boolean":
                assert c.tag == "Choices" and [x.get("value") for x in c.iter("Choice")] == ["true", "false"]
            else:
                assert c.tag == "TextArea" and c.get("maxSubmissions") == "1"
    assert controls["entities_entity_id"].tag == "TextArea"


def test_document_stance_is_one_choice_per_target():
    choices = _controls("Choices")
    for target in vocab.STANCE_TARGETS:
        c = choices[f"doc_stance_{target}"]
        assert c.get("perRegion") is None and c.get("toName") == config.TEXT_NAME
        assert [x.get("value") for x in c.iter("Choice")] == list(vocab.DOC_STANCE_VALUES)


def test_names_are_unique():
    names = [e.get("name") for e in ROOT.iter() if e.get("name")]
    assert len(names) == len(set(names))


LI = LabelInterface(XML)


@given(generated_documents())
def test_generated_results_are_valid_predictions_for_the_config(g):
    errors = LI.validate_prediction({"result": to_results(g.annotations)}, return_errors=True)
    assert errors == []


def test_the_sdk_check_can_fail():
    bad = [{"id": "e1", "from_name": "entities", "to_name": "text", "type": "labels",
            "value": {"start": 0, "end": 3, "text": "abc", "labels": ["DATE"]}}]
    assert LI.validate_prediction({"result": bad}, return_errors=True)


def test_a_focused_config_has_its_layers_alone_and_the_registry_drop_down():
    registry = {"putin": RegistryEntry(id="putin", name="Vladimir Putin", type="PERSON", aliases=(), wikidata=None)}
    root = ET.fromstring(config.label_config(["entities"], registry=registry))
    assert [e.get("name") for e in root.iter("Labels")] == ["entities"]
    assert not [e for e in root.iter("Choices") if e.get("name", "").startswith("doc_stance_")]
    known = {e.get("name"): e for e in root.iter("Choices")}[config.known_id_control()]
    assert known.get("layout") == "select" and known.get("perRegion") == "true"
    assert [(c.get("alias"), c.get("value")) for c in known.iter("Choice")] == [
        ("putin", "putin — Vladimir Putin (PERSON)")]
    # a new id can still be typed; it is no longer required when it can be chosen instead
    typed = {e.get("name"): e for e in root.iter("TextArea")}["entities_entity_id"]
    assert typed.get("required") is None
    # the text on the left, everything else in the sticky panel on the right
    (layout,) = [v for v in root.iter("View") if "display: flex" in (v.get("style") or "")]
    text_col, panel = list(layout)
    assert [e.tag for e in text_col.iter("Text")] == ["Text"] and "position: sticky" in panel.get("style")
    assert not list(panel.iter("Text"))
    LabelInterface(config.label_config(["stance"], registry=registry)).validate()
