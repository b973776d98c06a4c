"""CoNLL = the tokens config as a file: exact round trip of every tagged layer, loadable by
``datasets``' conll builder with the documented arguments, bad input named by file and line."""
from __future__ import annotations

import pytest
from hypothesis import given

from swn.errors import SWNError
from swn.formats.conll import FILE, HF_COLUMNS, NO_ID, from_conll, hf_features, read, to_conll
from swn.model import AnnotationSet, Document
from swn.store import load_corpus
from swn.tokens import TAG_COLUMNS, sentence_rows
from tests.strategies import generated_documents


def _tagged(ann: AnnotationSet) -> AnnotationSet:
    """What CoNLL carries: offsets, labels and entity ids of the tagged layers."""
    from dataclasses import replace

    from swn.model import Quantity, Timex

    return AnnotationSet(doc_id=ann.doc_id,
                         entities=tuple(replace(e, id=None) for e in ann.entities),
                         temporal=tuple(Timex(start=t.start, end=t.end, text=t.text, type=t.type) for t in ann.temporal),
                         quantities=tuple(Quantity(start=q.start, end=q.end, text=q.text) for q in ann.quantities))


class _Doc:  # what to_conll needs of a Document
    def __init__(self, doc_id, text, annotations):
        self.id, self.text, self.annotations = doc_id, text, annotations


@given(generated_documents())
def test_round_trip_of_every_tagged_layer(g):
    doc = _Doc(g.doc_id, g.text, g.annotations)
    back = from_conll(to_conll([doc]), {g.doc_id: g.text})
    assert back[g.doc_id] == _tagged(g.annotations)


@pytest.fixture(scope="module")
def gold_docs(gold_present) -> list[Document]:
    assert gold_present
    return load_corpus()


def test_gold_round_trip_and_356_entities(gold_docs, tmp_path):
    (tmp_path / FILE).write_text(to_conll(gold_docs), encoding="utf-8")
    result = read(tmp_path, {d.id: d.text for d in gold_docs})
    assert sum(len(a.entities) for a in result.annotations.values()) == 356
    for d in gold_docs:
        assert result.annotations[d.id] == _tagged(d.annotations)
    assert result.layers == tuple(TAG_COLUMNS) and "temporal.value" in result.filled[0]


def test_loads_with_the_datasets_conll_builder_as_the_tokens_config(gold_docs, tmp_path):
    import datasets

    path = tmp_path / FILE
    path.write_text(to_conll(gold_docs), encoding="utf-8")
    # the arguments documented in swn.formats.conll and the README
    ds = datasets.load_dataset("conll", data_files={"test": str(path)}, split="test", cache_dir=str(tmp_path / "c"),
                               column_names=list(HF_COLUMNS), delimiter="\t", features=hf_features())
    rows = [r for d in gold_docs for r in sentence_rows(d)]
    assert ds.num_rows == len(rows)
    feats = ds.features
    for loaded, row in zip(ds, rows):
        for c in HF_COLUMNS:
            want = [NO_ID if not x else x for x in row[c]] if c == "entity_ids" else row[c]
            got = loaded[c]
            if c in TAG_COLUMNS.values():
                got = [feats[c].feature.int2str(x) for x in got]
            assert got == want, c
    plain = datasets.load_dataset("conll", data_files={"test": str(path)}, split="test",
                                  cache_dir=str(tmp_path / "c2"), column_names=list(HF_COLUMNS))
    assert plain[0]["tokens"] == ds[0]["tokens"] and plain[0]["token_start"][0] == str(ds[0]["token_start"][0])


@pytest.mark.parametrize("mutate, check, field", [
    (lambda s: s.replace("\t0\t5\tB-GPE", "\t0\t5\tX-GPE", 1), "bad-tag", "NER"),
    (lambda s: s.replace("Syria\t0\t5", "Syrix\t0\t5", 1), "span-text-mismatch", "TOKEN"),
    (lambda s: s.replace("\t0\t5\tB-GPE", "\tzero\t5\tB-GPE", 1), "conll-syntax", "START"),
    (lambda s: s.replace("\tB-GPE\tO\tO\tsyria", "\tB-GPE\tO", 1), "conll-syntax", "-"),
    (lambda s: s.replace("-DOCSTART-\tsputnik-2017-12-12", "-DOCSTART-\tno-such-doc", 1), "unknown-document", "doc_id"),
    (lambda s: s.replace("\t0\t5\tB-GPE", "\t0\t5\tB-NOT_A_LABEL", 1), "unknown-label", "label"),
])
def test_bad_conll_names_file_line_and_field(gold_docs, mutate, check, field):
    text = to_conll(gold_docs)
    assert "Syria\t0\t5\tB-GPE\tO\tO\tsyria" in text
    with pytest.raises(SWNError) as e:
        from_conll(mutate(text), {d.id: d.text for d in gold_docs}, "swn.conll")
    assert (e.value.check, e.value.field) == (check, field)
    assert e.value.file == "swn.conll" and e.value.record.startswith("line ")


def test_another_taggers_token_tag_lines_align_to_the_text(gold_docs):
    """CoNLL-2003-like output of a tagger (no offsets, extra columns) reads as entities."""
    lines = []
    for d in gold_docs:
        lines += [f"-DOCSTART- {d.id}", ""]
        for row in sentence_rows(d):
            lines += [f"{t} NN O {tag}" for t, tag in zip(row["tokens"], row["ner_tags"])] + [""]
    conll = "\n".join(lines)
    back = from_conll(conll, {d.id: d.text for d in gold_docs}, "tagger.conll")
    for d in gold_docs:
        assert [(e.start, e.end, e.label) for e in back[d.id].entities] == [
            (e.start, e.end, e.label) for e in d.annotations.entities]
        assert not back[d.id].temporal
    with pytest.raises(SWNError) as e:  # a token that is not the next word of the text
        from_conll(conll.replace("\nSyria NN O B-GPE", "\nSyrian NN O B-GPE", 1), {d.id: d.text for d in gold_docs},
                   "tagger.conll")
    assert (e.value.check, e.value.field, e.value.file) == ("span-text-mismatch", "TOKEN", "tagger.conll")


def test_reader_says_which_layers_a_tagger_file_carries(gold_docs, tmp_path):
    d = gold_docs[0]
    rows = sentence_rows(d)
    body = "\n".join(f"{t}\t{tag}" for t, tag in zip(rows[0]["tokens"], rows[0]["ner_tags"]))
    (tmp_path / "out.conll").write_text(f"-DOCSTART- {d.id}\n\n{body}\n", encoding="utf-8")
    result = read(tmp_path / "out.conll", {x.id: x.text for x in gold_docs})
    assert result.layers == ("entities",)
    assert [e.start for e in result.annotations[d.id].entities] == [
        e.start for e in d.annotations.entities if e.end <= rows[0]["end"]]
