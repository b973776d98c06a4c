"""Importing a Label Studio export as a round: exact round trip, refusal that writes nothing."""
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
from swn.labelstudio.tasks import build_tasks
from swn.model import AnnotationSet, Entity, Zone
from swn.store import load_corpus, read_annotation_dir, read_json, write_json, write_jsonl
from tests.strategies import corpora, metadata_for, write_corpus

ALICE = {"id": 1, "email": "Alice.Smith@example.org", "first_name": "", "last_name": ""}
BOB = {"id": 2, "email": "bob@example.org", "first_name": "", "last_name": ""}


def simulated_export(root: Path, annotators=(ALICE,)) -> list[dict]:
    """What Label Studio exports after each annotator submitted the gold pre-annotation unchanged."""
    docs = load_corpus(root)
    tasks = build_tasks(docs, {d.id: d.annotations for d in docs}, "swn-gold-test")
    export = []
    for n, t in enumerate(tasks, start=1):
        pred = t["predictions"][0]
        export.append({
            "id": n, "data": t["data"], "predictions": [dict(pred, id=n, task=n)],
            "annotations": [{"id": 100 * n + k, "completed_by": user, "result": copy.deepcopy(pred["result"]),
                             "was_cancelled": False, "ground_truth": False, "task": n}
                            for k, user in enumerate(annotators)],
        })
    return export


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def write_export(root: Path, export, name="export.json") -> Path:
    p = root / name
    p.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return p


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
    for task in export:
        for ann in task["annotations"]:
            for r in ann["result"]:
                if r.get("type") == "labels":
                    return task, r
    return None, None


def _tamper(kind: str, export: list[dict]) -> bool:
    """Apply one tampering; False when the export has nothing to tamper with that way."""
    task, region = _first_region(export)
    if kind == "text":
        t = export[0]["data"]["text"]
        export[0]["data"]["text"] = t[:-1] + ("x" if t[-1] != "x" else "y")
    elif kind == "sha256":
        export[0]["data"]["sha256"] = "0" * 64
    elif kind == "doc_id":
        export[0]["data"]["doc_id"] = "not-in-the-corpus"
    elif kind == "label":
        if region is None:
            return False
        region["value"]["labels"] = ["NOT_A_LABEL"]
    elif kind == "value_text":
        if region is None:
            return False
        region["value"]["text"] = "X" + region["value"]["text"]
    elif kind == "control":
        export[0]["annotations"][0]["result"].append(
            {"id": "zz", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["x"]}})
    elif kind == "duplicate":
        export[0]["annotations"].append(copy.deepcopy(export[0]["annotations"][0]))
    return True


@settings(max_examples=30)
@given(corpora(max_docs=2), st.sampled_from(("text", "sha256", "doc_id", "label", "value_text", "control",
                                             "duplicate")))
def test_a_tampered_export_changes_no_file(corpus, kind):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_corpus(Path(tmp), corpus)
        import_export(write_export(root, simulated_export(root)), 1, root=root)  # an earlier, good round
        export = simulated_export(root, (ALICE, BOB))
        if not _tamper(kind, export):
            return
        path = write_export(root, export, "tampered.json")
        before = tree_hash(root)
        for round_no, replace in ((2, False), (1, True)):
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
    text = export[0]["data"]["text"]
    index = Utf16Index(text)
    for r in export[0]["annotations"][0]["result"]:
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
    import_export(write_export(corpus_root, simulated_export(corpus_root, (BOB,))), 1, root=corpus_root, replace=True)
    assert sorted(p.name for p in folder.iterdir()) == ["bob-example-org", "decisions.json", "import.json"]


def test_cancelled_annotations_are_skipped_and_an_empty_export_refused(corpus_root):
    export = simulated_export(corpus_root, (ALICE, BOB))
    export[0]["annotations"][1]["was_cancelled"] = True
    imported, folder = import_export(write_export(corpus_root, export), 1, root=corpus_root)
    assert list(imported.passes) == ["alice-smith-example-org"]
    assert read_json(folder / "import.json")["skipped"][0]["annotator"] == "bob-example-org"
    export[0]["annotations"] = []
    with pytest.raises(SWNError, match="no submitted annotation"):
        import_export(write_export(corpus_root, export), 2, root=corpus_root)


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


def test_cli_refusal_is_one_line_and_exit_1(corpus_root, capsys, monkeypatch):
    export = simulated_export(corpus_root)
    export[0]["data"]["text"] += " "
    path = write_export(corpus_root, export)
    monkeypatch.chdir(corpus_root)
    assert main(["ls", "import", str(path), "--round", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "checksum-mismatch" in err
    assert not (corpus_root / "annotations" / "rounds").exists()
    assert main(["ls", "import", str(write_export(corpus_root, simulated_export(corpus_root))), "--round", "1"]) == 0


def test_passes_go_through_the_corpus_validator(corpus_root):
    export = simulated_export(corpus_root)
    text = export[0]["data"]["text"]
    s = text.index("Moscow")
    export[0]["annotations"][0]["result"] += [
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
    assert e.value.check == "holder-text-missing" and e.value.file == "alice-smith-example-org/doc-emoji.json"
    assert tree_hash(corpus_root) == before
