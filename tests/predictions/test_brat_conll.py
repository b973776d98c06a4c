"""from_brat and from_conll delegate to swn.formats: the gold exported and read back scores 1.0."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from swn import vocab
from swn.formats.brat import to_brat
from swn.formats.conll import to_conll
from swn.predictions import from_brat, from_conll
from swn.scoring.score import score
from tests.predictions.helpers import texts_and_gold
from tests.strategies import corpora

SPAN_LAYERS = [name for name in vocab.LAYER_NAMES]
_S = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_S
@given(corpora(max_docs=3))
def test_brat_folder_round_trips_every_layer_with_spans(tmp_path_factory, corpus):
    texts, gold = texts_and_gold(corpus)
    folder = tmp_path_factory.mktemp("brat")
    for d in corpus.documents:
        _, ann = to_brat(d.text, d.annotations)
        (folder / f"{d.doc_id}.ann").write_text(ann, encoding="utf-8")
    adapted = from_brat(folder, texts=texts)
    preds = adapted.predictions()
    with_spans = [n for n in SPAN_LAYERS if any(d.annotations.layer(n) for d in corpus.documents)]
    assert list(preds.layers) == with_spans  # empty layers are not given, so not scored as all missed
    r = score(gold, preds)
    for layer in with_spans:
        assert r["layers"][layer]["overall"]["strict"]["f1"] == 1.0
        attrs = r["layers"][layer].get("any_label", {})
        assert all(v == 1.0 for k, v in attrs.items() if k.endswith("_accuracy")), (layer, attrs)


@_S
@given(corpora(max_docs=3))
def test_conll_files_round_trip_the_entities_they_carry(tmp_path_factory, corpus):
    texts, gold = texts_and_gold(corpus)
    folder = tmp_path_factory.mktemp("conll")
    carried = {}
    for d in corpus.documents:
        conll, misaligned = to_conll(d.doc_id, d.text, d.annotations.entities)
        (folder / f"{d.doc_id}.conll").write_text(conll, encoding="utf-8")
        carried[d.doc_id] = d.annotations.with_layer("entities", [e for e in d.annotations.entities
                                                                  if e not in misaligned])
    adapted = from_conll(folder, texts=texts)
    assert all(r["layers"] == ["entities"] for r in adapted.records)
    r = score(carried, adapted.predictions())
    assert list(r["layers"]) == ["entities"]
    assert r["layers"]["entities"]["overall"]["strict"]["f1"] == 1.0
