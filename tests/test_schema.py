"""The committed schema/ is the generated one, every schema is valid Draft 2020-12, and every
stored file validates against its schema with the ``jsonschema`` package."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from swn import schema, vocab
from swn.cli import main

STRICT = jsonschema.Draft202012Validator


def test_committed_schema_folder_equals_fresh_generation(repo_root):
    folder = repo_root / "schema"
    expected = schema.rendered()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()}
    assert on_disk == expected, "schema/ is out of date: run `swn schema`"


def test_schema_check_command_agrees(repo_root, capsys):
    assert main(["schema", "--check", "--root", str(repo_root)]) == 0
    assert capsys.readouterr().err == ""


def test_schema_check_command_detects_drift(tmp_path, capsys):
    assert main(["schema", "--root", str(tmp_path)]) == 0
    target = tmp_path / "schema" / "annotation-file.schema.json"
    target.write_text(target.read_text(encoding="utf-8").replace('"PERSON"', '"PEOPLE"'), encoding="utf-8")
    (tmp_path / "schema" / "stale.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "annotation-file.schema.json" in err and "stale.schema.json" in err
    assert main(["schema", "--root", str(tmp_path)]) == 0  # regenerates and removes the stale file
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 0
    assert not (tmp_path / "schema" / "stale.schema.json").exists()


@pytest.mark.parametrize("name", sorted(schema.schemas()))
def test_every_schema_is_valid_draft_2020_12_with_versioned_id(name):
    s = schema.schema(name)
    STRICT.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"] == f"urn:swn:schema:{vocab.SCHEMA_VERSION}:{name}"
    refs = re.findall(r'"\$ref": "([^"]*)"', json.dumps(s))
    assert all(r.startswith("#/$defs/") for r in refs), "schemas are self-contained"


def test_generation_is_deterministic():
    assert schema.rendered() == schema.rendered()


def test_label_sets_come_from_vocab():
    s = schema.schema("annotation-file")["$defs"]
    for name, layer in vocab.LAYERS.items():
        props = s[f"span-{name}"]["properties"]
        assert set(props) == {"id", "start", "end", "text", *layer.field_names}
        for f in layer.fields:
            if f.kind == "enum":
                assert [v for v in props[f.name]["enum"] if v is not None] == list(f.values)
    assert list(s["doc-stance"]["properties"]) == list(vocab.STANCE_TARGETS)


def test_predictions_require_only_offsets_text_and_label():
    defs = schema.schema("predictions-record")["$defs"]
    for name, layer in vocab.LAYERS.items():
        assert defs[f"span-{name}"]["required"] == ["start", "end", "text"] + (
            [layer.label_field] if layer.label_field else [])
    v = STRICT(schema.schema("predictions-record"))
    assert v.is_valid({"doc_id": "abc-1", "entities": [{"start": 0, "end": 3, "text": "abc", "label": "ORG",
                                                        "score": 0.5}]})
    assert not v.is_valid({"doc_id": "abc-1", "entities": [{"start": 0, "end": 3, "text": "abc"}]})


def test_strict_integer_and_pattern_semantics():
    v = schema.validator_for("document-metadata")
    doc_id = {"type": "string", "pattern": vocab.DOC_ID_PATTERN}
    assert STRICT(doc_id).is_valid("abc-1\n"), "Python's $ matches before a trailing newline"
    assert not schema.validator_for("annotation-file").is_valid(
        {"doc_id": "abc-1\n", **{n: [] for n in vocab.LAYER_NAMES}, "doc_stance": {}})
    errors = list(schema.validator_for("span-entities").iter_errors(
        {"id": "abc#e1", "start": 0.0, "end": 1, "text": "a", "label": "ORG", "entity_id": "x\n"}))
    assert {tuple(e.path) for e in errors} == {("start",), ("entity_id",)}
    assert v is schema.validator_for("document-metadata")


# ---------------------------------------------------------------- stored files

def _check(validator, instance):
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(instance)]
    assert not errors, errors


@pytest.mark.parametrize("strict", [False, True], ids=["jsonschema", "swn-strict"])
def test_stored_metadata_validates(repo_root, strict):
    v = schema.validator_for("document-metadata") if strict else STRICT(schema.schema("document-metadata"))
    lines = (repo_root / "corpus" / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    for line in lines:
        _check(v, json.loads(line))


@pytest.mark.parametrize("strict", [False, True], ids=["jsonschema", "swn-strict"])
def test_stored_registry_and_gold_validate(repo_root, strict, gold_present):
    """Requires the real gold: fails (rather than passing vacuously) until it has landed."""
    assert gold_present, "annotations/gold/ is empty: the gold annotations have not landed"
    pick = (lambda n: schema.validator_for(n)) if strict else (lambda n: STRICT(schema.schema(n)))
    _check(pick("entity-registry"), json.loads((repo_root / "annotations" / "entities.json").read_text("utf-8")))
    gold = sorted((repo_root / "annotations" / "gold").glob("*.json"))
    assert len(gold) == 5
    for p in gold:
        _check(pick("annotation-file"), json.loads(p.read_text(encoding="utf-8")))


def test_stored_manifest_validates_if_present(repo_root):
    p = repo_root / "corpus" / "MANIFEST.json"
    if not p.is_file():
        pytest.skip("no corpus/MANIFEST.json yet (written by the release build)")
    _check(STRICT(schema.schema("manifest")), json.loads(p.read_text(encoding="utf-8")))
