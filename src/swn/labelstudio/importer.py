"""Import the export of a round (``swn ls pull --round N``) as one pass per annotator.

``annotations/rounds/<N>/<annotator>/<doc_id>.json`` (the layout of ``annotations/passes/``,
so ``swn agreement`` reads both; only the round's layers), plus
``annotations/rounds/<N>/import.json`` recording where the round came from: the Label Studio
projects (id, title) and the annotator of each, the layers, the pre-annotations'
``model_version``, the gold version and fingerprint the tasks were made from, the export's
sha256, the offset repairs made, and per annotator the skipped tasks, the unsubmitted drafts and
the tasks never submitted.

Everything is read, converted and validated before anything is written; any problem raises
:class:`SWNError` naming the task, the annotation and the region, and leaves every file as it
was. Refused, besides what breaks the scheme (a text that is not the corpus text, an unknown
document or label, offsets that do not hold their ``value.text`` after the UTF-16 repair rule of
:mod:`.offsets`, a pass the validator rejects): a plain single-project export; a project not
created for this round (title ``SWN round N — <annotator>`` and the tasks' ``data.swn`` stamp);
an annotation not submitted by the project's annotator, or last updated by another user than the
one who submitted it (Label Studio keeps ``completed_by`` when someone else edits and clicks
Update, so the pass would silently carry another person's work); an export or a project that
another round already imported; tasks made from an older gold than the current one; an applied
round. The gold is never touched. The round folder is written as a whole, as one transaction
(swn.transaction).
"""
from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import SWNError, cut
from ..model import AnnotationSet, Document
from ..store import Paths, find_root, load_corpus, read_bytes, decode_utf8, parse_json, write_annotations, write_json
from . import rounds
from .results import from_results
from .tasks import only_layers, text_sha256
from .validation import validate_pass, validate_staged

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_RECORD_SPAN = re.compile(r"\(([^()]+#[a-z][0-9]+)\)")  # the span id in a validator record
IMPORT_RECORD = rounds.IMPORT_RECORD
CONFLICTS_FILE = "conflicts.json"
# Files in a round folder that are derived from its passes (dropped when the passes are replaced).
DERIVED_FILES = (IMPORT_RECORD, CONFLICTS_FILE, "AGREEMENT.md")
BUNDLE_KEY = "swn_round_export"


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
    # annotator -> doc_id -> span id -> "task T annotation A region R" (where a span came from)
    origins: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # annotator -> doc_id -> "task T annotation A"

    @property
    def n_annotations(self) -> int:
        return sum(len(p) for p in self.passes.values())


def _check_round(round_no: Any) -> int:
    return rounds.check_round(round_no)


def _user(value: Any, users: Mapping[str, str]) -> tuple[Any, str | None]:
    """(id, e-mail) of a user given as an object, an id (looked up in ``users``) or an e-mail."""
    if isinstance(value, dict):
        uid = value.get("id")
        return uid, value.get("email") or users.get(str(uid))
    if isinstance(value, int) and not isinstance(value, bool):
        return value, users.get(str(value))
    if isinstance(value, str):
        return None, value
    return None, None


def _shown(uid: Any, email: str | None) -> str:
    return email or (f"user {uid}" if uid is not None else "an unknown user")


class _Export:
    """Reads the bundle written by ``swn ls pull --round N``; every refusal names the task."""

    def __init__(self, bundle: Any, round_no: int, file: str) -> None:
        self.file = file
        if isinstance(bundle, list):
            raise SWNError("this is a plain Label Studio export of one project; a round is imported from the file "
                           f"`swn ls pull --round {round_no}` writes (every annotator's project, with titles and users)",
                           file=file, record="-", field="(top level)", check="ls-export")
        if not isinstance(bundle, dict) or bundle.get(BUNDLE_KEY) != 1 or not isinstance(bundle.get("projects"), list):
            raise SWNError(f"not a round export written by `swn ls pull --round {round_no}` (no {BUNDLE_KEY!r} "
                           "and 'projects')", file=file, record="-", field=BUNDLE_KEY, check="ls-export")
        if bundle.get("round") != round_no:
            raise SWNError(f"this is the export of round {bundle.get('round')!r}, not of round {round_no}; a round is "
                           "imported from its own projects", file=file, record="-", field="round",
                           check="round-foreign-project")
        users = bundle.get("users") or {}
        self.users = {str(k): v for k, v in users.items() if isinstance(v, str)} if isinstance(users, dict) else {}
        self.server = bundle.get("server")
        self.projects = bundle["projects"]

    def fail(self, message: str, record: str, fld: str, check: str) -> SWNError:
        return SWNError(message, file=self.file, record=record, field=fld, check=check)


def _project(export: _Export, project: Any, round_no: int, seen: dict[str, Any]) -> tuple[int, str, str, list]:
    """(id, title, annotator, tasks) of a project of the round, checked."""
    if not isinstance(project, dict):
        raise export.fail("a project must be an object", "projects", "-", "ls-export")
    pid, title, annotator, tasks = (project.get(k) for k in ("id", "title", "annotator", "tasks"))
    where = f"project {pid}"
    if not isinstance(annotator, str) or title != rounds.project_title(round_no, annotator):
        raise export.fail(f"project {pid} ({title!r}) was not created for round {round_no}: its title is not "
                          f"'{rounds.title_prefix(round_no)}<annotator>'", where, "title", "round-foreign-project")
    if not isinstance(pid, int) or not isinstance(tasks, list):
        raise export.fail("a project needs an integer id and a list of tasks", where, "id", "ls-export")
    if annotator.lower() in seen:
        raise export.fail(f"two projects ({seen[annotator.lower()]} and {pid}) of round {round_no} are "
                          f"{annotator}'s; delete one in Label Studio", where, "title", "duplicate-annotation")
    seen[annotator.lower()] = pid
    return pid, title, annotator, tasks


def convert_export(bundle: Any, docs: Mapping[str, Document], round_no: int, *, file: str = "-",
                   export_sha256: str | None = None, gold_sha256: Mapping[str, str | None] | None = None,
                   gold: Mapping[str, AnnotationSet] | None = None, rebase: bool = False) -> ImportedRound:
    """Convert and validate a parsed round export against the corpus ``docs`` (by id).

    ``gold_sha256`` (doc_id -> sha256 of its current gold file) is what the tasks' stamps must
    name, unless ``rebase``: then the passes of tasks made from an older gold carry only the
    annotators' changes to the pre-annotations onto ``gold`` (:mod:`.rebase`). Pure: reads and
    writes no file.
    """
    rounds.check_round(round_no)
    export = _Export(bundle, round_no, file)
    gold_sha256 = gold_sha256 or {}
    passes: dict[str, dict[str, AnnotationSet]] = {}
    origins: dict[str, dict[str, dict[str, str]]] = {}
    sources: dict[str, dict[str, str]] = {}
    identities: dict[str, Any] = {}
    projects: list[dict] = []
    documents: dict[str, list[str]] = {}
    made_from: dict[str, dict] = {}  # doc_id -> the stamp's gold sha256 and version
    layers_seen: set[tuple[str, ...]] = set()
    model_versions: set[Any] = set()
    repairs: list[dict] = []
    skipped: list[dict] = []
    drafts: list[dict] = []
    not_submitted: list[dict] = []
    stale: list[str] = []
    not_carried: list[dict] = []
    rebased: list[dict] = []
    by_annotator: dict[str, Any] = {}
    for project in export.projects:
        pid, title, annotator, tasks = _project(export, project, round_no, by_annotator)
        name, identity = annotator_name(annotator)
        if identities.setdefault(name, identity) != identity:
            raise export.fail(f"two annotators ({identities[name]!r} and {identity!r}) map to the pass name {name!r}",
                              f"project {pid}", "title", "ls-annotator")
        projects.append({"id": pid, "title": title, "annotator": annotator})
        seen_docs: dict[str, str] = {}
        for ti, task in enumerate(tasks):
            task_ref = f"project {pid} task {task.get('id', ti) if isinstance(task, dict) else ti}"
            data = task.get("data") if isinstance(task, dict) else None
            if not isinstance(data, dict):
                raise export.fail("task has no data object", task_ref, "data", "ls-export")
            doc_id = data.get("doc_id")
            if not isinstance(doc_id, str) or doc_id not in docs:
                raise export.fail(f"unknown document {doc_id!r}", task_ref, "data.doc_id", "unknown-document")
            if doc_id in seen_docs:
                raise export.fail(f"document {doc_id} is in two tasks ({seen_docs[doc_id]} and {task_ref})", task_ref,
                                  "data.doc_id", "duplicate-document")
            seen_docs[doc_id] = task_ref
            doc = docs[doc_id]
            _check_text(export, doc, data, task_ref)
            made = data.get(rounds.STAMP)
            if not isinstance(made, dict) or made.get("round") != round_no or made.get("annotator") != annotator:
                got = (f"round {made.get('round')!r}, annotator {made.get('annotator')!r}" if isinstance(made, dict)
                       else "no stamp")
                raise export.fail(f"the task was not pushed for round {round_no}, {annotator} (data.swn: {got}); "
                                  f"use the projects `swn ls push --round {round_no}` created", task_ref, "data.swn",
                                  "round-foreign-project")
            raw_layers = made.get("layers")
            if raw_layers is not None and not isinstance(raw_layers, str) and not (
                    isinstance(raw_layers, list) and all(isinstance(x, str) for x in raw_layers)):
                raise export.fail(f"data.swn.layers must be layer names, got {cut(raw_layers)}", task_ref,
                                  "data.swn.layers", "ls-export")
            try:
                layers = rounds.parse_layers(raw_layers)
            except SWNError as e:
                raise export.fail(e.message, task_ref, "data.swn.layers", e.check or "ls-export") from None
            layers_seen.add(layers)
            version = made.get("model_version")
            model_versions.add(version if isinstance(version, (str, int, float, type(None))) else cut(version))
            made_from.setdefault(doc_id, {"gold_sha256": made.get("gold_sha256"),
                                          "gold_version": made.get("gold_version")})
            is_stale = made.get("gold_sha256") != gold_sha256.get(doc_id)
            if is_stale:
                stale.append(f"{doc_id} ({task_ref}, gold version {made.get('gold_version')})")
            annotations = task.get("annotations", [])
            if not isinstance(annotations, list):
                raise export.fail("annotations must be a list", task_ref, "annotations", "ls-export")
            for d in task.get("drafts") or []:
                drafts.append({"annotator": name, "doc_id": doc_id, "project": pid, "task": task.get("id"),
                               "draft": d.get("id") if isinstance(d, dict) else None})
            submitted = 0
            for ai, ann in enumerate(annotations):
                if not isinstance(ann, dict):
                    raise export.fail("an annotation must be an object", f"{task_ref} annotation {ai}", "-",
                                      "ls-export")
                where = f"{task_ref} annotation {ann.get('id', ai)}"
                _check_attribution(export, ann, annotator, title, where)
                if ann.get("was_cancelled"):
                    skipped.append({"annotator": name, "doc_id": doc_id, "project": pid, "task": task.get("id"),
                                    "annotation": ann.get("id"), "reason": "skipped in Label Studio"})
                    continue
                submitted += 1
                if doc_id in passes.get(name, {}):
                    raise export.fail(f"{annotator} has two submitted annotations of {doc_id}; delete one in Label "
                                      "Studio and pull again", where, "completed_by", "duplicate-annotation")
                conv = from_results(ann.get("result"), doc.text, doc_id, file=file, where=where,
                                    code_point_regions=_prediction_regions(task))
                _check_layers(export, conv, layers, where)
                validate_pass(conv.annotations, doc, file=file, record=where)
                own = only_layers(conv.annotations, layers)
                origins.setdefault(name, {})[doc_id] = {sid: f"{where} region {rid}" for sid, rid in conv.regions.items()}
                if is_stale and rebase:
                    own = _rebased(export, task, made, own, doc, (gold or {}).get(doc_id), layers, where)
                    origins[name][doc_id] = {}  # the spans were renumbered on the current gold
                    rebased.append({"annotator": name, "doc_id": doc_id, "carried": own.carried})
                    not_carried.extend({"annotator": name, **c} for c in own.not_carried)
                    own = own.annotations
                passes.setdefault(name, {})[doc_id] = own
                sources.setdefault(name, {})[doc_id] = where
                documents.setdefault(doc_id, []).append(name)
                for rid, rep in conv.repairs:
                    repairs.append({"annotator": name, "doc_id": doc_id, "project": pid, "task": task.get("id"),
                                    "annotation": ann.get("id"), "region": rid,
                                    "utf16": [rep.start_utf16, rep.end_utf16], "code_points": [rep.start, rep.end],
                                    "text": rep.text})
            if not submitted:
                not_submitted.append({"annotator": name, "doc_id": doc_id, "project": pid, "task": task.get("id")})
    if len(layers_seen) > 1:
        raise export.fail(f"the round's tasks were made for different layers ({sorted(layers_seen)}); push a round "
                          "with one --layers", "-", "data.swn.layers", "ls-export")
    if stale and not rebase:
        raise export.fail(f"the tasks of {len(stale)} document(s) were made from an older gold than the current one: "
                          f"{'; '.join(stale[:5])}{' …' if len(stale) > 5 else ''}. Importing them would revert what "
                          "was applied since; pass --rebase to carry only the annotators' changes onto the current "
                          "gold, or push a new round", "-", "data.swn.gold_sha256", "round-stale-gold")
    if not passes:
        raise export.fail("the export has no submitted annotation", "-", "annotations", "ls-export")
    layers = next(iter(layers_seen))
    fingerprint_docs = {d: made_from[d]["gold_sha256"] for d in sorted(made_from)}
    versions = sorted({str(m["gold_version"]) for m in made_from.values()})
    record = {
        "round": round_no,
        "export": {"file": Path(file).name, "sha256": export_sha256},
        "server": export.server,
        "projects": sorted(projects, key=lambda p: p["id"]),
        "annotators": {n: identities[n] for n in sorted(identities)},
        "layers": list(layers),
        "model_version": sorted(map(str, model_versions))[0] if len(model_versions) == 1 else sorted(map(str, model_versions)),
        "gold": {"version": versions[0] if len(versions) == 1 else versions,
                 "fingerprint": rounds.gold_fingerprint(fingerprint_docs), "documents": fingerprint_docs},
        "documents": {d: sorted(v) for d, v in sorted(documents.items())},
        "repairs": repairs,
        "skipped": skipped,
        "drafts": drafts,
        "not_submitted": not_submitted,
    }
    if rebase:
        record["rebase"] = {"onto_gold_fingerprint": rounds.gold_fingerprint({d: gold_sha256.get(d) for d in made_from}),
                            "passes": rebased, "not_carried": not_carried}
    passes = {n: dict(sorted(p.items())) for n, p in sorted(passes.items())}
    return ImportedRound(round=round_no, passes=passes, record=record, origins=origins, sources=sources)


def _rebased(export: _Export, task: Mapping, made: Mapping, own: AnnotationSet, doc: Document,
             current: AnnotationSet | None, layers: tuple[str, ...], where: str):
    """The annotator's changes to the task's pre-annotations, carried onto the current gold."""
    from .rebase import rebase as carry

    if current is None:
        raise export.fail(f"--rebase needs the current gold of {doc.id}, and there is none", where, "-",
                          "round-stale-gold")
    preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    pred = next((p for p in preds if p.get("model_version") == made.get("model_version")), preds[0] if preds else None)
    before = (only_layers(from_results(pred.get("result"), doc.text, doc.id, file=export.file,
                                       where=f"{where} prediction").annotations, layers)
              if pred is not None else AnnotationSet(doc_id=doc.id))
    return carry(before, own, only_layers(current, layers), layers)


def _check_text(export: _Export, doc: Document, data: Mapping, task_ref: str) -> None:
    text = data.get("text")
    if not isinstance(text, str):
        raise export.fail("task has no text", task_ref, "data.text", "ls-export")
    sha = text_sha256(text)
    if sha != doc.metadata.sha256 or text != doc.text:
        raise export.fail(f"the task's text (sha256 {sha[:12]}…) is not the corpus text of {doc.id} "
                          f"(sha256 {doc.metadata.sha256[:12]}…)", task_ref, "data.text", "checksum-mismatch")
    if data.get("sha256") != doc.metadata.sha256:
        raise export.fail(f"data.sha256 {data.get('sha256')!r} is not the corpus sha256 of {doc.id}", task_ref,
                          "data.sha256", "checksum-mismatch")


def _check_attribution(export: _Export, ann: Mapping, annotator: str, title: str, where: str) -> None:
    """The annotation is the project's annotator's own work: submitted and last updated by them."""
    cid, cmail = _user(ann.get("completed_by"), export.users)
    if cmail is None or cmail.strip().lower() != annotator.lower():
        raise export.fail(f"{_shown(cid, cmail)} submitted this annotation in {title!r}, which is {annotator}'s "
                          f"project; each annotator works in their own project (delete it in Label Studio, or "
                          f"let {annotator} annotate)", where, "completed_by", "ls-attribution")
    if "updated_by" not in ann or ann.get("updated_by") is None:
        return
    uid, umail = _user(ann.get("updated_by"), export.users)
    if uid != cid and (umail or "").lower() != cmail.lower():
        raise export.fail(f"submitted by {cmail} but last updated by {_shown(uid, umail)}: the pass would carry "
                          f"{_shown(uid, umail)}'s edits as {cmail}'s. Let {cmail} redo the task in their own project "
                          "(or delete the annotation) and pull again", where, "updated_by", "ls-attribution")


def _check_layers(export: _Export, conv, layers: tuple[str, ...], where: str) -> None:
    ann = conv.annotations
    for name in (n for n in ann.__dataclass_fields__ if n not in ("doc_id", "doc_stance")):
        if name not in layers and ann.layer(name):
            span = ann.layer(name)[0]
            raise export.fail(f"a {name} region, but the round covers only {', '.join(layers)}",
                              f"{where} region {conv.regions.get(span.id, '?')}", name, "round-layers")
    if ann.doc_stance and "stance" not in layers:
        raise export.fail(f"document stance given, but the round covers only {', '.join(layers)}", where,
                          "doc_stance", "round-layers")


def _prediction_regions(task: Mapping) -> frozenset:
    """``(id, start, end, text)`` of the task's pre-annotated regions: SWN wrote them in code
    points, so an annotation region identical to one of them is known to be in code points."""
    out = set()
    predictions = task.get("predictions")
    for pred in predictions if isinstance(predictions, list) else ():
        result = pred.get("result") if isinstance(pred, dict) else None
        for item in result if isinstance(result, list) else ():
            value = item.get("value") if isinstance(item, dict) else None
            if isinstance(value, dict):
                key = (item.get("id"), value.get("start"), value.get("end"), value.get("text"))
                if all(isinstance(k, (str, int)) for k in key):
                    out.add(key)
    return frozenset(out)


def read_export(path: Path | str) -> tuple[Any, str]:
    """The parsed export and the sha256 of its bytes."""
    data = read_bytes(path)
    return parse_json(decode_utf8(data, path), path), hashlib.sha256(data).hexdigest()


def round_dir(root: Path, round_no: int) -> Path:
    return rounds.round_dir(root, round_no)


def write_round(root: Path, imported: ImportedRound, *, replace: bool = False) -> Path:
    """Write the round folder as a whole, as one transaction (:mod:`swn.transaction`): staged
    outside the annotations, validated there, then swapped in; a crash leaves the old round or
    the new one.

    An existing round folder is refused unless ``replace``; replacing keeps the curator's own
    top-level files (e.g. a decisions file) but drops the old passes and the files derived from
    them (:data:`DERIVED_FILES`). An applied round is never replaced.
    """
    from ..transaction import Transaction

    target = round_dir(root, imported.round)
    rounds.refuse_if_applied(root, imported.round, "replace its passes")
    if target.exists() and not replace:
        raise SWNError(f"round {imported.round} already exists; pass --replace to replace its passes",
                       file=str(target), record="-", field="-", check="round-exists")
    with Transaction(root, f"swn ls import --round {imported.round}") as txn:
        stage = txn.folder(target.relative_to(root).as_posix())
        for name, docs in imported.passes.items():
            for doc_id, ann in docs.items():
                write_annotations(stage / name / f"{doc_id}.json", ann)
        validate_staged([stage / name for name in imported.passes], stage, locate=lambda *a: _locate(imported, *a),
                        file=imported.record["export"]["file"])
        write_json(stage / IMPORT_RECORD, imported.record)
        if target.exists():
            for p in target.iterdir():
                if p.is_file() and p.name not in DERIVED_FILES:
                    shutil.copy2(p, stage / p.name)
        txn.commit()
    return target


def _locate(imported: ImportedRound, annotator: str, doc_id: str, record: str | None) -> str:
    """Where in the export a validator finding about ``record`` came from: the region of the span
    it names (``stance[0](doc#s1)``), else the annotation."""
    origins = imported.origins.get(annotator, {}).get(doc_id, {})
    m = _RECORD_SPAN.search(record or "")
    if m and m[1] in origins:
        return origins[m[1]]
    return imported.sources.get(annotator, {}).get(doc_id, f"{annotator} {doc_id}")


def gold_state(root: Path, doc_ids) -> dict[str, str | None]:
    """doc_id -> sha256 of its current gold file (None when it has none)."""
    paths = Paths(root)
    return {d: rounds.file_sha256(paths.gold(d)) for d in doc_ids}


def import_export(export_path: Path | str, round_no: int, *, root: Path | str | None = None,
                  replace: bool = False, rebase: bool = False) -> tuple[ImportedRound, Path]:
    """Read, check and write an export as round ``round_no``; returns the round and its folder."""
    root = Path(root) if root is not None else find_root()
    rounds.check_round(round_no)
    rounds.refuse_if_applied(root, round_no, "import into it" + (" (--replace)" if replace else ""))
    target = round_dir(root, round_no)
    if target.exists() and not replace:  # refuse before the (slower) conversion
        raise SWNError(f"round {round_no} already exists; pass --replace to replace its passes",
                       file=str(target), record="-", field="-", check="round-exists")
    bundle, sha = read_export(export_path)
    docs = {d.id: d for d in load_corpus(root, annotations="gold" if rebase else "none")}
    gold = {d: doc.annotations for d, doc in docs.items() if doc.annotations is not None}
    imported = convert_export(bundle, docs, round_no, file=str(export_path), export_sha256=sha,
                              gold_sha256=gold_state(root, docs), gold=gold, rebase=rebase)
    rounds.imported_elsewhere(root, round_no, sha, [p["id"] for p in imported.record["projects"]])
    return imported, write_round(root, imported, replace=replace)
