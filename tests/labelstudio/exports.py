"""Round exports as ``swn ls pull --round N`` writes them, simulated without a server.

The tasks are made by the code ``swn ls push`` uses (``make_tasks`` and ``rounds.stamp``), one
project per annotator; each annotator submits the pre-annotations unchanged.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from swn.commands.ls import make_tasks
from swn.labelstudio import rounds

ALICE = {"id": 1, "email": "Alice.Smith@example.org", "first_name": "", "last_name": ""}
BOB = {"id": 2, "email": "bob@example.org", "first_name": "", "last_name": ""}


def simulated_export(root: Path, annotators=(ALICE,), round_no: int = 1, layers=None, first_project: int = 1) -> dict:
    tasks = make_tasks(root, from_gold=True, layers=layers)
    projects = []
    for k, user in enumerate(annotators):
        pid = first_project + k
        project_tasks = []
        for n, t in enumerate(tasks, start=1):
            tid = 1000 * pid + n
            t = rounds.stamp(t, round_no, user["email"])
            pred = t["predictions"][0]
            project_tasks.append({
                "id": tid, "project": pid, "data": t["data"], "predictions": [dict(pred, id=tid, task=tid)],
                "drafts": [],
                "annotations": [{"id": 10 * tid, "completed_by": user, "updated_by": user["id"],
                                 "result": copy.deepcopy(pred["result"]), "was_cancelled": False,
                                 "ground_truth": False, "task": tid}],
            })
        projects.append({"id": pid, "title": rounds.project_title(round_no, user["email"]),
                         "annotator": user["email"], "tasks": project_tasks})
    return {"swn_round_export": 1, "round": round_no, "users": {str(u["id"]): u["email"] for u in annotators},
            "projects": projects}


def first_task(export: dict, project: int = 0) -> dict:
    return export["projects"][project]["tasks"][0]


def write_export(root: Path, export, name="export.json") -> Path:
    p = root / name
    p.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return p
