"""Importing a round export: exact round trip; refusal (attribution, foreign projects, reused
exports, an older gold, an applied round) that writes nothing."""
from __future__ import annotations

import copy
import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swn import vocab
from swn.cli import main
from swn.errors import SWNError
from swn.labelstudio.importer import annotator_name, import_export
from swn.labelstudio.offsets import Utf16Index
from swn.labelstudio.results import strip_ids
from swn.model import AnnotationSet, Entity, Zone
from swn.store import load_corpus, read_annotation_dir, read_json, write_json, write_jsonl
from tests.labelstudio.exports import ALICE, BOB, first_task, simulated_export, write_export
from tests.strategies import corpora, metadata_for, write_corpus


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@settings(max_examples=30)
@given(corpora(max_docs=3))
def test_gold_to_tasks_to_export_to_import_gives_the_gold(corpus):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_corpus(Path(tmp), corpus)
        export = write_export(root, simulated_export(root, (ALICE, BOB)))
        gold_before = tree_hash(root / "annotations" / "gold")
        imported, folder = import_export(export, 1, root=root)
        assert sorted(p.name for p in folder.iterdir()) == ["alice-smith-example-org", "bob-example-org",
                                                           "import.json"]
        for name in ("alice-smith-example-org", "bob-example-org"):
            passes = read_annotation_dir(folder / name)
            assert sorted(passes) == sorted(d.doc_id for d in corpus.documents)
            for d in corpus.documents:
                assert strip_ids(passes[d.doc_id]) == strip_ids(d.annotations)
                assert passes[d.doc_id] == imported.passes[name][d.doc_id]
        assert tree_hash(root / "annotations" / "gold") == gold_before  # the gold is never touched
        record = read_json(folder / "import.json")
        assert record["annotators"]["bob-example-org"] == "bob@example.org" and record["repairs"] == []


def _first_region(export):
    for task in export["projects"][0]["tasks"]:
        for ann in task["annotations"]:
            for r in ann["result"]:
                if r.get("type") == "labels":
                    return task, r
    return None, None


def _tamper(kind: str, export: list[dict]) -> bool:
    """Apply one tampering; False when the export has nothing to tamper with that way."""
    task, region = _first_region(export)
    first = first_task(export)
    if kind == "text":
        t = first["data"]["text"]
        first["data"]["text"] = t[:-1] + ("x" if t[-1] != "x" else "y")
    elif kind == "sha256":
        first["data"]["sha256"] = "0" * 64
    elif kind == "doc_id":
        first["data"]["doc_id"] = "not-in-the-corpus"
    elif kind == "label":
        if region is None:
            return False
        region["value"]["labels"] = ["NOT_A_LABEL"]
    elif kind == "value_text":
        if region is None:
            return False
        region["value"]["text"] = "X" + region["value"]["text"]
    elif kind == "control":
        first["annotations"][0]["result"].append(
            {"id": "zz", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["x"]}})
    elif kind == "duplicate":
        first["annotations"].append(copy.deepcopy(first["annotations"][0]))
    elif kind == "updated_by":  # someone else edited and clicked Update
        first["annotations"][0]["updated_by"] = BOB["id"]
    elif kind == "completed_by":  # bob annotated in alice's project
        first["annotations"][0]["completed_by"] = BOB
        first["annotations"][0]["updated_by"] = BOB["id"]
    elif kind == "title":
        export["projects"][0]["title"] = "SWN round 1"
    elif kind == "stamp":
        del first["data"]["swn"]["round"]
    elif kind == "round":
        export["round"] = 7
    elif kind == "gold":
        first["data"]["swn"]["gold_sha256"] = "0" * 64
    return True


@settings(max_examples=30)
@given(corpora(max_docs=2), st.sampled_from(("text", "sha256", "doc_id", "label", "value_text", "control",
                                             "duplicate", "updated_by", "completed_by", "title", "stamp", "round",
                                             "gold")))
def test_a_tampered_export_changes_no_file(corpus, kind):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_corpus(Path(tmp), corpus)
        import_export(write_export(root, simulated_export(root)), 1, root=root)  # an earlier, good round
        export = simulated_export(root, (ALICE, BOB), first_project=10)
        if not _tamper(kind, export):
            return
        path = write_export(root, export, "tampered.json")
        before = tree_hash(root)
        for round_no, replace in ((1, False), (1, True)):
            with pytest.raises(SWNError):
                import_export(path, round_no, root=root, replace=replace)
            assert tree_hash(root) == before


@pytest.fixture
def corpus_root(tmp_path):
    """One document with astral characters (emoji, a flag, a mathematical letter) and U+00A0."""
    text = "Moscow 😀 and 🇷🇺 Damascus\u00a0signed; “Syria” 𝐀 waits."
    ents = []
    for k, (word, eid) in enumerate((("Moscow", "moscow"), ("Damascus", "damascus"), ("Syria", "syria")), 1):
        s = text.index(word)
        ents.append(Entity(id=f"doc-emoji#e{k}", start=s, end=s + len(word), text=word, label="GPE", entity_id=eid))
    ann = AnnotationSet(doc_id="doc-emoji", entities=tuple(ents),
                        structure=(Zone(id="doc-emoji#z1", start=0, end=len(text), text=text, zone="body"),),
                        doc_stance={t: "NONE" for t in vocab.STANCE_TARGETS})
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    (tmp_path / "corpus" / "raw" / "doc-emoji.txt").write_bytes(text.encode("utf-8"))
    write_jsonl(tmp_path / "corpus" / "metadata.jsonl", [metadata_for("doc-emoji", text).to_dict()])
    write_json(tmp_path / "annotations" / "gold" / "doc-emoji.json", ann.to_dict())
    return tmp_path


def test_utf16_offsets_from_an_export_are_repaired_and_recorded(corpus_root):
    export = simulated_export(corpus_root)
    text = first_task(export)["data"]["text"]
    index = Utf16Index(text)
    for r in first_task(export)["annotations"][0]["result"]:
        if r.get("from_name") == "entities" and r["value"]["text"] == "Syria":
            r["value"]["start"], r["value"]["end"] = index.to_utf16(r["value"]["start"]), index.to_utf16(r["value"]["end"])
    imported, folder = import_export(write_export(corpus_root, export), 1, root=corpus_root)
    gold = load_corpus(corpus_root)[0].annotations
    assert strip_ids(imported.passes["alice-smith-example-org"]["doc-emoji"]) == strip_ids(gold)
    (repair,) = read_json(folder / "import.json")["repairs"]
    assert repair["text"] == "Syria" and repair["utf16"][0] == repair["code_points"][0] + 3


def test_an_existing_round_is_replaced_only_on_request_and_keeps_curator_files(corpus_root):
    path = write_export(corpus_root, simulated_export(corpus_root))
    _, folder = import_export(path, 1, root=corpus_root)
    (folder / "decisions.json").write_text("{}", encoding="utf-8")
    (folder / "conflicts.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SWNError) as e:
        import_export(path, 1, root=corpus_root)
    assert e.value.check == "round-exists"
    import_export(write_export(corpus_root, simulated_export(corpus_root, (BOB,), first_project=5), "bob.json"), 1,
                  root=corpus_root, replace=True)
    assert sorted(p.name for p in folder.iterdir()) == ["bob-example-org", "decisions.json", "import.json"]


def test_skipped_drafts_and_unsubmitted_tasks_are_reported_per_annotator(corpus_root):
    export = simulated_export(corpus_root, (ALICE, BOB))
    bob_task = first_task(export, 1)
    bob_task["annotations"][0]["was_cancelled"] = True
    first_task(export)["drafts"] = [{"id": 77, "user": ALICE["email"], "result": []}]
    imported, folder = import_export(write_export(corpus_root, export), 1, root=corpus_root)
    assert list(imported.passes) == ["alice-smith-example-org"]
    record = read_json(folder / "import.json")
    assert [(s["annotator"], s["task"]) for s in record["skipped"]] == [("bob-example-org", bob_task["id"])]
    assert [(d["annotator"], d["draft"]) for d in record["drafts"]] == [("alice-smith-example-org", 77)]
    assert [n["annotator"] for n in record["not_submitted"]] == ["bob-example-org"]


def test_an_export_without_submitted_annotations_is_refused(corpus_root):
    export = simulated_export(corpus_root, (ALICE, BOB))
    for p in export["projects"]:
        p["tasks"][0]["annotations"] = []
    with pytest.raises(SWNError, match="no submitted annotation"):
        import_export(write_export(corpus_root, export), 1, root=corpus_root)


def test_annotator_names():
    assert annotator_name({"id": 3, "email": "Ann.O'Neil+ls@Example.org"}) == ("ann-o-neil-ls-example-org",
                                                                               "Ann.O'Neil+ls@Example.org")
    assert annotator_name(7) == ("user-7", 7)
    assert annotator_name({"id": 9, "email": ""}) == ("user-9", 9)
    with pytest.raises(SWNError):
        annotator_name(None)


def test_two_users_with_one_name_are_refused(corpus_root):
    export = simulated_export(corpus_root, ({"id": 1, "email": "a.b@x.org"}, {"id": 2, "email": "a-b@x.org"}))
    with pytest.raises(SWNError) as e:
        import_export(write_export(corpus_root, export), 1, root=corpus_root)
    assert e.value.check == "ls-annotator"


def test_an_annotation_updated_by_another_user_is_refused_naming_both(corpus_root):
    export = simulated_export(corpus_root, (ALICE, BOB))
    ann = first_task(export)["annotations"][0]
    ann["updated_by"] = BOB["id"]
    before = tree_hash(corpus_root / "annotations")
    with pytest.raises(SWNError) as e:
        import_export(write_export(corpus_root, export), 1, root=corpus_root)
    assert e.value.check == "ls-attribution" and e.value.field == "updated_by"
    assert ALICE["email"] in e.value.message and BOB["email"] in e.value.message
    assert e.value.record == f"project 1 task {first_task(export)['id']} annotation {ann['id']}"
    assert tree_hash(corpus_root / "annotations") == before


def test_a_plain_project_export_or_another_rounds_export_is_refused(corpus_root):
    export = simulated_export(corpus_root)
    with pytest.raises(SWNError, match="plain Label Studio export"):
        import_export(write_export(corpus_root, export["projects"][0]["tasks"]), 1, root=corpus_root)
    with pytest.raises(SWNError) as e:
        import_export(write_export(corpus_root, export), 2, root=corpus_root)
    assert e.value.check == "round-foreign-project"
    assert not (corpus_root / "annotations" / "rounds").exists()


def test_an_export_is_imported_in_one_round_only(corpus_root):
    path = write_export(corpus_root, simulated_export(corpus_root))
    import_export(path, 1, root=corpus_root)
    before = tree_hash(corpus_root / "annotations")
    export = read_json(path)
    export["round"] = 2
    for p in export["projects"]:  # the same projects, relabelled as round 2
        p["title"] = p["title"].replace("round 1", "round 2")
        for t in p["tasks"]:
            t["data"]["swn"]["round"] = 2
    for exp in (read_json(path), export):
        with pytest.raises(SWNError) as e:
            import_export(write_export(corpus_root, exp, "again.json"), 2, root=corpus_root)
        assert e.value.check in ("round-reused-export", "round-foreign-project")
        (corpus_root / "again.json").unlink()
        assert tree_hash(corpus_root / "annotations") == before


def test_tasks_made_from_an_older_gold_are_refused(corpus_root):
    path = write_export(corpus_root, simulated_export(corpus_root))
    gold = corpus_root / "annotations" / "gold" / "doc-emoji.json"
    data = read_json(gold)
    data["doc_stance"]["peace_process"] = "FAVOR"  # a later round changed the gold
    write_json(gold, data)
    before = tree_hash(corpus_root / "annotations")
    with pytest.raises(SWNError) as e:
        import_export(path, 1, root=corpus_root)
    assert e.value.check == "round-stale-gold" and "--rebase" in e.value.message
    assert tree_hash(corpus_root / "annotations") == before


def test_rebase_carries_only_the_annotators_changes_and_lists_the_rest(corpus_root):
    export = simulated_export(corpus_root)
    ann = first_task(export)["annotations"][0]
    # Alice deletes Moscow (e1) and Syria (e3) and sets one document stance.
    ann["result"] = [r for r in ann["result"] if r.get("id") not in ("e1", "e3")]
    for r in ann["result"]:
        if r.get("from_name") == "doc_stance_peace_process":
            r["value"]["choices"] = ["AGAINST"]
    path = write_export(corpus_root, export)
    # Meanwhile another round changed Moscow's entity id and another document stance.
    gold_path = corpus_root / "annotations" / "gold" / "doc-emoji.json"
    data = read_json(gold_path)
    data["entities"][0]["entity_id"] = "moscow_city"
    data["doc_stance"]["russian_withdrawal"] = "FAVOR"
    write_json(gold_path, data)
    imported, folder = import_export(path, 1, root=corpus_root, rebase=True)
    (p,) = imported.passes["alice-smith-example-org"].values()
    assert [(e.text, e.entity_id) for e in p.entities] == [("Moscow", "moscow_city"), ("Damascus", "damascus")]
    assert p.doc_stance["peace_process"] == "AGAINST" and p.doc_stance["russian_withdrawal"] == "FAVOR"
    (miss,) = read_json(folder / "import.json")["rebase"]["not_carried"]
    assert miss["span"]["text"] == "Moscow" and "no longer has it" in miss["why"]


def test_an_applied_round_refuses_every_import(corpus_root):
    path = write_export(corpus_root, simulated_export(corpus_root))
    _, folder = import_export(path, 1, root=corpus_root)
    (folder / "applied.json").write_text("{}", encoding="utf-8")
    before = tree_hash(corpus_root / "annotations")
    for replace in (False, True):
        with pytest.raises(SWNError) as e:
            import_export(path, 1, root=corpus_root, replace=replace)
        assert e.value.check == "round-applied" and "read-only" in e.value.message
    assert tree_hash(corpus_root / "annotations") == before


def test_a_round_limited_to_entities_imports_entities_only(corpus_root):
    export = simulated_export(corpus_root, layers=["entities"])
    assert {r["from_name"] for r in first_task(export)["annotations"][0]["result"]} <= {"entities", "entities_entity_id"}
    imported, folder = import_export(write_export(corpus_root, export), 1, root=corpus_root)
    (p,) = imported.passes["alice-smith-example-org"].values()
    assert p.entities and not p.structure and not p.doc_stance
    assert read_json(folder / "import.json")["layers"] == ["entities"]
    text = first_task(export)["data"]["text"]
    first_task(export)["annotations"][0]["result"].append(
        {"id": "z9", "from_name": "structure", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 6, "text": text[:6], "labels": ["title"]}})
    export["projects"][0]["id"] = 99
    with pytest.raises(SWNError) as e:
        import_export(write_export(corpus_root, export, "more.json"), 2, root=corpus_root)
    assert e.value.check in ("round-layers", "round-foreign-project")


def test_cli_refusal_is_one_line_and_exit_1(corpus_root, capsys, monkeypatch):
    export = simulated_export(corpus_root)
    first_task(export)["data"]["text"] += " "
    path = write_export(corpus_root, export)
    monkeypatch.chdir(corpus_root)
    assert main(["ls", "import", str(path), "--round", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "checksum-mismatch" in err
    assert not (corpus_root / "annotations" / "rounds").exists()
    assert main(["ls", "import", str(write_export(corpus_root, simulated_export(corpus_root))), "--round", "1"]) == 0


def test_passes_go_through_the_corpus_validator(corpus_root):
    export = simulated_export(corpus_root)
    text = first_task(export)["data"]["text"]
    s = text.index("Moscow")
    first_task(export)["annotations"][0]["result"] += [
        {"id": "s9", "from_name": "stance", "to_name": "text", "type": "labels",
         "value": {"start": s, "end": s + 6, "text": "Moscow", "labels": ["peace_process"]}},
        {"id": "s9", "from_name": "stance_polarity", "to_name": "text", "type": "choices",
         "value": {"start": s, "end": s + 6, "choices": ["FAVOR"]}},
        {"id": "s9", "from_name": "stance_holder", "to_name": "text", "type": "textarea",
         "value": {"start": s, "end": s + 6, "text": ["unnamed"]}},  # unnamed needs holder_text
    ]
    path = write_export(corpus_root, export, "bad.json")
    before = tree_hash(corpus_root)
    with pytest.raises(SWNError) as e:
        import_export(path, 1, root=corpus_root)
    task = first_task(export)
    assert e.value.check == "holder-text-missing" and e.value.file == "bad.json"
    assert e.value.record == f"project 1 task {task['id']} annotation {task['annotations'][0]['id']} region s9"
    assert tree_hash(corpus_root) == before


def test_an_ambiguous_region_is_taken_only_when_it_is_the_unchanged_pre_annotation(tmp_path):
    """In "😀😀ababab" the region [4, 6) holds "ab" read as code points and, read as UTF-16, [2, 4)."""
    text = "😀😀ababab"
    ann = AnnotationSet(doc_id="doc-ab", entities=(Entity(id="doc-ab#e1", start=4, end=6, text="ab", label="ORG",
                                                          entity_id="ab"),),
                        structure=(Zone(id="doc-ab#z1", start=0, end=len(text), text=text, zone="body"),),
                        doc_stance={t: "NONE" for t in vocab.STANCE_TARGETS})
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    (tmp_path / "corpus" / "raw" / "doc-ab.txt").write_bytes(text.encode("utf-8"))
    write_jsonl(tmp_path / "corpus" / "metadata.jsonl", [metadata_for("doc-ab", text).to_dict()])
    write_json(tmp_path / "annotations" / "gold" / "doc-ab.json", ann.to_dict())
    imported, _ = import_export(write_export(tmp_path, simulated_export(tmp_path)), 1, root=tmp_path)
    # unchanged pre-annotation: known code points
    assert [(e.start, e.end) for e in imported.passes["alice-smith-example-org"]["doc-ab"].entities] == [(4, 6)]
    export = simulated_export(tmp_path, (BOB,), round_no=2, first_project=5)
    first_task(export)["predictions"] = []  # no pre-annotation to vouch for the offsets: refused, not guessed
    with pytest.raises(SWNError) as e:
        import_export(write_export(tmp_path, export, "again.json"), 2, root=tmp_path)
    assert e.value.check == "ls-offset-ambiguous" and "again.json" in e.value.file
    assert not (tmp_path / "annotations" / "rounds" / "2").exists()
