"""The committed release of the real corpus: in sync with its sources, verified, loadable, equal to the gold.

These tests need the real gold (annotations/gold); they fail, not skip, without it.
"""
from __future__ import annotations

import datasets
import pytest

from swn.release.build import stale_files
from swn.release.features import CONFIGS, GOLD_CONFIGS, features
from swn.release.manifest import verify
from swn.release.rows import annotation_sets_from_documents, annotation_sets_from_flat
from swn.store import load_corpus


@pytest.fixture(scope="module")
def gold(repo_root, gold_present):
    assert gold_present, "annotations/gold/ is empty: the release cannot be checked without the gold"
    docs = load_corpus(repo_root)
    assert all(d.annotations is not None for d in docs), "every document needs gold"
    return {d.id: d.annotations for d in docs}


def test_committed_release_is_in_sync_with_the_sources(repo_root, gold):
    assert stale_files(repo_root) == [], "run `swn build` and commit the release files"


def test_committed_release_verifies(repo_root, gold):
    assert verify(repo_root) == []


def test_every_config_loads_and_equals_the_gold(repo_root, gold, tmp_path):
    loaded = {}
    for c in CONFIGS:
        ds = datasets.load_dataset(str(repo_root), c, split="test", cache_dir=str(tmp_path / "hf"))
        assert ds.features == features(c)
        streamed = datasets.load_dataset(str(repo_root), c, split="test", streaming=True)
        assert list(streamed) == list(ds)
        loaded[c] = ds
    assert annotation_sets_from_documents(loaded["documents"], loaded["documents"].features) == gold
    flat = {c: d for c, d in loaded.items() if c in GOLD_CONFIGS and c != "documents"}
    assert annotation_sets_from_flat(list(gold), flat, {c: d.features for c, d in flat.items()}) == gold
