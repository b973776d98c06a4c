"""swn adjudicate: agreed spans accepted, conflicts listed, decisions applied atomically with stable ids."""
from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swn import vocab
from swn.adjudicate import adjudicate_round, apply_decisions
from swn.cli import main
from swn.errors import SWNError
from swn.labelstudio.results import strip_ids
from swn.model import AnnotationSet, Entity, Zone
from swn.store import read_annotations, read_json, write_annotations, write_json, write_jsonl
from tests.strategies import corpora, metadata_for, write_corpus

TEXT = "Moscow 😀 and Damascus signed; Syria and Turkey wait."
DOC = "doc-one"


def _ent(k: int, word: str, label: str = "GPE", eid: str | None = None) -> Entity:
    """A mention; another label than GPE links another entity of that type (the registry's types
    must agree with the labels)."""
    s = TEXT.index(word)
    default = word.lower() if label == "GPE" else f"{word.lower()}_{label.lower()}"
    return Entity(id=f"{DOC}#e{k}", start=s, end=s + len(word), text=word, label=label,
                  entity_id=eid or default)


GOLD = AnnotationSet(doc_id=DOC, entities=(_ent(1, "Moscow"), _ent(2, "Damascus"), _ent(3, "Syria")),
                     structure=(Zone(id=f"{DOC}#z1", start=0, end=len(TEXT), text=TEXT, zone="body"),),
                     doc_stance={**{t: "NONE" for t in vocab.STANCE_TARGETS}, "peace_process": "FAVOR"})


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    (tmp_path / "corpus" / "raw" / f"{DOC}.txt").write_bytes(TEXT.encode("utf-8"))
    write_jsonl(tmp_path / "corpus" / "metadata.jsonl", [metadata_for(DOC, TEXT).to_dict()])
    write_annotations(tmp_path / "annotations" / "gold" / f"{DOC}.json", GOLD)
    write_json(tmp_path / "annotations" / "entities.json", {"entities": [
        {"id": i, "name": i.title(), "type": t, "aliases": [], "wikidata": None}
        for i, t in (("moscow", "GPE"), ("damascus", "GPE"), ("syria", "GPE"), ("turkey", "GPE"),
                     ("moscow_org", "ORG"), ("syria_loc", "LOC"))]})
    (tmp_path / "VERSION").write_text("1.0.0\n", encoding="utf-8")
    return tmp_path


def write_round(root: Path, n: int, passes: dict[str, AnnotationSet]) -> None:
    for name, ann in passes.items():
        write_annotations(root / "annotations" / "rounds" / str(n) / name / f"{ann.doc_id}.json", ann)


def decide(root: Path, n: int, decisions: dict) -> Path:
    p = root / f"decisions-{n}.json"
    p.write_text(json.dumps(decisions), encoding="utf-8")
    return p


def test_full_agreement_gives_no_conflict_and_changes_nothing(root):
    write_round(root, 1, {"ann": GOLD, "bob": GOLD})
    adj, out = adjudicate_round(1, root=root)
    assert adj.conflicts == [] and read_json(out)["agreed"] == 3 + 1 + 5  # entities, zone, doc-stance targets
    before = (root / "annotations" / "gold" / f"{DOC}.json").read_bytes()
    result = apply_decisions(1, decide(root, 1, {}), root=root)
    assert result.changed == {} and result.version is None
    assert (root / "annotations" / "gold" / f"{DOC}.json").read_bytes() == before
    assert (root / "VERSION").read_text() == "1.0.0\n"


def test_disagreements_are_listed_with_every_version_and_the_gold(root):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), _ent(2, "Syria"), _ent(3, "Turkey")),
                  doc_stance={**GOLD.doc_stance, "peace_process": "AGAINST"})
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adj, _ = adjudicate_round(1, root=root)
    by_id = {c.id: c for c in adj.conflicts}
    damascus, turkey = f"{DOC}/entities/13-21", f"{DOC}/entities/40-46"
    assert TEXT[13:21] == "Damascus" and TEXT[40:46] == "Turkey"
    assert sorted(by_id) == [f"{DOC}/doc_stance/peace_process", f"{DOC}/entities/0-6", damascus, turkey]
    moscow = by_id[f"{DOC}/entities/0-6"]
    assert moscow.options["ann"][0]["label"] == "GPE" and moscow.options["bob"][0]["label"] == "ORG"
    assert moscow.options["gold"][0]["id"] == f"{DOC}#e1"
    assert moscow.choices == ["ann", "bob", "gold", "drop"]
    assert by_id[damascus].options["bob"] == []  # only ann has it
    assert by_id[turkey].options["gold"] == []  # new
    assert by_id[f"{DOC}/doc_stance/peace_process"].options == {"ann": "FAVOR", "bob": "AGAINST", "gold": "FAVOR"}
    # Syria (same offsets, same attributes in both passes) is accepted, not a conflict.
    assert [d["text"] for d in adj.accepted[DOC]["entities"]] == ["Syria"]


def test_apply_writes_gold_with_stable_ids_new_ids_and_a_minor_bump(root):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), _ent(2, "Syria"), _ent(3, "Turkey")),
                  doc_stance={**GOLD.doc_stance, "peace_process": "AGAINST"})
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adjudicate_round(1, root=root)
    result = apply_decisions(1, decide(root, 1, {
        f"{DOC}/entities/0-6": {"from": "ann", "label": "ORG", "entity_id": "moscow_org"},
        f"{DOC}/entities/13-21": "drop",
        f"{DOC}/entities/40-46": "bob",
        f"{DOC}/doc_stance/peace_process": {"value": "NONE"},
    }), root=root)
    gold = read_annotations(root / "annotations" / "gold" / f"{DOC}.json")
    assert [(e.id, e.text, e.label) for e in gold.entities] == [
        (f"{DOC}#e1", "Moscow", "ORG"), (f"{DOC}#e3", "Syria", "GPE"), (f"{DOC}#e4", "Turkey", "GPE")]
    assert gold.doc_stance == {t: "NONE" for t in vocab.STANCE_TARGETS}
    assert result.version == ("1.0.0", "1.1.0") and (root / "VERSION").read_text() == "1.1.0\n"
    applied = read_json(root / "annotations" / "rounds" / "1" / "applied.json")
    assert applied["retired_ids"] == [f"{DOC}#e2"] and applied["new_ids"] == [f"{DOC}#e4"]
    with pytest.raises(SWNError) as e:  # a round is applied once
        apply_decisions(1, decide(root, 1, {}), root=root)
    assert e.value.check == "round-applied"


def test_a_retired_id_is_never_reused_by_a_later_round(root):
    without_syria = replace(GOLD, entities=GOLD.entities[:2])
    write_round(root, 1, {"ann": without_syria, "bob": without_syria})
    adjudicate_round(1, root=root)
    apply_decisions(1, decide(root, 1, {}), root=root)  # agreed deletion: e3 retired
    gold1 = read_annotations(root / "annotations" / "gold" / f"{DOC}.json")
    assert [e.id for e in gold1.entities] == [f"{DOC}#e1", f"{DOC}#e2"]
    with_turkey = replace(gold1, entities=(*gold1.entities, _ent(9, "Turkey")))
    write_round(root, 2, {"ann": with_turkey, "bob": with_turkey})
    adjudicate_round(2, root=root)
    apply_decisions(2, decide(root, 2, {}), root=root)
    gold2 = read_annotations(root / "annotations" / "gold" / f"{DOC}.json")
    assert [e.id for e in gold2.entities] == [f"{DOC}#e1", f"{DOC}#e2", f"{DOC}#e4"]
    assert (root / "VERSION").read_text() == "1.2.0\n"


@pytest.mark.parametrize("decisions,check", [
    ({}, "missing-decision"),
    ({f"{DOC}/entities/0-6": "carol"}, "bad-decision"),
    ({f"{DOC}/entities/0-6": "bob", f"{DOC}/entities/99-100": "bob"}, "bad-decision"),
    ({f"{DOC}/entities/0-6": {"start": 0, "end": 6, "text": "Moscox", "label": "GPE", "entity_id": "moscow"}},
     "span-text-mismatch"),
    ({f"{DOC}/entities/0-6": {"from": "bob", "entity_id": "atlantis"}}, "unknown-entity-id"),
    ({f"{DOC}/entities/0-6": {"from": "bob", "label": "CITY"}}, "unknown-label"),
])
def test_bad_or_missing_decisions_change_no_file(root, decisions, check):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), *GOLD.entities[1:]))
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adjudicate_round(1, root=root)
    path = decide(root, 1, decisions)
    before = tree_hash(root)
    with pytest.raises(SWNError) as e:
        apply_decisions(1, path, root=root)
    assert e.value.check == check
    assert tree_hash(root) == before


def test_every_problem_of_a_decisions_file_is_reported_at_once(root):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), GOLD.entities[1], _ent(3, "Syria", "LOC")))
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adj, _ = adjudicate_round(1, root=root)
    moscow, syria = sorted(c.id for c in adj.conflicts)
    path = decide(root, 1, {moscow: "carol", f"{DOC}/entities/99-100": "bob"})  # and no decision for syria
    before = tree_hash(root)
    with pytest.raises(SWNError) as e:
        apply_decisions(1, path, root=root)
    message = e.value.message
    assert message.startswith("3 problems") and "nothing applied" in message
    for cid, check in ((moscow, "bad-decision"), (syria, "missing-decision"), (f"{DOC}/entities/99-100", "bad-decision")):
        assert f"{cid}: decision" in message or f"{cid}: decisions" in message
        assert check in message
    assert tree_hash(root) == before


def test_problems_of_the_new_gold_are_reported_together_with_the_decisions(root):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), GOLD.entities[1], _ent(3, "Syria", "LOC")))
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adj, _ = adjudicate_round(1, root=root)
    moscow, syria = sorted(c.id for c in adj.conflicts)
    path = decide(root, 1, {moscow: {"from": "bob", "entity_id": "atlantis"},
                            syria: {"from": "bob", "entity_id": "lemuria"}})
    with pytest.raises(SWNError) as e:
        apply_decisions(1, path, root=root)
    assert e.value.message.startswith("2 problems") and "'atlantis'" in e.value.message and "'lemuria'" in e.value.message


def test_an_applied_round_is_read_only(root):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), *GOLD.entities[1:]))
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adjudicate_round(1, root=root)
    path = decide(root, 1, {f"{DOC}/entities/0-6": "bob"})
    apply_decisions(1, path, root=root)
    before = tree_hash(root)
    for attempt in (lambda: adjudicate_round(1, root=root), lambda: apply_decisions(1, path, root=root)):
        with pytest.raises(SWNError) as e:
            attempt()
        assert e.value.check == "round-applied" and "read-only" in e.value.message
        assert tree_hash(root) == before


def test_changed_passes_make_the_conflicts_stale(root):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), *GOLD.entities[1:]))
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adjudicate_round(1, root=root)
    write_round(root, 1, {"bob": replace(bob, doc_stance={})})
    with pytest.raises(SWNError) as e:
        apply_decisions(1, decide(root, 1, {f"{DOC}/entities/0-6": "bob"}), root=root)
    assert e.value.check == "stale-conflicts"


def test_cli(root, monkeypatch, capsys):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), *GOLD.entities[1:]))
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    monkeypatch.chdir(root)
    assert main(["adjudicate", "--round", "1"]) == 0
    assert "1 conflicts" in capsys.readouterr().out
    assert main(["adjudicate", "--round", "1", "--apply", str(decide(root, 1, {}))]) == 1
    assert "missing-decision" in capsys.readouterr().err
    assert main(["adjudicate", "--round", "1", "--apply", str(decide(root, 1, {f"{DOC}/entities/0-6": "bob"}))]) == 0
    assert "VERSION 1.0.0 -> 1.1.0" in capsys.readouterr().out


def _variant(data, ann: AnnotationSet, registry) -> AnnotationSet:
    """``ann`` with some spans removed and some mentions linked to another entity, with that
    entity's type as label (still valid: zones, which must tile the text, are kept)."""
    layers = {}
    for name in vocab.LAYER_NAMES:
        kept = []
        for s in ann.layer(name):
            if name != "structure" and data.draw(st.integers(0, 4)) == 0:
                continue
            if name == "entities" and data.draw(st.booleans()):
                other = registry[data.draw(st.sampled_from(sorted(registry)))]
                s = replace(s, label=other.type, entity_id=other.id)
            kept.append(s)
        layers[name] = tuple(kept)
    return replace(ann, **layers)


@settings(max_examples=25)
@given(st.data(), corpora(max_docs=1))
def test_choosing_one_annotator_for_every_conflict_gives_their_pass(data, corpus):
    doc = corpus.documents[0]
    ann, bob = _variant(data, doc.annotations, corpus.registry), _variant(data, doc.annotations, corpus.registry)
    chosen = data.draw(st.sampled_from(("ann", "bob")))
    with tempfile.TemporaryDirectory() as tmp:
        root = write_corpus(Path(tmp), corpus)
        old_gold = doc.annotations
        write_round(root, 1, {"ann": ann, "bob": bob})
        adj, _ = adjudicate_round(1, root=root)
        apply_decisions(1, decide(root, 1, {c.id: chosen for c in adj.conflicts}), root=root)
        new = read_annotations(root / "annotations" / "gold" / f"{doc.doc_id}.json")
    assert strip_ids(new) == strip_ids({"ann": ann, "bob": bob}[chosen])
    old_ids: dict[tuple, set[str]] = {}
    for name in vocab.LAYER_NAMES:
        for s in old_gold.layer(name):
            old_ids.setdefault((name, s.start, s.end), set()).add(s.id)
    max_old = {name: max((int(s.id.split("#")[1][1:]) for s in old_gold.layer(name)), default=0)
               for name in vocab.LAYER_NAMES}
    for name in vocab.LAYER_NAMES:
        ids = [s.id for s in new.layer(name)]
        assert len(ids) == len(set(ids))
        for s in new.layer(name):
            if (name, s.start, s.end) in old_ids:
                assert s.id in old_ids[(name, s.start, s.end)]  # unchanged spans keep their id
            else:
                assert int(s.id.split("#")[1][1:]) > max_old[name]  # new spans get new ids


def test_the_new_gold_goes_through_the_corpus_validator(root):
    no_zone = replace(GOLD, structure=())
    write_round(root, 1, {"ann": GOLD, "bob": no_zone})
    adj, _ = adjudicate_round(1, root=root)
    (zone_conflict,) = [c.id for c in adj.conflicts]
    path = decide(root, 1, {zone_conflict: "bob"})  # dropping the only zone leaves text outside every zone
    before = tree_hash(root)
    with pytest.raises(SWNError) as e:
        apply_decisions(1, path, root=root)
    assert e.value.check == "zone-gap" and tree_hash(root) == before


@pytest.mark.parametrize("decision", [{"from": []}, {"from": {"a": 1}}, 7, None, [], {"spans": [3]},
                                      {"start": "0", "end": 1, "text": "M", "label": "GPE"}])
def test_malformed_decisions_are_refused_naming_the_decisions_file(root, decision, capsys):
    bob = replace(GOLD, entities=(_ent(1, "Moscow", "ORG"), _ent(2, "Damascus"), _ent(3, "Syria")))
    write_round(root, 1, {"ann": GOLD, "bob": bob})
    adjudicate_round(1, root=root)
    path = decide(root, 1, {f"{DOC}/entities/0-6": decision})
    before = tree_hash(root)
    assert main(["adjudicate", "--round", "1", "--apply", str(path), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert tree_hash(root) == before
