"""from_brat and from_conll read through swn.formats: the gold exported and read back scores 1.0."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from swn import vocab
from swn.formats import get, write_files
from swn.model import Document
from swn.predictions import from_brat, from_conll
from swn.scoring.score import score
from tests.predictions.helpers import texts_and_gold
from tests.strategies import corpora

_S = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])


def _documents(corpus):
    return [Document(id=d.doc_id, text=d.text, metadata=m, annotations=d.annotations)
            for d, m in zip(corpus.documents, corpus.metadata)]


@_S
@given(corpora(max_docs=3))
def test_brat_export_read_back_scores_one_on_every_layer_with_spans(tmp_path_factory, corpus):
    texts, gold = texts_and_gold(corpus)
    folder = tmp_path_factory.mktemp("brat")
    write_files(folder, get("brat").export(_documents(corpus)))
    adapted = from_brat(folder, texts=texts)
    r = score(gold, adapted.predictions())
    for layer in vocab.LAYER_NAMES:
        if any(d.annotations.layer(layer) for d in corpus.documents):
            assert r["layers"][layer]["overall"]["strict"]["f1"] == 1.0, layer
            acc = r["layers"][layer].get("any_label", {})
            assert all(v == 1.0 for k, v in acc.items() if k.endswith("_accuracy")), (layer, acc)


@_S
@given(corpora(max_docs=3))
def test_conll_export_read_back_scores_one_on_the_three_tagged_layers(tmp_path_factory, corpus):
    texts, gold = texts_and_gold(corpus)
    folder = tmp_path_factory.mktemp("conll")
    write_files(folder, get("conll").export(_documents(corpus)))
    adapted = from_conll(folder, texts=texts)
    tagged = ["entities", "temporal", "quantities"]
    assert all(r["layers"] == tagged for r in adapted.records)  # declared: the file carries them
    r = score(gold, adapted.predictions())
    assert list(r["layers"]) == tagged
    for layer in tagged:
        assert r["layers"][layer]["overall"]["strict"]["f1"] == 1.0, layer


def test_a_conll2003_tagger_file_scores_with_coarse_labels(tmp_path):
    text = "Putin met Assad in Hmeymim airbase near Latakia ."
    tags = ["B-PER", "O", "B-PER", "O", "B-LOC", "I-LOC", "O", "B-LOC", "O"]
    conll = "-DOCSTART- d\n\n" + "".join(f"{w} {t}\n" for w, t in zip(text.split(), tags))
    (tmp_path / "tagger.conll").write_text(conll, encoding="utf-8")
    adapted = from_conll(tmp_path / "tagger.conll", texts={"d": text})
    rec = adapted.records[0]
    assert rec["layers"] == ["entities"]
    assert [(s["text"], s["label"]) for s in rec["entities"]] == [
        ("Putin", "PERSON"), ("Assad", "PERSON"), ("Hmeymim airbase", "LOC"), ("Latakia", "LOC")]
