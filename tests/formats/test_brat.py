"""brat standoff: round trips (brat -> gold equals gold for what brat carries) and rejections."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from swn.errors import SWNError
from swn.formats import write_files
from swn.formats.brat import annotation_conf, export, from_brat, read_folder, to_brat
from swn.formats.lines import LINE_BREAKS
from swn.model import AnnotationSet, Entity, Quantity, SubSpan
from swn.store import load_corpus
from tests.strategies import generated_documents


def _carried(ann: AnnotationSet) -> AnnotationSet:
    """What brat can carry: everything but the document-level stance."""
    return replace(ann, doc_stance={})


@given(generated_documents())
def test_round_trip_on_generated_documents(g):
    txt, ann = to_brat(g.text, g.annotations)
    assert txt == g.text
    assert from_brat(g.doc_id, txt, ann) == _carried(g.annotations)


@given(generated_documents())
def test_ann_lines_never_hold_a_line_break_and_texts_match_brat_rules(g):
    txt, ann = to_brat(g.text, g.annotations)
    lines = ann.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert not any(c in line for c in LINE_BREAKS)
        if line.startswith("T"):
            _, head, text = line.split("\t", 2)
            frags = [tuple(map(int, f.split(" "))) for f in head.split(" ", 1)[1].split(";")]
            # brat's own check: the text is the fragments joined by one space
            assert text == " ".join(txt[a:b] for a, b in frags)
            # brat rejects touching or overlapping fragments
            assert all(b < a2 for (_, b), (a2, _) in zip(frags, frags[1:]))


def test_offsets_are_code_points_after_astral_characters():
    text = "😀 Putin 🇷🇺 went to\nHmeimim base"
    s = text.index("Putin")
    e2 = text.index("Hmeimim")
    ann = AnnotationSet(doc_id="astral-doc", entities=(
        Entity(id="astral-doc#e1", start=s, end=s + 5, text="Putin", label="PERSON", entity_id="vladimir_putin"),
        Entity(id="astral-doc#e2", start=text.index("went"), end=e2 + 12, text=text[text.index("went"):e2 + 12],
               label="FAC", entity_id="hmeimim")))
    _, out = to_brat(text, ann)
    assert f"T1\tPERSON {s} {s + 5}\tPutin" in out  # 2, not the UTF-16 offset 3
    assert f"T2\tFAC {text.index('went')} {text.index('to') + 2};{e2} {e2 + 12}\twent to Hmeimim base" in out
    assert from_brat("astral-doc", text, out) == ann


def test_fixture_gold_round_trips(tmp_path):
    from tests.release.fixture import make_release_repo

    for d in load_corpus(make_release_repo(tmp_path / "r", with_docs=False)):
        txt, ann = to_brat(d.text, d.annotations)
        assert from_brat(d.id, txt, ann) == _carried(d.annotations)


def test_measured_entity_is_a_relation():
    text = "11 Russian warships"
    q = Quantity(id="d-1#q1", start=0, end=2, text="11", value=11, value_high=None, unit=None, is_count=True,
                 modifier="exact", measured_entity=SubSpan(start=3, end=19, text="Russian warships"))
    _, out = to_brat(text, AnnotationSet(doc_id="d-1", quantities=(q,)))
    assert "T2\tMEASURED_ENTITY 3 19\tRussian warships" in out and "R1\tmeasured_entity Arg1:T1 Arg2:T2" in out
    assert from_brat("d-1", text, out).quantities == (q,)


@pytest.mark.parametrize("ann, check", [
    ("T1\tPERSON 0 5\tPutiN\n", "span-text-mismatch"),
    ("T1\tPERSON 0 99\tPutin\n", "span-out-of-bounds"),
    ("T1\tNOT_A_TYPE 0 5\tPutin\n", "unknown-label"),
    ("T1\tPERSON 0 2;3 5\tPu in\n", "brat-discontinuous"),
    ("T1\tPERSON zero 5\tPutin\n", "brat-syntax"),
    ("E1\tEvent:T1\n", "brat-syntax"),
    ("T1\tTIMEX3 0 5\tPutin\nA1\ttype T1 NOT_A_TYPE\n", "unknown-label"),
])
def test_bad_ann_is_rejected_with_a_check(ann, check):
    with pytest.raises(SWNError) as e:
        from_brat("doc-1", "Putin said", ann)
    assert e.value.check == check


def test_annotation_conf_lists_every_label_and_value():
    from swn import vocab

    conf = annotation_conf()
    for label in vocab.ENTITY_LABELS:
        assert f"\n{label}\n" in conf
    for value in (*vocab.TIMEX3_MODS, *vocab.ZONES, *vocab.STANCE_TARGETS, *vocab.QUANTITY_MODIFIERS):
        assert value in conf


class _Doc:  # what the brat export needs of a Document
    def __init__(self, doc_id, text, annotations):
        self.id, self.text, self.annotations = doc_id, text, annotations


def _sorted(ann: AnnotationSet) -> AnnotationSet:
    from swn import vocab

    return replace(_carried(ann), **{layer: tuple(sorted(ann.layer(layer), key=lambda s: (s.start, s.end)))
                                     for layer in vocab.LAYER_NAMES})


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(g=generated_documents())
def test_export_never_repeats_offsets_in_one_ann_and_reads_back(tmp_path_factory, g):
    out = tmp_path_factory.mktemp("brat")
    write_files(out, export([_Doc(g.doc_id, g.text, g.annotations)]))
    for ann_path in out.rglob("*.ann"):
        offsets = [line.split("\t")[1].split(" ", 1)[1] for line in ann_path.read_text().splitlines()
                   if line.startswith("T")]
        assert len(offsets) == len(set(offsets)), ann_path
    assert read_folder(out, {g.doc_id: g.text}).annotations[g.doc_id] == _sorted(g.annotations)


@pytest.fixture(scope="module")
def gold_export(gold_present, tmp_path_factory):
    assert gold_present
    docs = load_corpus()
    out = tmp_path_factory.mktemp("gold-brat")
    write_files(out, export(docs))
    return docs, out


def test_gold_round_trips_exactly_through_every_collection(gold_export):
    docs, out = gold_export
    result = read_folder(out, {d.id: d.text for d in docs})
    assert result.layers == vocab_layers() and result.filled == ()
    for d in docs:
        assert result.annotations[d.id] == _carried(d.annotations)
    # layers that share offsets went to their own collections, named in README.md
    assert {p.name for p in out.iterdir() if p.is_dir()} >= {"structure", "stance-2"}
    assert "structure/" in (out / "README.md").read_text()


def test_pybrat_default_mode_reads_every_collection(gold_export):
    from pybrat.parser import BratParser

    docs, out = gold_export
    examples = BratParser().parse(str(out))  # default: error="raise"; walks sub-collections
    n_spans = sum(len(a.layer(layer)) for d in docs for layer in vocab_layers() for a in [d.annotations])
    measured = sum(1 for d in docs for q in d.annotations.quantities if q.measured_entity)
    assert n_spans <= sum(len(e.entities) for e in examples) <= n_spans + measured  # measured entities may reuse a T
    assert sum(len(ent.references) for e in examples for ent in e.entities) == 356
    assert sum(len(e.relations) for e in examples) == measured
    assert {e.text for e in examples} == {d.text for d in docs}


def test_bratly_reads_every_collection(gold_export):
    from bratly.io import read_document_collection_from_folder

    docs, out = gold_export
    folders = [out, *(p for p in out.iterdir() if p.is_dir())]
    n = 0
    for folder in folders:
        collection = read_document_collection_from_folder(str(folder))
        assert len(collection.documents) == len(docs)
        n += sum(len(c.annotations) for doc in collection.documents for c in doc.annotation_collections)
    assert n > 0


def test_layers_option_and_confs(gold_export, tmp_path):
    docs, _ = gold_export
    files = export(docs, layers=["entities", "temporal"])
    assert not any("/" in p for p in files)  # entities and temporal never share offsets: one collection
    assert "[normalization]\nSWN\t" in files["tools.conf"].decode()
    write_files(tmp_path, files)
    result = read_folder(tmp_path, {d.id: d.text for d in docs})
    assert result.layers == ("entities", "temporal")
    assert all(not a.stance and not a.structure for a in result.annotations.values())
    with pytest.raises(SWNError) as e:
        export(docs, layers=["doc_stance"])
    assert e.value.check == "unknown-layer"


def test_missing_attributes_get_scheme_defaults_and_are_reported():
    filled: list[str] = []
    ann = from_brat("doc-1", "Putin said on Monday", "T1\tTIMEX3 14 20\tMonday\nT2\tQUANTITY 0 5\tPutin\n", filled)
    assert ann.temporal[0].type == "DATE" and ann.temporal[0].value is None
    assert "doc-1 T1 (line 1): temporal.type filled with DATE" in filled
    assert any(f.startswith("doc-1 T2 (line 2): quantities.modifier") for f in filled)


def test_folder_reader_names_the_file(gold_export, tmp_path):
    docs, out = gold_export
    import shutil

    shutil.copytree(out, tmp_path / "b")
    ann = next((tmp_path / "b").glob("*.ann"))
    ann.write_text(ann.read_text() + "T999\tNOT_A_TYPE 0 1\tx\n")
    with pytest.raises(SWNError) as e:
        read_folder(tmp_path / "b", {d.id: d.text for d in docs})
    assert e.value.file == ann.name and e.value.record.startswith("line ")


def vocab_layers():
    from swn import vocab

    return vocab.LAYER_NAMES
