"""Push a round to a Label Studio server and pull its annotations back (label-studio-sdk 2.x).

The server is given by ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` (a legacy token, as
printed by ``scripts/labelstudio-server start``, or a personal access token).

* :func:`push` finds the project by title (or id) or creates it, sets the generated labeling
  config, the overlap (how many annotators label each task) and shows pre-annotations, then
  imports the tasks whose document is not in the project yet (a task of the same document with
  a different text is refused).
* :func:`pull` exports the project as a JSON snapshot with full predictions and full
  ``completed_by`` users (so annotators are named by e-mail).
* :func:`push_round` gives each annotator of a round a project of their own
  (``SWN round N — <annotator>``, one annotation per task, the pre-annotations shown), with the
  tasks stamped with the round and the annotator (:mod:`.rounds`); :func:`pull_round` collects
  the export of every project of the round, with the projects' ids and titles and the server's
  users (id -> e-mail), into one file for ``swn ls import``.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import SWNError
from ..store import atomic_write_text
from . import rounds


@dataclass(frozen=True)
class PushResult:
    project_id: int
    created: bool
    imported: int
    already_there: int


def connect(url: str | None = None, api_key: str | None = None):
    """A :class:`label_studio_sdk.LabelStudio` client from the arguments or the environment."""
    from label_studio_sdk import LabelStudio

    url = url or os.environ.get("LABEL_STUDIO_URL")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    if not url or not api_key:
        raise SWNError("set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (scripts/labelstudio-server start prints both)",
                       check="ls-connection")
    return LabelStudio(base_url=url.rstrip("/"), api_key=api_key)


def server_url() -> str:
    return (os.environ.get("LABEL_STUDIO_URL") or "").rstrip("/")


def _api(call, what: str):
    """Run an SDK call; server and connection failures become one-line :class:`SWNError`."""
    from label_studio_sdk.core.api_error import ApiError
    import httpx

    try:
        return call()
    except ApiError as e:
        body = e.body if isinstance(e.body, str) else json.dumps(e.body, ensure_ascii=False)
        raise SWNError(f"{what}: Label Studio answered {e.status_code}: {body[:500]}", check="ls-server") from None
    except httpx.HTTPError as e:
        raise SWNError(f"{what}: cannot reach Label Studio ({e})", check="ls-connection") from None


def find_project(client, *, title: str | None = None, project_id: int | None = None):
    """The project with ``project_id``, else the one titled ``title`` (None when there is none)."""
    if project_id is not None:
        return _api(lambda: client.projects.get(id=project_id), f"project {project_id}")
    matches = [p for p in _api(lambda: list(client.projects.list(title=title)), "list projects") if p.title == title]
    if len(matches) > 1:
        raise SWNError(f"{len(matches)} projects are titled {title!r} (ids {', '.join(str(p.id) for p in matches)}); "
                       "pass --project ID", check="ls-project")
    return matches[0] if matches else None


def _existing_tasks(client, project_id: int) -> dict[str, str | None]:
    """doc_id -> sha256 of the tasks already in the project."""
    out: dict[str, str | None] = {}
    for t in _api(lambda: list(client.tasks.list(project=project_id, fields="all")), "list tasks"):
        data = t.data or {}
        if isinstance(data.get("doc_id"), str):
            out[data["doc_id"]] = data.get("sha256")
    return out


def push(client, tasks: Sequence[dict], label_config: str, *, title: str, project_id: int | None = None,
         overlap: int = 2, description: str = "", model_version: str | None = None) -> PushResult:
    """Create or update the project and import the tasks it does not have yet."""
    if overlap < 1:
        raise SWNError("overlap must be at least 1", field="overlap", check="ls-project")
    project = find_project(client, title=title, project_id=project_id)
    settings = dict(label_config=label_config, maximum_annotations=overlap, show_collab_predictions=True,
                    description=description)
    if model_version:  # pre-label with these predictions
        settings["model_version"] = model_version
    created = project is None
    if created:
        project = _api(lambda: client.projects.create(title=title, **settings), "create project")
    else:
        _api(lambda: client.projects.update(id=project.id, **settings), f"update project {project.id}")
    existing = _existing_tasks(client, project.id)
    new = []
    for t in tasks:
        doc_id, sha = t["data"]["doc_id"], t["data"]["sha256"]
        if doc_id in existing:
            if existing[doc_id] != sha:
                raise SWNError(f"project {project.id} has a task of {doc_id} with another text (sha256 "
                               f"{existing[doc_id]!r}); use a new project", record=doc_id, check="checksum-mismatch")
            continue
        new.append(t)
    if new:
        _api(lambda: client.projects.import_tasks(id=project.id, request=list(new), return_task_ids=True),
             f"import tasks into project {project.id}")
    return PushResult(project_id=project.id, created=created, imported=len(new), already_there=len(tasks) - len(new))


def export_project(client, project_id: int, *, timeout: float = 120.0) -> Any:
    """The project's tasks as a JSON export snapshot (full predictions, full ``completed_by``)."""
    options = {"predictions": {"only_id": False}, "annotations__completed_by": {"only_id": False}}
    snap = _api(lambda: client.projects.exports.create(id=project_id, title="swn ls pull",
                                                       serialization_options=options),
                f"create an export of project {project_id}")
    deadline = time.monotonic() + timeout
    while snap.status != "completed":
        if snap.status == "failed":
            raise SWNError(f"the export {snap.id} of project {project_id} failed", check="ls-server")
        if time.monotonic() > deadline:
            raise SWNError(f"the export {snap.id} of project {project_id} did not complete in {timeout:.0f} s",
                           check="ls-server")
        time.sleep(1)
        snap = _api(lambda: client.projects.exports.get(id=project_id, export_pk=snap.id), "poll the export")
    data = _api(lambda: b"".join(client.projects.exports.download(id=project_id, export_pk=snap.id,
                                                                  export_type="JSON")),
                f"download export {snap.id}")
    try:
        return json.loads(data)
    except ValueError as e:
        raise SWNError(f"the export of project {project_id} is not JSON ({e})", check="ls-server") from None


def pull(client, out: Path | str, *, title: str | None = None, project_id: int | None = None) -> tuple[int, int, int]:
    """Write the project's export to ``out``; returns (project id, tasks, submitted annotations)."""
    project = find_project(client, title=title, project_id=project_id)
    if project is None:
        raise SWNError(f"no project titled {title!r}", check="ls-project")
    tasks = export_project(client, project.id)
    atomic_write_text(out, json.dumps(tasks, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    n_ann = sum(1 for t in tasks for a in t.get("annotations", []) if not a.get("was_cancelled"))
    return project.id, len(tasks), n_ann


@dataclass(frozen=True)
class RoundProject:
    annotator: str
    title: str
    result: PushResult


def push_round(client, tasks: Sequence[dict], label_config: str, round_no: int, annotators: Sequence[str],
               ) -> list[RoundProject]:
    """One project per annotator, ``SWN round N — <annotator>``, each with every task (stamped)."""
    rounds.check_round(round_no)
    versions = {(t.get("data", {}).get(rounds.STAMP) or {}).get("model_version") for t in tasks}
    model_version = next(iter(versions)) if len(versions) == 1 else None
    out = []
    for annotator in annotators:
        title = rounds.project_title(round_no, annotator)
        stamped = [rounds.stamp(t, round_no, annotator) for t in tasks]
        description = (f"SWN annotation round {round_no}, the pass of {annotator} alone. Open it with "
                       "'Label All Tasks', keep the pre-annotations, correct them and Submit each task.")
        result = push(client, stamped, label_config, title=title, overlap=1, description=description,
                      model_version=model_version)
        out.append(RoundProject(annotator=annotator, title=title, result=result))
    return out


def users(client) -> dict[str, str]:
    """The server's users: id (as a string, a JSON key) -> e-mail."""
    return {str(u.id): u.email for u in _api(lambda: list(client.users.list()), "list users")}


def all_projects(client) -> list:
    return sorted(_api(lambda: list(client.projects.list()), "list projects"), key=lambda p: p.id)


def round_projects(client, round_no: int) -> list:
    """The projects of round ``round_no`` (titled ``SWN round N — …``), by id."""
    prefix = rounds.title_prefix(round_no)
    return [p for p in all_projects(client) if (p.title or "").startswith(prefix)]


def pull_round(client, round_no: int, out: Path | str) -> dict:
    """Write one file with the export of every project of the round; returns it."""
    projects = round_projects(client, round_no)
    if not projects:
        raise SWNError(f"no project of round {round_no} on the server (titles '{rounds.title_prefix(round_no)}"
                       f"<annotator>'); push it with `swn ls push --round {round_no} --annotators a,b`",
                       check="ls-project")
    bundle = {"swn_round_export": 1, "round": round_no, "users": users(client),
              "projects": [{"id": p.id, "title": p.title, "annotator": p.title[len(rounds.title_prefix(round_no)):],
                            "tasks": export_project(client, p.id)} for p in projects]}
    atomic_write_text(out, json.dumps(bundle, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return bundle
