"""brat standoff: round trips (brat -> gold equals gold for what brat carries) and rejections."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given

from swn.errors import SWNError
from swn.formats.brat import annotation_conf, from_brat, to_brat
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
