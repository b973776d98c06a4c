"""Rounds through a real Label Studio 1.23 server (marker ``labelstudio``; CI runs it via scripts/test).

The server (started as the docs say) and the annotators are fixtures of conftest.py. Each test
uses its own round numbers, since the server is shared.
"""
from __future__ import annotations

import hashlib
import json
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from swn import vocab
from swn.adjudicate import adjudicate_round, apply_decisions
from swn.agreement import agreement, read_passes
from swn.cli import main
from swn.errors import SWNError
from swn.labelstudio import client as lsclient
from swn.labelstudio.config import label_config
from swn.labelstudio.importer import import_export
from swn.labelstudio.offsets import Utf16Index
from swn.labelstudio.results import to_results
from swn.labelstudio.tasks import build_tasks, only_layers
from swn.model import AnnotationSet, Entity, Quantity, StanceEvidence, SubSpan, Timex, Zone
from swn.store import (dumps_json, load_corpus, read_annotation_dir, read_json, read_registry, write_annotations,
                       write_json, write_jsonl)
from tests.strategies import metadata_for

from tests.labelstudio.conftest import ALICE, BOB, SCRIPT

pytestmark = pytest.mark.labelstudio


def test_secrets_are_in_0600_files_and_on_no_command_line(server):
    url, token, state = server
    password = (state / "admin-password").read_text().strip()
    for name in ("token", "admin-password", "secret-key"):
        assert stat.S_IMODE((state / name).stat().st_mode) == 0o600, name
    # What `ps -ww` shows: every process's full command line.
    command_lines = subprocess.run(["ps", "-eww", "-o", "args"], capture_output=True, text=True, check=True).stdout
    assert "label-studio start" in command_lines
    assert token not in command_lines and password not in command_lines
    status = subprocess.run([str(SCRIPT), "status", "--state-dir", str(state)], capture_output=True, text=True)
    assert status.stdout.splitlines() == [f"export LABEL_STUDIO_URL={url}", f"export LABEL_STUDIO_API_KEY={token}"]


TEXT = ("Putin 😀 orders pullout\n\nMoscow said on Monday\u00a0that 11 Russian warships 🇷🇺 left Tartus; "
        "“analysts doubt it”, said 𝐀nna from Damascus.")
DOC = "emoji-news-2017"


def _at(word: str, nth: int = 0) -> dict:
    s = -1
    for _ in range(nth + 1):
        s = TEXT.index(word, s + 1)
    return dict(start=s, end=s + len(word), text=word)


def gold() -> AnnotationSet:
    title_end = TEXT.index("\n")
    body_start = TEXT.index("Moscow")
    return AnnotationSet(
        doc_id=DOC,
        entities=(Entity(id=f"{DOC}#e1", label="PERSON", entity_id="vladimir_putin", **_at("Putin")),
                  Entity(id=f"{DOC}#e2", label="GPE", entity_id="russia", **_at("Moscow")),
                  Entity(id=f"{DOC}#e3", label="NORP", entity_id="russians", **_at("Russian")),
                  Entity(id=f"{DOC}#e4", label="FAC", entity_id="tartus", **_at("Tartus")),
                  Entity(id=f"{DOC}#e5", label="GPE", entity_id="syria_damascus", **_at("Damascus"))),
        temporal=(Timex(id=f"{DOC}#t1", type="DATE", value="2017-12-11", mod=None, **_at("Monday")),),
        quantities=(Quantity(id=f"{DOC}#q1", value=11, value_high=None, unit=None, is_count=True, modifier="exact",
                             measured_entity=SubSpan(**_at("Russian warships")), **_at("11")),),
        stance=(StanceEvidence(id=f"{DOC}#s1", target="russian_withdrawal", polarity="AGAINST", holder="unnamed",
                               holder_text="analysts", **_at("analysts doubt it")),),
        structure=(Zone(id=f"{DOC}#z1", zone="title", start=0, end=title_end, text=TEXT[:title_end]),
                   Zone(id=f"{DOC}#z2", zone="body", start=body_start, end=len(TEXT), text=TEXT[body_start:])),
        doc_stance={t: "NONE" for t in vocab.STANCE_TARGETS},
    )


@pytest.fixture
def corpus(tmp_path) -> Path:
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    (tmp_path / "corpus" / "raw" / f"{DOC}.txt").write_bytes(TEXT.encode("utf-8"))
    write_jsonl(tmp_path / "corpus" / "metadata.jsonl", [metadata_for(DOC, TEXT).to_dict()])
    write_annotations(tmp_path / "annotations" / "gold" / f"{DOC}.json", gold())
    write_json(tmp_path / "annotations" / "entities.json", {"entities": [
        {"id": i, "name": i, "type": t, "aliases": [], "wikidata": None}
        for i, t in (("vladimir_putin", "PERSON"), ("russia", "GPE"), ("moscow", "GPE"), ("russians", "NORP"),
                     ("tartus", "FAC"), ("syria_damascus", "GPE"))]})
    (tmp_path / "VERSION").write_text("1.0.0\n", encoding="utf-8")
    return tmp_path


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode() + b"\0")
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def own_task(client, round_no: int, email: str):
    """The one task of ``email``'s project of the round, as that annotator sees it."""
    (project,) = [p for p in lsclient.round_projects(client, round_no) if p.title.endswith(email)]
    (task,) = list(client.tasks.list(project=project.id, fields="all"))
    return project, task


def submit(client, round_no: int, email: str, ann: AnnotationSet | None = None, result: list | None = None):
    """``email`` submits in their own project: ``ann``, or the pre-annotations kept as they are."""
    _, task = own_task(client, round_no, email)
    if result is None:
        result = to_results(ann) if ann is not None else task.predictions[0].result
    return client.annotations.create(id=task.id, result=result, was_cancelled=False)


def cli(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


def test_a_round_with_blind_attributed_passes(ls_env, users, corpus, capsys):
    root = str(corpus)
    cli("ls", "push", "--round", "1", "--annotators", f"{ALICE},{BOB}", "--root", root)
    projects = lsclient.round_projects(ls_env, 1)
    assert [p.title for p in projects] == [f"SWN round 1 — {ALICE}", f"SWN round 1 — {BOB}"]
    for p in projects:
        project = ls_env.projects.get(id=p.id)
        expected = label_config(registry=read_registry(corpus / "annotations" / "entities.json"))
        assert project.label_config.strip() == expected.strip() and project.maximum_annotations == 1
        (task,) = list(ls_env.tasks.list(project=p.id, fields="all"))
        assert task.data["text"] == TEXT and task.data["swn"]["round"] == 1
        assert task.predictions[0].model_version == "swn-gold-1.0.0"

    # Alice keeps the pre-annotations; bob corrects two spans (Moscow is the city, not Russia) and the
    # doc stance, and one of his
    # regions comes with UTF-16 offsets (as older front ends stored them).
    g = gold()
    bob_version = replace(g, entities=(g.entities[0], replace(g.entities[1], entity_id="moscow"), *g.entities[2:]),
                          temporal=(replace(g.temporal[0], mod="APPROX"),),
                          doc_stance={**g.doc_stance, "russian_withdrawal": "AGAINST"})
    bob_result = to_results(bob_version)
    index = Utf16Index(TEXT)
    tartus = next(r for r in bob_result if r["from_name"] == "entities" and r["value"]["text"] == "Tartus")
    tartus["value"]["start"] = index.to_utf16(tartus["value"]["start"])
    tartus["value"]["end"] = index.to_utf16(tartus["value"]["end"])
    submit(users[ALICE], 1, ALICE)
    submit(users[BOB], 1, BOB, result=bob_result)
    # Bob cannot see alice's work in his own project: his task has only his annotation.
    _, bob_task = own_task(users[BOB], 1, BOB)
    assert [a["completed_by"] for a in bob_task.annotations] == [users[BOB].users.whoami().id]

    export = corpus / "round-1-export.json"
    cli("ls", "pull", "--round", "1", "--out", str(export))
    cli("ls", "import", str(export), "--round", "1", "--root", root)
    folder = corpus / "annotations" / "rounds" / "1"
    passes = {name: read_annotation_dir(folder / name)[DOC] for name in ("alice-example-org", "bob-example-org")}
    assert passes["alice-example-org"] == gold() and passes["bob-example-org"] == bob_version
    record = read_json(folder / "import.json")
    assert [(p["id"], p["title"], p["annotator"]) for p in record["projects"]] == [
        (p.id, p.title, p.title.split(" — ")[1]) for p in projects]
    assert record["model_version"] == "swn-gold-1.0.0" and record["gold"]["version"] == "1.0.0"
    assert record["export"]["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    (repair,) = record["repairs"]
    assert repair["annotator"] == "bob-example-org" and repair["text"] == "Tartus"

    report = agreement(read_passes(folder))
    strict = {s.layer: s.strict_f1 for s in report.spans}
    assert strict["entities"] == 1.0 and strict["structure"] == 1.0  # bob changed an entity_id, not a span

    adj, _ = adjudicate_round(1, root=corpus)
    moscow, monday = _at("Moscow"), _at("Monday")
    assert sorted(c.id for c in adj.conflicts) == [
        f"{DOC}/doc_stance/russian_withdrawal", f"{DOC}/entities/{moscow['start']}-{moscow['end']}",
        f"{DOC}/temporal/{monday['start']}-{monday['end']}"]
    decisions = corpus / "decisions.json"
    decisions.write_text(json.dumps({c.id: "bob-example-org" for c in adj.conflicts}), encoding="utf-8")
    result = apply_decisions(1, decisions, root=corpus)
    assert load_corpus(corpus)[0].annotations == bob_version and result.version == ("1.0.0", "1.1.0")

    # An applied round is read-only: every write to it is refused and changes nothing.
    before = tree_hash(corpus / "annotations")
    capsys.readouterr()
    for argv in (["ls", "import", str(export), "--round", "1", "--replace", "--root", root],
                 ["adjudicate", "--round", "1", "--root", root],
                 ["adjudicate", "--round", "1", "--apply", str(decisions), "--root", root],
                 ["ls", "push", "--round", "1", "--annotators", ALICE, "--root", root],
                 ["agreement", str(folder), "--root", root]):
        assert main(argv) == 1, argv
        assert "round-applied" in capsys.readouterr().err, argv
        assert tree_hash(corpus / "annotations") == before, argv


def test_an_edit_by_another_user_is_refused_naming_both(ls_env, users, corpus):
    cli("ls", "push", "--round", "2", "--annotators", f"{ALICE},{BOB}", "--root", str(corpus))
    alice_ann = submit(users[ALICE], 2, ALICE)
    submit(users[BOB], 2, BOB)
    # Bob opens alice's annotation (the API call the Data Manager makes) and clicks Update.
    g = gold()
    users[BOB].annotations.update(id=alice_ann.id, result=to_results(replace(g, entities=g.entities[1:])))
    export = corpus / "export.json"
    lsclient.pull_round(ls_env, 2, export)
    before = tree_hash(corpus / "annotations")
    with pytest.raises(SWNError) as e:
        import_export(export, 2, root=corpus)
    assert e.value.check == "ls-attribution" and ALICE in e.value.message and BOB in e.value.message
    assert f"annotation {alice_ann.id}" in e.value.record
    assert tree_hash(corpus / "annotations") == before


def test_reused_stale_and_foreign_exports_are_refused(ls_env, users, corpus):
    root = str(corpus)
    for n in (3, 4):  # two rounds pushed from the same gold
        cli("ls", "push", "--round", str(n), "--annotators", f"{ALICE},{BOB}", "--root", root)
        for email in (ALICE, BOB):
            submit(users[email], n, email)
    e3, e4 = corpus / "e3.json", corpus / "e4.json"
    lsclient.pull_round(ls_env, 3, e3)
    import_export(e3, 3, root=corpus)
    before = tree_hash(corpus / "annotations")

    def refused(path, round_no, check):
        with pytest.raises(SWNError) as e:
            import_export(path, round_no, root=corpus)
        assert e.value.check == check, e.value
        assert tree_hash(corpus / "annotations") == before
        return e.value

    refused(e3, 5, "round-foreign-project")  # the export of round 3 imported again as another round
    relabelled = json.loads(e3.read_text(encoding="utf-8"))
    relabelled["round"] = 5
    for p in relabelled["projects"]:
        p["title"] = p["title"].replace("round 3", "round 5")
        for t in p["tasks"]:
            t["data"]["swn"]["round"] = 5
    (corpus / "e3-as-5.json").write_text(json.dumps(relabelled), encoding="utf-8")
    refused(corpus / "e3-as-5.json", 5, "round-reused-export")

    # The gold changes (as an applied round changes it); round 4's tasks are now from an older gold.
    g = gold()
    write_annotations(corpus / "annotations" / "gold" / f"{DOC}.json",
                      replace(g, entities=(g.entities[0], replace(g.entities[1], entity_id="moscow"), *g.entities[2:])))
    before = tree_hash(corpus / "annotations")
    lsclient.pull_round(ls_env, 4, e4)
    assert "--rebase" in refused(e4, 4, "round-stale-gold").message

    # A project that `swn ls push` did not make, titled as if it were round 6's.
    docs = load_corpus(corpus)
    foreign = lsclient.push(ls_env, build_tasks(docs, {d.id: d.annotations for d in docs}, "x"), label_config(),
                            title=f"SWN round 6 — {ALICE}", overlap=1)
    (task,) = list(users[ALICE].tasks.list(project=foreign.project_id, fields="all"))
    users[ALICE].annotations.create(id=task.id, result=task.predictions[0].result, was_cancelled=False)
    e6 = corpus / "e6.json"
    lsclient.pull_round(ls_env, 6, e6)
    refused(e6, 6, "round-foreign-project")


def test_a_round_limited_to_entities_leaves_every_other_layer_byte_identical(ls_env, users, corpus):
    root = str(corpus)
    cli("ls", "push", "--round", "7", "--annotators", f"{ALICE},{BOB}", "--layers", "entities", "--root", root)
    project, _ = own_task(ls_env, 7, ALICE)
    expected = label_config(["entities"], registry=read_registry(corpus / "annotations" / "entities.json"))
    assert ls_env.projects.get(id=project.id).label_config.strip() == expected.strip()
    _, task = own_task(users[ALICE], 7, ALICE)
    assert {r["from_name"] for r in task.predictions[0].result} == {"entities", "entities_entity_id"}
    submit(users[ALICE], 7, ALICE)
    g = gold()
    bob_entities = (replace(g.entities[1], entity_id="moscow"), *g.entities[2:])  # relink Moscow, drop Putin
    bob_result = to_results(only_layers(replace(g, entities=bob_entities), ["entities"]))
    submit(users[BOB], 7, BOB, result=bob_result)
    export = corpus / "e7.json"
    cli("ls", "pull", "--round", "7", "--out", str(export))
    cli("ls", "import", str(export), "--round", "7", "--root", root)
    gold_path = corpus / "annotations" / "gold" / f"{DOC}.json"
    old_bytes = gold_path.read_bytes()
    adj, _ = adjudicate_round(7, root=corpus)
    assert adj.layers == ("entities",) and {c.layer for c in adj.conflicts} == {"entities"}
    decisions = corpus / "d7.json"
    decisions.write_text(json.dumps({c.id: "bob-example-org" for c in adj.conflicts}), encoding="utf-8")
    apply_decisions(7, decisions, root=corpus)
    new = json.loads(gold_path.read_bytes())
    old = json.loads(old_bytes)
    assert [e["text"] for e in new["entities"]] == [e.text for e in bob_entities]
    # Everything but the entities is the old file's bytes.
    assert dumps_json({**old, "entities": new["entities"]}).encode("utf-8") == gold_path.read_bytes()
