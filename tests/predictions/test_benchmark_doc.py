"""docs/benchmark-your-extractor.md: every example runs, in at most three lines of user code.

The spaCy example runs as written (the model is in the baselines extra). The HF and LLM
examples need a model this machine does not have, so their "your extractor" block is replaced
by a stand-in with the same interface: ``ner(text)`` returns what an aggregating CoNLL-2003
token-classification pipeline returns (``entity_group``, numpy float32 ``score``, ``word``,
``start``, ``end``; made from the spaCy model's entities), ``ask_llm(text)`` returns
``[surface, label]`` pairs cut from the gold plus one string that is not in the text.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

DOC = "docs/benchmark-your-extractor.md"
CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def _blocks(text: str, kind: str) -> dict[str, str]:
    pattern = re.compile(rf"<!-- {kind}: (\w+) -->\n```python\n(.*?)```", re.S)
    return {m.group(1): m.group(2) for m in pattern.finditer(text)}


@pytest.fixture(scope="module")
def doc(repo_root):
    return (repo_root / DOC).read_text(encoding="utf-8")


def test_every_example_is_at_most_three_lines_of_user_code(doc):
    user = _blocks(doc, "three lines")
    assert set(user) == {"spacy", "hf", "strings"} == set(_blocks(doc, "your extractor"))
    for name, code in user.items():
        lines = [line for line in code.splitlines() if line.strip() and not line.strip().startswith("#")]
        assert len(lines) <= 3, (name, lines)


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy", reason="the baselines extra")
    from swn import baselines
    module = baselines.load("spacy")
    if module.available():
        pytest.skip(module.available())
    return spacy.load(module.DEFAULT_MODEL)


def _stand_ins(name: str, nlp, gold_by_text) -> dict:
    if name == "hf":
        def ner(text):
            return [{"entity_group": CONLL.get(e.label_, "MISC"), "score": np.float32(0.9), "word": e.text,
                     "start": e.start_char, "end": e.end_char}
                    for e in nlp(text).ents if e.label_ in CONLL or e.label_ in ("NORP", "EVENT", "PRODUCT", "LAW")]
        return {"ner": ner}
    if name == "strings":
        def ask_llm(text):
            return [[e.text, e.label] for e in gold_by_text[text].entities] + [["Atlantis", "GPE"]]
        return {"ask_llm": ask_llm}
    return {}


@pytest.mark.parametrize("name, expected", [
    ("spacy", ["| my-spacy | entities | strict | 0.861 | 0.834 | 0.847 |", "| my-spacy | temporal | strict |",
               "| my-spacy | temporal | value_accuracy | n/a | - |"]),
    ("hf", ["| bert-base-NER | entities | strict |", "scored with coarse='conll2003'"]),
    ("strings", ["| my-llm | entities | strict |", "not found in the text (5)", "'Atlantis' (GPE)",
                 "ambiguous, several occurrences"]),
])
def test_example_runs_to_leaderboard_rows(doc, name, expected, nlp, repo_root, gold_present, monkeypatch, capsys):
    from swn.store import load_corpus
    monkeypatch.chdir(repo_root)
    gold_by_text = {d.text: d.annotations for d in load_corpus(repo_root) if d.annotations is not None}
    namespace: dict = {}
    if name == "spacy":
        exec(_blocks(doc, "your extractor")[name], namespace)
    else:
        namespace.update(_stand_ins(name, nlp, gold_by_text))
    exec(_blocks(doc, "three lines")[name], namespace)
    out = capsys.readouterr().out
    for line in expected:
        assert line in out, (line, out)
