"""Hypothesis properties of the validator on generated corpora: valid data is clean, every
mutation is caught with the expected check id, and nothing ever raises."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import assume, given, strategies as st

from swn import vocab
from swn.validate import validate

from tests.strategies import corpora, write_corpus


def _gold_path(root: Path, doc_id: str) -> Path:
    return root / "annotations" / "gold" / f"{doc_id}.json"


def _checks(root: Path, level: int = 3) -> set[str]:
    incidents = validate(root, level=level)
    assert not any(i.check == "internal-error" for i in incidents), incidents
    return {i.check for i in incidents}


@given(corpora(), st.booleans())
def test_generated_corpus_validates_clean(corpus, manifest):
    with tempfile.TemporaryDirectory() as d:
        root = write_corpus(d, corpus, manifest=manifest)
        incidents = validate(root)
        assert incidents == [], [str(i) for i in incidents]
        # Each file on its own is clean too.
        for doc in corpus.documents:
            assert validate(_gold_path(root, doc.doc_id)) == []
        assert validate(root / "annotations" / "gold") == []


def _spans(data: dict, layers=vocab.LAYER_NAMES):
    return [(layer, i) for layer in layers for i in range(len(data[layer]))]


@st.composite
def mutated(draw):
    """``(corpus, doc_id, mutation name, expected check id, mutate(root))``."""
    corpus = draw(corpora(max_docs=3))
    doc = draw(st.sampled_from(corpus.documents))
    return corpus, doc, draw(st.data())


MUTATIONS = ("shift-offset", "change-text", "unknown-label", "flat-overlap", "dangling-entity-id",
             "duplicate-id", "whitespace-edge", "raw-byte")


@given(mutated(), st.sampled_from(MUTATIONS))
def test_every_mutation_is_rejected_with_its_check(case, mutation):
    corpus, doc, data = case
    text = doc.text
    with tempfile.TemporaryDirectory() as d:
        root = write_corpus(d, corpus)
        gold_path = _gold_path(root, doc.doc_id)
        ann = json.loads(gold_path.read_text(encoding="utf-8"))
        spans = _spans(ann)
        expected: str
        if mutation == "shift-offset":
            layer, i = data.draw(st.sampled_from(spans))
            span = ann[layer][i]
            key, delta = data.draw(st.sampled_from(("start", "end"))), data.draw(st.sampled_from((-1, 1)))
            span[key] += delta
            start, end = span["start"], span["end"]
            expected = ("schema" if start < 0 else "span-empty" if end <= start
                        else "span-out-of-bounds" if end > len(text) else "span-text-mismatch")
        elif mutation == "change-text":
            layer, i = data.draw(st.sampled_from(spans))
            span = ann[layer][i]
            pos = data.draw(st.integers(0, len(span["text"]) - 1))
            new = data.draw(st.sampled_from(("x", "\u00a0", "😀", "’"))
                            .filter(lambda c: c != span["text"][pos]))
            span["text"] = span["text"][:pos] + new + span["text"][pos + 1:]
            expected = "span-text-mismatch"
        elif mutation == "unknown-label":
            labelled = [(l, i) for l, i in spans if vocab.LAYERS[l].label_field]
            assume(labelled)
            layer, i = data.draw(st.sampled_from(labelled))
            ann[layer][i][vocab.LAYERS[layer].label_field] = data.draw(st.sampled_from(("NOT_A_LABEL", "person", "")))
            expected = "unknown-label"
        elif mutation == "flat-overlap":
            flat = [(l, i) for l, i in spans if vocab.LAYERS[l].flat]
            assume(flat)
            layer, i = data.draw(st.sampled_from(flat))
            copy = dict(ann[layer][i])
            copy["id"] = f"{doc.doc_id}#{vocab.LAYERS[layer].id_prefix}{len(ann[layer]) + 1}"
            ann[layer].append(copy)
            expected = "flat-layer-overlap"
        elif mutation == "dangling-entity-id":
            assume(ann["entities"])
            i = data.draw(st.integers(0, len(ann["entities"]) - 1))
            ann["entities"][i]["entity_id"] = "zz_not_registered"
            expected = "unknown-entity-id"
        elif mutation == "duplicate-id":
            same_layer = [l for l in vocab.LAYER_NAMES if len(ann[l]) >= 2]
            assume(same_layer)
            layer = data.draw(st.sampled_from(same_layer))
            a, b = data.draw(st.lists(st.integers(0, len(ann[layer]) - 1), min_size=2, max_size=2, unique=True))
            ann[layer][b]["id"] = ann[layer][a]["id"]
            expected = "duplicate-id"
        elif mutation == "whitespace-edge":
            candidates = [(l, i) for l, i in spans if ann[l][i]["start"] > 0 and text[ann[l][i]["start"] - 1].isspace()]
            candidates += [(l, i) for l, i in spans if ann[l][i]["end"] < len(text) and text[ann[l][i]["end"]].isspace()]
            assume(candidates)
            layer, i = data.draw(st.sampled_from(candidates))
            span = ann[layer][i]
            if span["start"] > 0 and text[span["start"] - 1].isspace():
                span["start"] -= 1
            else:
                span["end"] += 1
            span["text"] = text[span["start"]:span["end"]]
            expected = "span-whitespace-edge"
        else:  # raw-byte
            raw_path = root / "corpus" / "raw" / f"{doc.doc_id}.txt"
            raw = bytearray(raw_path.read_bytes())
            pos = data.draw(st.integers(0, len(raw) - 1))
            raw[pos] = ord("x") if raw[pos] != ord("x") else ord("y")
            raw_path.write_bytes(bytes(raw))
            expected = "raw-sha256-mismatch"
        gold_path.write_text(json.dumps(ann, ensure_ascii=False), encoding="utf-8")
        found = _checks(root)
        assert expected in found, (mutation, expected, found)
        # Lower levels never report higher-level checks.
        from swn.validate import CHECKS
        for level in (1, 2):
            assert all(CHECKS[c].level <= level for c in _checks(root, level))


@given(corpora(max_docs=2))
def test_validator_reports_all_problems_not_just_the_first(corpus):
    with tempfile.TemporaryDirectory() as d:
        root = write_corpus(d, corpus)
        broken = 0
        for doc in corpus.documents:
            p = _gold_path(root, doc.doc_id)
            ann = json.loads(p.read_text(encoding="utf-8"))
            ann["structure"][0]["text"] += "!"
            p.write_text(json.dumps(ann), encoding="utf-8")
            broken += 1
        incidents = validate(root)
        assert sum(i.check == "span-text-mismatch" for i in incidents) == broken
