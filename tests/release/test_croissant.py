"""croissant.json validates with mlcroissant and its record sets read offline."""
from __future__ import annotations

import hashlib
import json

import mlcroissant as mlc
import pytest

from swn import vocab
from swn.release.features import CONFIGS


@pytest.fixture(scope="module")
def dataset(built_release):
    return mlc.Dataset(jsonld=str(built_release / "croissant.json"))


def test_validates_without_errors(built_release):
    meta = mlc.Metadata.from_file(ctx=mlc.Context(), file=str(built_release / "croissant.json"))
    assert not meta.ctx.issues.errors, meta.ctx.issues.report()
    data = json.loads((built_release / "croissant.json").read_text())
    assert data["conformsTo"] == "http://mlcommons.org/croissant/1.1"


def test_file_checksums_are_those_of_the_released_files(built_release):
    data = json.loads((built_release / "croissant.json").read_text())
    files = [d for d in data["distribution"] if d["@type"] == "cr:FileObject"]
    assert len(files) == len(CONFIGS) + 5
    for f in files:
        assert f["sha256"] == hashlib.sha256((built_release / f["contentUrl"]).read_bytes()).hexdigest()


@pytest.mark.parametrize("config", [c for c in CONFIGS])
def test_record_sets_read_offline_and_match_the_data(dataset, built_release, config):
    rows = [json.loads(line) for line in (built_release / f"corpus/data/{config}.jsonl").read_text().splitlines()]
    records = list(dataset.records(record_set=config))
    assert len(records) == len(rows)
    key = "doc_id" if config in ("doc_stance", "tokens") else "id"
    first = {k.split("/")[-1]: v for k, v in records[0].items()}
    value = first[key]
    assert (value.decode() if isinstance(value, bytes) else value) == rows[0][key]


def test_label_fields_reference_generated_enumerations(dataset):
    names = [r[f"vocab_entity_labels/name"] for r in dataset.records(record_set="vocab_entity_labels")]
    assert [n.decode() if isinstance(n, bytes) else n for n in names] == list(vocab.ENTITY_LABELS)
