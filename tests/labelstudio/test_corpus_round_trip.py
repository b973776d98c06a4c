"""The shipped gold survives a Label Studio round trip exactly (requires the real gold)."""
from __future__ import annotations

import copy
import json
import shutil

from label_studio_sdk.label_interface import LabelInterface

from swn.labelstudio.config import label_config
from swn.labelstudio.importer import import_export
from swn.labelstudio.results import strip_ids
from swn.labelstudio.tasks import build_tasks
from swn.store import load_corpus


def test_gold_to_tasks_to_export_to_import_is_exact_for_the_corpus(repo_root, tmp_path):
    docs = load_corpus(repo_root)
    assert len(docs) == 5 and all(d.annotations is not None for d in docs), "the gold has not landed"
    tasks = build_tasks(docs, {d.id: d.annotations for d in docs}, "swn-gold")
    li = LabelInterface(label_config())
    for t in tasks:
        assert li.validate_prediction(t["predictions"][0], return_errors=True) == []
    # A copy of the corpus, so the import writes nowhere in the repository.
    for sub in ("corpus", "annotations/gold", "annotations/entities.json"):
        src, dst = repo_root / sub, tmp_path / sub
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    export = [{"id": n, "data": t["data"], "predictions": t["predictions"],
               "annotations": [{"id": n, "completed_by": {"id": 1, "email": "curator@example.org"},
                                "result": copy.deepcopy(t["predictions"][0]["result"]), "was_cancelled": False}]}
              for n, t in enumerate(tasks, start=1)]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    imported, _ = import_export(path, 1, root=tmp_path)
    passes = imported.passes["curator-example-org"]
    assert sorted(passes) == sorted(d.id for d in docs)
    for d in docs:
        assert strip_ids(passes[d.id]) == strip_ids(d.annotations)
        # The gold numbers its spans in text order, as an import does, so even the ids come back.
        assert passes[d.id] == d.annotations
