"""The compiled fast path agrees with jsonschema (with SWN's strict integer and pattern) on
valid records and on records mutated in every way a file can be wrong."""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, strategies as st

from swn import schema, vocab
from swn.validate.compiled import compile_schema
from swn.validate.files import schema_incidents

from tests.strategies import generated_documents, metadata_for, registries

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**20), st.floats(allow_nan=False, allow_infinity=False),
                 st.text(max_size=5), st.just("abc\n"), st.just([]), st.just({}), st.just([1, "a"]),
                 st.sampled_from(vocab.ENTITY_LABELS + vocab.ZONES), st.just(1.0))


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


@st.composite
def mutate(draw, obj):
    """Replace, delete or add one value somewhere in ``obj``."""
    obj = copy.deepcopy(obj)
    paths = [p for p in _paths(obj) if p]
    if not paths:
        return draw(JUNK)
    path = draw(st.sampled_from(paths))
    parent = obj
    for k in path[:-1]:
        parent = parent[k]
    op = draw(st.sampled_from(("replace", "replace", "delete", "add")))
    if op == "replace":
        parent[path[-1]] = draw(JUNK)
    elif op == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(("extra", "label", "score", "id")))] = draw(JUNK)
    else:
        parent.append(draw(JUNK))
    return obj


def _agree(name, instance):
    fast = compile_schema(schema.schema(name))(instance)
    slow = schema.validator_for(name).is_valid(instance)
    assert fast == slow, (name, instance)
    assert (schema_incidents(name, instance, "f", lambda p: ("-", "-")) == []) == slow


@given(generated_documents(), st.data())
def test_annotation_file_fast_path_agrees(gen, data):
    d = gen.annotations.to_dict()
    _agree("annotation-file", d)
    for _ in range(3):
        _agree("annotation-file", data.draw(mutate(d)))


@given(generated_documents(), st.data())
def test_predictions_record_fast_path_agrees(gen, data):
    d = gen.annotations.to_dict()
    for layer in vocab.LAYER_NAMES:
        for s in d[layer]:
            if data.draw(st.booleans()):
                s.pop("id")
    _agree("predictions-record", d)
    _agree("predictions-record", data.draw(mutate(d)))


@given(registries(), st.data())
def test_registry_fast_path_agrees(reg, data):
    d = {"entities": [e.to_dict() for e in reg.values()]}
    _agree("entity-registry", d)
    _agree("entity-registry", data.draw(mutate(d)))


@given(st.data())
def test_metadata_fast_path_agrees(data):
    text = "Title line\n\nBody text."
    m = metadata_for("doc-abc", text, title=(0, 10)).to_dict()
    _agree("document-metadata", m)
    _agree("document-metadata", data.draw(mutate(m)))


@given(st.data())
def test_manifest_fast_path_agrees(data):
    m = {"version": "1.0.0", "files": [{"path": "corpus/raw/a-b.txt", "sha256": "0" * 64, "size": 3}]}
    _agree("manifest", m)
    _agree("manifest", data.draw(mutate(m)))


@pytest.mark.parametrize("bad", [{"not": {}}, {"oneOf": []}, {"$ref": "http://x"}, {"enum": [1]}])
def test_unsupported_keywords_are_refused(bad):
    with pytest.raises(ValueError):
        compile_schema(bad)
