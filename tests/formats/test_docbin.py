"""spaCy DocBin export: loads with DocBin().from_disk, keeps the text, ents with kb ids, a span group
per layer with attributes, user data; reads back to the gold exactly; spacy evaluate scores it."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from swn import vocab
from swn.formats import write_files
from swn.formats.docbin import FILE, export, read, register_extensions
from swn.store import load_corpus


@pytest.fixture(scope="module")
def exported(gold_present, tmp_path_factory):
    assert gold_present
    docs = load_corpus()
    out = tmp_path_factory.mktemp("spacy")
    write_files(out, export(docs))
    return docs, out / FILE


def test_docbin_loads_with_text_ents_span_groups_and_user_data(exported):
    import spacy
    from spacy.tokens import DocBin

    docs, path = exported
    nlp = spacy.blank("en")
    loaded = {d.user_data["doc_id"]: d for d in DocBin().from_disk(path).get_docs(nlp.vocab)}
    register_extensions()
    assert set(loaded) == {d.id for d in docs}
    for d in docs:
        sd = loaded[d.id]
        assert sd.text == d.text and sd.user_data["dct"] == d.metadata.dct.value
        assert [(e.start_char, e.end_char, e.label_, e.kb_id_, e.id_) for e in sd.ents] == [
            (e.start, e.end, e.label, e.entity_id, e.id) for e in d.annotations.entities]
        for layer in vocab.LAYER_NAMES[1:]:
            group = sd.spans[layer] if layer in sd.spans else []
            assert [(s.start_char, s.end_char, s.id_) for s in group] == [
                (s.start, s.end, s.id) for s in d.annotations.layer(layer)]
            for sp, gold in zip(group, d.annotations.layer(layer)):
                assert sp._.swn == {k: v.to_dict() if hasattr(v, "to_dict") else v
                                    for k, v in gold.attributes().items()}
        assert all(s.text.strip() for s in sd.sents)


def test_reads_back_to_the_gold_exactly(exported):
    docs, path = exported
    result = read(path, {d.id: d.text for d in docs})
    assert result.layers == vocab.LAYER_NAMES and result.filled == ()
    assert result.annotations == {d.id: d.annotations for d in docs}


def test_spacy_scorer_gives_gold_ner_f1_one(exported):
    import spacy
    from spacy.scorer import Scorer
    from spacy.training import Corpus, Example

    _, path = exported
    nlp = spacy.blank("en")
    examples = [Example(eg.reference.copy(), eg.reference) for eg in Corpus(str(path))(nlp)]
    scores = Scorer.score_spans(examples, "ents")
    assert scores["ents_f"] == 1.0 and set(scores["ents_per_type"]) <= set(vocab.ENTITY_LABELS)


def test_spacy_evaluate_cli_scores_a_pipeline_on_it(exported, tmp_path):
    """``python -m spacy evaluate PIPELINE swn.spacy``: the file is a valid evaluation corpus."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Putin"}])
    nlp.to_disk(tmp_path / "pipeline")
    _, path = exported
    out = tmp_path / "metrics.json"
    subprocess.run([sys.executable, "-m", "spacy", "evaluate", str(tmp_path / "pipeline"), str(path),
                    "--output", str(out)], check=True, capture_output=True)
    metrics = json.loads(out.read_text())
    # most "Putin" matches are gold PERSONs ("Vladimir Putin" is one); the other labels are all missed
    assert metrics["ents_per_type"]["PERSON"]["p"] > 0.5 and 0 < metrics["ents_r"] < 0.5
