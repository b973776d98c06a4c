"""The release loads with the real ``datasets`` (5.x), offline, exactly as declared, and gives back the gold."""
from __future__ import annotations

import datasets
import pytest
from hypothesis import HealthCheck, assume, event, given, settings

from swn.release import card
from swn.release.build import build
from swn.release.features import CONFIGS, DEFAULT_CONFIG, GOLD_CONFIGS, features
from swn.release.rows import annotation_sets_from_documents, annotation_sets_from_flat
from swn.store import load_corpus, read_annotations, write_annotations
from tests.strategies import corpora, write_corpus

assert datasets.__version__.split(".")[0] == "5", "these tests are about datasets 5.x"


def _load(root, config, cache_dir, **kw):
    return datasets.load_dataset(str(root), config, split="test", cache_dir=str(cache_dir), **kw)


def _gold(root):
    return {d.id: d.annotations for d in load_corpus(root)}


@pytest.mark.parametrize("config", CONFIGS)
def test_every_config_loads_with_the_declared_features(built_release, tmp_path, config):
    ds = _load(built_release, config, tmp_path / "cache")
    assert ds.features == features(config)
    rows = [line for line in (built_release / card.data_path(config)).read_text(encoding="utf-8").splitlines()]
    assert ds.num_rows == len(rows) > 0
    streamed = _load(built_release, config, tmp_path / "cache2", streaming=True)
    assert streamed.features == features(config)
    assert list(streamed) == list(ds)


def test_default_config_is_documents(built_release, tmp_path):
    ds = datasets.load_dataset(str(built_release), split="test", cache_dir=str(tmp_path / "c"))
    assert DEFAULT_CONFIG == "documents" and ds.features == features("documents")


def test_loaded_rows_convert_back_to_exactly_the_gold(built_release, tmp_path):
    gold = _gold(built_release)
    docs = _load(built_release, "documents", tmp_path / "c")
    assert annotation_sets_from_documents(docs, docs.features) == gold
    flat = {c: _load(built_release, c, tmp_path / "c") for c in GOLD_CONFIGS if c != "documents"}
    back = annotation_sets_from_flat(list(gold), flat, {c: d.features for c, d in flat.items()})
    assert back == gold
    # streaming gives the same
    streamed = _load(built_release, "documents", tmp_path / "c2", streaming=True)
    assert annotation_sets_from_documents(streamed, streamed.features) == gold


def test_loaded_documents_carry_text_and_metadata(built_release, tmp_path):
    docs = {d.id: d for d in load_corpus(built_release)}
    ds = _load(built_release, "documents", tmp_path / "c")
    for row in ds:
        d = docs[row["id"]]
        assert row["text"] == d.text and row["n_chars"] == len(d.text) == d.metadata.n_chars
        assert row["dct"].isoformat() == d.metadata.dct.value
        for layer in ("entities", "temporal", "quantities", "stance", "structure"):
            for s in row[layer]:
                assert row["text"][s["start"]:s["end"]] == s["text"]


# ---------------------------------------------------------------- the warm-cache trap

def _relabel_one_entity(root, old="GPE", new="LOC"):
    """Change one entity's label to another of the same length (so no file size changes); every
    mention of its registry entity and the entry's type change with it (the validator, which the
    build runs first, wants mention labels to agree with the registry). Returns the first span's id."""
    import json
    from dataclasses import replace

    first = None
    for path in sorted((root / "annotations" / "gold").glob("*.json")):
        ann = read_annotations(path)
        if first is None:
            first = next((e for e in ann.entities if e.label == old), None)
        if first is not None:
            ents = [replace(e, label=new) if e.entity_id == first.entity_id and e.label == old else e
                    for e in ann.entities]
            write_annotations(path, ann.with_layer("entities", ents))
    if first is None:
        raise AssertionError("no entity to relabel")
    registry = root / "annotations" / "entities.json"
    data = json.loads(registry.read_text(encoding="utf-8"))
    for entry in data["entities"]:
        if entry["id"] == first.entity_id:
            entry["type"] = new
    registry.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return first.id


def _without_cache_key(root):
    """Rewrite the card as a build without the fix would have it (no version/fingerprint per config)."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    meta = card.read_front_matter(readme)
    for c in meta["configs"]:
        c.pop("version", None)
        c.pop("description", None)
    (root / "README.md").write_text(card.set_front_matter(readme, meta), encoding="utf-8")


def _label_of(ds, span_id):
    row = next(r for r in ds if r["id"] == span_id)
    return ds.features["label"].int2str(row["label"])


def test_warm_cache_trap_is_real_without_the_cache_key(release_copy, tmp_path):
    """Reproduces the trap: YAML configs, same file sizes, new data -> the warm cache serves the old rows."""
    cache = tmp_path / "cache"
    _without_cache_key(release_copy)
    span_id = _relabel_one_entity(release_copy, "GPE", "GPE")  # find the span, change nothing yet
    assert _label_of(_load(release_copy, "entities", cache), span_id) == "GPE"
    _relabel_one_entity(release_copy, "GPE", "LOC")
    build(release_copy)
    _without_cache_key(release_copy)
    assert _label_of(_load(release_copy, "entities", tmp_path / "fresh"), span_id) == "LOC"
    assert _label_of(_load(release_copy, "entities", cache), span_id) == "GPE", "the trap is gone?"


def test_warm_cache_gives_new_data_after_a_rebuild(release_copy, tmp_path):
    cache = tmp_path / "cache"
    span_id = _relabel_one_entity(release_copy, "GPE", "GPE")
    before = {c: _load(release_copy, c, cache) for c in ("entities", "documents")}
    assert _label_of(before["entities"], span_id) == "GPE"
    _relabel_one_entity(release_copy, "GPE", "LOC")
    assert build(release_copy)
    after = _load(release_copy, "entities", cache)
    assert _label_of(after, span_id) == "LOC"
    docs = _load(release_copy, "documents", cache)
    assert annotation_sets_from_documents(docs, docs.features) == _gold(release_copy)


# ---------------------------------------------------------------- generated corpora

@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(corpus=corpora(min_docs=1, max_docs=3, max_tokens=25))
def test_generated_corpora_load_back_exactly(tmp_path_factory, corpus):
    from swn.errors import SWNError

    # datasets cannot load an empty split, so the build refuses a config without rows; see test_build.
    assume(all(any(d.annotations.layer(layer) for d in corpus.documents) for layer in GOLD_CONFIGS[1:-1]))
    root = write_corpus(tmp_path_factory.mktemp("gen") / "swn", corpus)
    (root / "VERSION").write_text("0.1.0\n")
    try:
        build(root)
    except SWNError as e:  # a column that JSON inference would corrupt is refused, never shipped
        assert e.check == "json-inference", str(e)
        event("refused by the JSON inference guard")
        return
    event("built and loaded")
    gold = {d.doc_id: d.annotations for d in corpus.documents}
    cache = tmp_path_factory.mktemp("cache")
    docs = _load(root, "documents", cache)
    assert annotation_sets_from_documents(docs, docs.features) == gold
    flat = {c: _load(root, c, cache) for c in GOLD_CONFIGS if c != "documents"}
    assert annotation_sets_from_flat(list(gold), flat, {c: d.features for c, d in flat.items()}) == gold
