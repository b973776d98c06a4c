"""A round through a real Label Studio 1.23 server (marker ``labelstudio``; CI runs it via scripts/test).

The server is started by ``scripts/labelstudio-server`` (which installs it on first use) with a
fresh state folder and a free port, and stopped at the end of the session. Two annotators: the
admin (legacy token printed by the script) and a second user who signs up through the server's
sign-up form and creates a personal access token (the SDK's users.create cannot set a password).
"""
from __future__ import annotations

import http.cookiejar
import json
import socket
import subprocess
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from swn import vocab
from swn.adjudicate import adjudicate_round, apply_decisions
from swn.agreement import agreement, read_passes
from swn.labelstudio import client as lsclient
from swn.labelstudio.config import label_config
from swn.labelstudio.importer import import_export
from swn.labelstudio.offsets import Utf16Index
from swn.labelstudio.results import to_results
from swn.labelstudio.tasks import build_tasks
from swn.model import AnnotationSet, Entity, Quantity, StanceEvidence, SubSpan, Timex, Zone
from swn.store import load_corpus, read_annotation_dir, read_json, write_annotations, write_json, write_jsonl
from tests.strategies import metadata_for

pytestmark = pytest.mark.labelstudio
REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "labelstudio-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    state = tmp_path_factory.mktemp("labelstudio") / "server"
    port = _free_port()
    proc = subprocess.run([str(SCRIPT), "start", "--port", str(port), "--state-dir", str(state)],
                          capture_output=True, text=True, timeout=1500)
    if proc.returncode != 0:
        pytest.fail(f"scripts/labelstudio-server start failed:\n{proc.stderr[-3000:]}")
    env = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    try:
        yield env["LABEL_STUDIO_URL"], env["LABEL_STUDIO_API_KEY"]
    finally:
        subprocess.run([str(SCRIPT), "stop", "--state-dir", str(state)], capture_output=True, timeout=120)


def sign_up(url: str, email: str, password: str) -> str:
    """Create a user through the sign-up form and return a new personal access token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{url}/user/signup/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "email": email, "password": password}).encode()
    opener.open(urllib.request.Request(f"{url}/user/signup/", data=form,
                                       headers={"Referer": f"{url}/user/signup/"})).read()
    assert any(c.name == "sessionid" for c in jar), "sign-up did not log the new user in"
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    req = urllib.request.Request(f"{url}/api/token/", data=b"", method="POST",
                                 headers={"X-CSRFToken": csrf, "Referer": f"{url}/"})
    return json.loads(opener.open(req).read())["token"]


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
                  Entity(id=f"{DOC}#e3", label="NORP", entity_id="russia", **_at("Russian")),
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
        {"id": i, "name": i, "type": "GPE", "aliases": [], "wikidata": None}
        for i in ("vladimir_putin", "russia", "tartus", "syria_damascus")]})
    (tmp_path / "VERSION").write_text("1.0.0\n", encoding="utf-8")
    return tmp_path


def test_a_round_through_a_real_server(server, corpus):
    url, token = server
    admin = lsclient.connect(url, token)
    bob_token = sign_up(url, "bob@example.org", "Swn-test-password-1")
    bob = lsclient.connect(url, bob_token)
    assert bob.users.whoami().email == "bob@example.org"

    # The server accepts the generated config; tasks with the gold as pre-annotations are imported.
    docs = load_corpus(corpus)
    tasks = build_tasks(docs, {d.id: d.annotations for d in docs}, "swn-gold-1.0.0")
    pushed = lsclient.push(admin, tasks, label_config(), title="SWN round 1", overlap=2)
    assert pushed.created and pushed.imported == 1
    again = lsclient.push(admin, tasks, label_config(), title="SWN round 1", overlap=2)
    assert (again.project_id, again.created, again.imported, again.already_there) == (pushed.project_id, False, 0, 1)
    project = admin.projects.get(id=pushed.project_id)
    assert project.label_config.strip() == label_config().strip()
    (task,) = list(admin.tasks.list(project=pushed.project_id, fields="all"))
    assert task.data["text"] == TEXT and task.data["sha256"] == docs[0].metadata.sha256

    # Two annotators submit: the admin accepts the gold; bob corrects two spans and the doc stance,
    # and one of his regions comes with UTF-16 offsets (as older front ends stored them).
    admin_version = gold()
    g = gold()
    bob_version = replace(g, entities=(g.entities[0], replace(g.entities[1], label="ORG"), *g.entities[2:]),
                          temporal=(replace(g.temporal[0], mod="APPROX"),),
                          doc_stance={**g.doc_stance, "russian_withdrawal": "AGAINST"})
    bob_result = to_results(bob_version)
    index = Utf16Index(TEXT)
    tartus = next(r for r in bob_result if r["from_name"] == "entities" and r["value"]["text"] == "Tartus")
    tartus["value"]["start"] = index.to_utf16(tartus["value"]["start"])
    tartus["value"]["end"] = index.to_utf16(tartus["value"]["end"])
    admin.annotations.create(id=task.id, result=to_results(admin_version), was_cancelled=False)
    bob.annotations.create(id=task.id, result=bob_result, was_cancelled=False)

    # Pull the export (full predictions and users) and import it as round 1.
    export = corpus / "export.json"
    project_id, n_tasks, n_ann = lsclient.pull(admin, export, title="SWN round 1")
    assert (project_id, n_tasks, n_ann) == (pushed.project_id, 1, 2)
    exported = read_json(export)
    assert exported[0]["predictions"][0]["model_version"] == "swn-gold-1.0.0"
    assert exported[0]["predictions"][0]["result"] == tasks[0]["predictions"][0]["result"]
    imported, folder = import_export(export, 1, root=corpus)
    assert sorted(imported.passes) == ["admin-swn-localhost", "bob-example-org"]

    # Span for span, each pass is what its annotator submitted (ids renumbered in text order).
    passes = {name: read_annotation_dir(folder / name)[DOC] for name in imported.passes}
    assert passes["admin-swn-localhost"] == admin_version
    assert passes["bob-example-org"] == bob_version
    (repair,) = read_json(folder / "import.json")["repairs"]
    assert repair["annotator"] == "bob-example-org" and repair["text"] == "Tartus"

    # Agreement on the round folder, as on annotations/passes/.
    report = agreement(read_passes(folder))
    strict = {s.layer: s.strict_f1 for s in report.spans}
    assert strict["entities"] == pytest.approx(2 * 4 / 10) and strict["structure"] == 1.0
    assert strict["temporal"] == 1.0 and strict["quantities"] == 1.0 and strict["stance"] == 1.0

    # Adjudication: the three disagreements are conflicts; the curator's decisions make the new gold.
    adj, _ = adjudicate_round(1, root=corpus)
    moscow, monday = _at("Moscow"), _at("Monday")
    assert sorted(c.id for c in adj.conflicts) == [
        f"{DOC}/doc_stance/russian_withdrawal", f"{DOC}/entities/{moscow['start']}-{moscow['end']}",
        f"{DOC}/temporal/{monday['start']}-{monday['end']}"]
    decisions = corpus / "decisions.json"
    decisions.write_text(json.dumps({c.id: "bob-example-org" for c in adj.conflicts}), encoding="utf-8")
    result = apply_decisions(1, decisions, root=corpus)
    new_gold = load_corpus(corpus)[0].annotations
    assert new_gold == bob_version and result.version == ("1.0.0", "1.1.0")
