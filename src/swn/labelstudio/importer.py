"""Import a Label Studio JSON export as an annotation round: one pass per annotator.

``annotations/rounds/<N>/<annotator>/<doc_id>.json`` (the layout of ``annotations/passes/``,
so ``swn agreement`` reads both), plus ``annotations/rounds/<N>/import.json`` recording where
the round came from (the export's sha256, who each annotator is, the offset repairs made and
the annotations skipped).

Everything is read, converted and validated before anything is written; any problem raises
:class:`SWNError` and leaves every file as it was. Refused: a task whose text is not the
corpus text (sha256), an unknown document, a label or control not in the schema, offsets that
do not hold their ``value.text`` (after the UTF-16 repair rule of :mod:`.offsets`), a pass
that the validator rejects, two annotations of one document by one annotator. The gold is
never touched. The round folder is written as a whole: staged in a hidden sibling folder and
renamed into place.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import SWNError
from ..model import AnnotationSet, Document
from ..store import Paths, find_root, load_corpus, read_bytes, decode_utf8, parse_json, write_annotations, write_json
from .results import from_results
from .tasks import text_sha256
from .validation import validate_pass, validate_staged

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
IMPORT_RECORD = "import.json"
CONFLICTS_FILE = "conflicts.json"
# Files in a round folder that are derived from its passes (dropped when the passes are replaced).
DERIVED_FILES = (IMPORT_RECORD, CONFLICTS_FILE, "AGREEMENT.md")


def annotator_name(completed_by: Any) -> tuple[str, Any]:
    """A folder-safe annotator name from an annotation's ``completed_by`` (a user id, or a user
    object with ``email`` as in a full export), and the identity it stands for."""
    uid = email = None
    if isinstance(completed_by, dict):
        uid, email = completed_by.get("id"), completed_by.get("email")
    elif isinstance(completed_by, int) and not isinstance(completed_by, bool):
        uid = completed_by
    elif isinstance(completed_by, str):
        email = completed_by
    if isinstance(email, str) and email.strip():
        slug = _SLUG_STRIP.sub("-", email.strip().lower()).strip("-")[:64].strip("-")
        if slug:
            return slug, email.strip()
    if isinstance(uid, int) and not isinstance(uid, bool):
        return f"user-{uid}", uid
    raise SWNError(f"completed_by {completed_by!r} names no user (no email, no id)", field="completed_by",
                   check="ls-annotator")


@dataclass
class ImportedRound:
    round: int
    passes: dict[str, dict[str, AnnotationSet]]  # annotator -> doc_id -> pass
    record: dict = field(default_factory=dict)

    @property
    def n_annotations(self) -> int:
        return sum(len(p) for p in self.passes.values())


def _check_round(round_no: Any) -> int:
    if not isinstance(round_no, int) or isinstance(round_no, bool) or round_no < 1:
        raise SWNError(f"round must be a positive integer, got {round_no!r}", field="round", check="bad-round")
    return round_no


def convert_export(tasks: Any, docs: Mapping[str, Document], round_no: int, *, file: str = "-",
                   export_sha256: str | None = None) -> ImportedRound:
    """Convert and validate a parsed export (a list of tasks) against the corpus ``docs`` (by id).

    Pure: reads and writes no file.
    """
    _check_round(round_no)
    if not isinstance(tasks, list):
        raise SWNError(f"a Label Studio JSON export is a list of tasks, got {type(tasks).__name__}", file=file,
                       record="-", field="-", check="ls-export")
    passes: dict[str, dict[str, AnnotationSet]] = {}
    identities: dict[str, Any] = {}
    seen_docs: dict[str, Any] = {}
    repairs: list[dict] = []
    skipped: list[dict] = []
    for ti, task in enumerate(tasks):
        task_ref = f"task {task.get('id', ti) if isinstance(task, dict) else ti}"
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict):
            raise SWNError("task has no data object", file=file, record=task_ref, field="data", check="ls-export")
        doc_id = data.get("doc_id")
        if doc_id not in docs:
            raise SWNError(f"unknown document {doc_id!r}", file=file, record=task_ref, field="data.doc_id",
                           check="unknown-document")
        if doc_id in seen_docs:
            raise SWNError(f"document {doc_id} is in two tasks ({seen_docs[doc_id]} and {task_ref})", file=file,
                           record=task_ref, field="data.doc_id", check="duplicate-document")
        seen_docs[doc_id] = task_ref
        doc = docs[doc_id]
        text = data.get("text")
        if not isinstance(text, str):
            raise SWNError("task has no text", file=file, record=task_ref, field="data.text", check="ls-export")
        sha = text_sha256(text)
        if sha != doc.metadata.sha256 or text != doc.text:
            raise SWNError(f"the task's text (sha256 {sha[:12]}…) is not the corpus text of {doc_id} "
                           f"(sha256 {doc.metadata.sha256[:12]}…)", file=file, record=task_ref,
                           field="data.text", check="checksum-mismatch")
        if data.get("sha256") != doc.metadata.sha256:
            raise SWNError(f"data.sha256 {data.get('sha256')!r} is not the corpus sha256 of {doc_id}", file=file,
                           record=task_ref, field="data.sha256", check="checksum-mismatch")
        annotations = task.get("annotations", [])
        if not isinstance(annotations, list):
            raise SWNError("annotations must be a list", file=file, record=task_ref, field="annotations",
                           check="ls-export")
        for ai, ann in enumerate(annotations):
            if not isinstance(ann, dict):
                raise SWNError("an annotation must be an object", file=file, record=f"{task_ref} annotation {ai}",
                               field="-", check="ls-export")
            where = f"{task_ref} annotation {ann.get('id', ai)}"
            try:
                name, identity = annotator_name(ann.get("completed_by"))
            except SWNError as e:
                raise SWNError(e.message, file=file, record=where, field=e.field, check=e.check) from None
            if identities.setdefault(name, identity) != identity:
                raise SWNError(f"two users ({identities[name]!r} and {identity!r}) map to the annotator name "
                               f"{name!r}", file=file, record=where, field="completed_by", check="ls-annotator")
            if ann.get("was_cancelled"):
                skipped.append({"task": task.get("id"), "annotation": ann.get("id"), "annotator": name,
                                "doc_id": doc_id, "reason": "cancelled (skipped) in Label Studio"})
                continue
            if doc_id in passes.get(name, {}):
                raise SWNError(f"{name} has two submitted annotations of {doc_id}; delete one in Label Studio "
                               f"and export again", file=file, record=where, field="completed_by",
                               check="duplicate-annotation")
            conv = from_results(ann.get("result"), text, doc_id, file=file, where=where)
            validate_pass(conv.annotations, doc, file=file, record=where)
            passes.setdefault(name, {})[doc_id] = conv.annotations
            for rid, rep in conv.repairs:
                repairs.append({"annotator": name, "doc_id": doc_id, "task": task.get("id"),
                                "annotation": ann.get("id"), "region": rid,
                                "utf16": [rep.start_utf16, rep.end_utf16], "code_points": [rep.start, rep.end],
                                "text": rep.text})
    if not passes:
        raise SWNError("the export has no submitted annotation", file=file, record="-", field="annotations",
                       check="ls-export")
    record = {
        "round": round_no,
        "export": {"file": Path(file).name, "sha256": export_sha256},
        "annotators": {n: identities[n] for n in sorted(passes)},
        "documents": {d: sorted(n for n in passes if d in passes[n]) for d in sorted(seen_docs)},
        "repairs": repairs,
        "skipped": skipped,
    }
    passes = {n: dict(sorted(p.items())) for n, p in sorted(passes.items())}
    return ImportedRound(round=round_no, passes=passes, record=record)


def read_export(path: Path | str) -> tuple[Any, str]:
    """The parsed export and the sha256 of its bytes."""
    data = read_bytes(path)
    return parse_json(decode_utf8(data, path), path), hashlib.sha256(data).hexdigest()


def round_dir(root: Path, round_no: int) -> Path:
    return Paths(root).rounds_dir / str(_check_round(round_no))


def write_round(root: Path, imported: ImportedRound, *, replace: bool = False) -> Path:
    """Write the round folder as a whole (staged, then renamed into place).

    An existing round folder is refused unless ``replace``; replacing keeps the curator's own
    top-level files (e.g. a decisions file) but drops the old passes and the files derived from
    them (:data:`DERIVED_FILES`).
    """
    target = round_dir(root, imported.round)
    if target.exists() and not replace:
        raise SWNError(f"round {imported.round} already exists; pass --replace to replace its passes",
                       file=str(target), record="-", field="-", check="round-exists")
    made = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = target.parent / f".{target.name}.import-{os.getpid()}"
    backup = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        for name, docs in imported.passes.items():
            for doc_id, ann in docs.items():
                write_annotations(stage / name / f"{doc_id}.json", ann)
        validate_staged([stage / name for name in imported.passes], stage)
        write_json(stage / IMPORT_RECORD, imported.record)
        if target.exists():
            for p in target.iterdir():
                if p.is_file() and p.name not in DERIVED_FILES:
                    shutil.copy2(p, stage / p.name)
            os.replace(target, backup)
            try:
                os.replace(stage, target)
            except BaseException:
                os.replace(backup, target)
                raise
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(stage, target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        for p in made:  # folders made for the stage (innermost first), so a refusal leaves no trace
            try:
                p.rmdir()
            except OSError:
                break
        raise
    shutil.rmtree(stage, ignore_errors=True)
    return target


def import_export(export_path: Path | str, round_no: int, *, root: Path | str | None = None,
                  replace: bool = False) -> tuple[ImportedRound, Path]:
    """Read, check and write an export as round ``round_no``; returns the round and its folder."""
    root = Path(root) if root is not None else find_root()
    _check_round(round_no)
    target = round_dir(root, round_no)
    if target.exists() and not replace:  # refuse before the (slower) conversion
        raise SWNError(f"round {round_no} already exists; pass --replace to replace its passes",
                       file=str(target), record="-", field="-", check="round-exists")
    tasks, sha = read_export(export_path)
    docs = {d.id: d for d in load_corpus(root, annotations="none")}
    imported = convert_export(tasks, docs, round_no, file=str(export_path), export_sha256=sha)
    return imported, write_round(root, imported, replace=replace)
