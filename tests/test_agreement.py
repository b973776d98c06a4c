"""Agreement: laws on generated passes, and textbook values of κ and α."""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from swn import vocab
from swn.agreement import agreement, cohen_kappa, krippendorff_alpha, read_passes, to_markdown
from swn.store import write_annotations
from tests.strategies import generated_documents


def _passes(*sets_by_pass):
    return {f"p{i}": {a.doc_id: a for a in sets} for i, sets in enumerate(sets_by_pass)}


@given(generated_documents())
def test_a_pass_agrees_perfectly_with_itself(gen):
    ann = gen.annotations
    report = agreement(_passes([ann], [ann]))
    for s in report.spans:
        n = len(ann.layer(s.layer))
        assert (s.n_a, s.n_b) == (n, n)
        assert s.strict_f1 == (1.0 if n else None)
        assert s.overlap_f1 == (1.0 if n else None)
    for a in report.attributes:
        assert a.agree == a.n
        assert a.kappa in (1.0, None) and a.alpha in (1.0, None)
    assert report.doc_stance.alpha in (1.0, None)


@given(generated_documents(), generated_documents())
def test_agreement_is_symmetric(g1, g2):
    a1 = g1.annotations
    a2 = g2.annotations
    a2 = dataclasses.replace(a2, doc_id=a1.doc_id)
    r12 = agreement({"x": {a1.doc_id: a1}, "y": {a1.doc_id: a2}})
    r21 = agreement({"x": {a1.doc_id: a2}, "y": {a1.doc_id: a1}})
    for s, t in zip(r12.spans, r21.spans):
        assert (s.n_a, s.n_b, s.strict_matches, s.overlap_matches) == (t.n_b, t.n_a, t.strict_matches,
                                                                          t.overlap_matches)
    for a, b in zip(r12.attributes, r21.attributes):
        assert (a.n, a.agree) == (b.n, b.agree)
        assert (a.kappa is None) == (b.kappa is None)
        if a.kappa is not None:
            assert math.isclose(a.kappa, b.kappa, abs_tol=1e-12)


@given(generated_documents(), st.data())
def test_relabelling_one_entity_breaks_strict_but_not_overlap(gen, data):
    ann = gen.annotations
    if not ann.entities:
        return
    i = data.draw(st.integers(0, len(ann.entities) - 1))
    old = ann.entities[i]
    new_label = data.draw(st.sampled_from([l for l in vocab.ENTITY_LABELS if l != old.label]))
    changed = ann.with_layer("entities", [*ann.entities[:i], dataclasses.replace(old, label=new_label),
                                          *ann.entities[i + 1:]])
    s = next(x for x in agreement(_passes([ann], [changed])).spans if x.layer == "entities")
    n = len(ann.entities)
    assert s.strict_matches == n - 1
    assert s.overlap_matches == n


def test_cohen_kappa_textbook_value():
    # 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (Wikipedia's example): κ = 0.4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert math.isclose(cohen_kappa(a, b), 0.4)
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None
    assert cohen_kappa([], []) is None


def test_krippendorff_alpha_known_value_and_missing_data():
    # The krippendorff package's README example (3 coders × 15 units, missing values): nominal α = 0.691
    rows = [
        [None, None, None, None, None, "3", "4", "1", "2", "1", "1", "3", "3", None, "3"],
        ["1", None, "2", "1", "3", "3", "4", "3", None, None, None, None, None, None, None],
        [None, None, "2", "1", "3", "4", "4", None, "2", "1", "1", "3", "3", None, "4"],
    ]
    assert math.isclose(krippendorff_alpha(rows), 0.691, abs_tol=0.001)
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None


def test_read_passes_and_markdown_are_deterministic(tmp_path: Path):
    from hypothesis import find
    from tests.strategies import corpora
    corpus = find(corpora(min_docs=2), lambda c: sum(len(d.annotations.entities) for d in c.documents) >= 3)
    for name in ("a", "b"):
        for d in corpus.documents:
            write_annotations(tmp_path / name / f"{d.doc_id}.json", d.annotations)
    passes = read_passes(tmp_path)
    assert sorted(passes) == ["a", "b"]
    md1 = to_markdown(agreement(passes))
    md2 = to_markdown(agreement(read_passes(tmp_path)))
    assert md1 == md2 and "| entities |" in md1


def test_fewer_than_two_passes_is_an_error(tmp_path: Path):
    from swn.errors import SWNError
    with pytest.raises(SWNError) as e:
        agreement({"only": {}})
    assert e.value.check == "too-few-passes"


@given(generated_documents(), st.data())
def test_stance_by_target_partitions_the_stance_layer(gen, data):
    """Per-target rows add up to the stance layer, and flipping one span's polarity shows in its target only."""
    ann = gen.annotations
    report = agreement(_passes([ann], [ann]))
    if ann.stance:
        rows = [t for t in report.targets if t.pair == ("p0", "p1")]
        assert sum(t.spans.n_a for t in rows) == len(ann.stance)
        assert all(t.spans.strict_f1 in (1.0, None) for t in rows)
        i = data.draw(st.integers(0, len(ann.stance) - 1))
        old = ann.stance[i]
        flipped = "AGAINST" if old.polarity == "FAVOR" else "FAVOR"
        changed = ann.with_layer("stance", [*ann.stance[:i], dataclasses.replace(old, polarity=flipped),
                                            *ann.stance[i + 1:]])
        after = {t.target: t for t in agreement(_passes([ann], [changed])).targets}
        before = {t.target: t for t in rows}
        for target, t in after.items():
            lost = 1 if target == old.target else 0
            assert t.polarity_agree >= before[target].polarity_agree - 1
            assert t.spans.n_a == before[target].spans.n_a
            if not lost:
                assert t.polarity_agree == before[target].polarity_agree
    assert len(report.doc_alpha_by_target) == len(vocab.STANCE_TARGETS)


@given(generated_documents())
def test_a_layer_a_pass_did_not_annotate_is_left_out_not_scored_zero(gen):
    ann = gen.annotations
    stance_only = dataclasses.replace(ann, entities=(), temporal=(), quantities=(), structure=())
    report = agreement(_passes([ann], [stance_only]))
    assert {s.layer for s in report.spans} <= {"stance"}
    if ann.stance:
        assert [s.layer for s in report.spans] == ["stance"]


@pytest.mark.parametrize("spec", ["gold", "=x", "gold=", "a b=x"])
def test_extra_pass_needs_name_and_folder(spec):
    from swn.agreement import parse_extra_pass
    from swn.errors import SWNError
    with pytest.raises(SWNError) as e:
        parse_extra_pass(spec)
    assert e.value.field == "--with"


def test_agreement_cli_adds_extra_passes_and_records_the_command(tmp_path: Path, capsys):
    from hypothesis import find
    from swn.cli import main
    from tests.strategies import corpora
    corpus = find(corpora(min_docs=2), lambda c: sum(len(d.annotations.stance) for d in c.documents) >= 2)
    for name in ("passes/a", "passes/b", "gold"):
        for d in corpus.documents:
            write_annotations(tmp_path / name / f"{d.doc_id}.json", d.annotations)
    out = tmp_path / "AGREEMENT.md"
    assert main(["agreement", str(tmp_path / "passes"), "--with", f"g={tmp_path / 'gold'}", "--out", str(out),
                 "--root", str(tmp_path)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "--with g=" in md and "| a – g |" in md and "## Stance by target" in md
    assert main(["agreement", str(tmp_path / "passes"), "--with", f"g={tmp_path / 'gold'}", "--out", str(out),
                 "--root", str(tmp_path), "--check"]) == 0
