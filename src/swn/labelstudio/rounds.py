"""What a round is made of, and the history of rounds: titles, task stamps, gold fingerprints.

A round ``N`` gives every annotator a Label Studio project of their own, titled
``SWN round N — <annotator>`` (Label Studio Community cannot hide one annotator's work from
another inside a project, so blind passes need separate projects). Every task pushed into such a
project carries a stamp in ``data.swn``: the round, the annotator, the layers of the round, the
pre-annotations' ``model_version``, and the gold version and the sha256 of the document's gold
file the task was made from. The import reads the stamp back to refuse a project that was not
created for the round, an export made from an older gold, and an export that another round
already imported (:func:`imported_elsewhere`); ``annotations/rounds/<N>/applied.json`` makes a
round read-only (:func:`refuse_if_applied`).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .. import vocab
from ..errors import SWNError
from ..store import Paths, read_json

TITLE_PREFIX = "SWN round"
TITLE_DASH = " — "  # an em dash between the round and the annotator
STAMP = "swn"  # the key of the stamp in a task's data
IMPORT_RECORD = "import.json"
APPLIED_FILE = "applied.json"


def check_round(round_no: Any) -> int:
    if not isinstance(round_no, int) or isinstance(round_no, bool) or round_no < 1:
        raise SWNError(f"round must be a positive integer, got {round_no!r}", field="round", check="bad-round")
    return round_no


def round_dir(root: Path, round_no: int) -> Path:
    return Paths(root).rounds_dir / str(check_round(round_no))


def project_title(round_no: int, annotator: str) -> str:
    return f"{TITLE_PREFIX} {check_round(round_no)}{TITLE_DASH}{annotator}"


def title_prefix(round_no: int) -> str:
    """What every project title of round ``round_no`` starts with."""
    return f"{TITLE_PREFIX} {check_round(round_no)}{TITLE_DASH}"


def parse_annotators(text: str | Sequence[str]) -> list[str]:
    """The annotators of a round (their Label Studio e-mail addresses), checked: no empty name,
    no duplicate (case-insensitive), at least one."""
    items = [a.strip() for a in (text.split(",") if isinstance(text, str) else text)]
    if not items or any(not a for a in items):
        raise SWNError(f"--annotators needs comma-separated e-mail addresses, got {text!r}", field="--annotators",
                       check="bad-argument")
    seen: set[str] = set()
    for a in items:
        if "@" not in a or any(c.isspace() for c in a):
            raise SWNError(f"annotator {a!r} is not an e-mail address (annotators log in to Label Studio with "
                           "their e-mail)", field="--annotators", check="bad-argument")
        if a.lower() in seen:
            raise SWNError(f"annotator {a!r} is named twice", field="--annotators", check="bad-argument")
        seen.add(a.lower())
    return items


def parse_layers(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """Layer names (comma-separated or a list) in schema order; None or empty: every layer."""
    if text is None or text == "" or text == ():
        return tuple(vocab.LAYER_NAMES)
    items = [x.strip() for x in (text.split(",") if isinstance(text, str) else text) if x.strip()]
    unknown = [x for x in items if x not in vocab.LAYERS]
    if unknown or not items:
        raise SWNError(f"unknown layer(s) {', '.join(map(repr, unknown)) or repr(text)} (layers: "
                       f"{', '.join(vocab.LAYER_NAMES)})", field="layers", check="unknown-layer")
    return tuple(n for n in vocab.LAYER_NAMES if n in items)


def file_sha256(path: Path) -> str | None:
    """sha256 of a file's bytes, or None when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def gold_fingerprint(gold_sha256: Mapping[str, str | None]) -> str:
    """One sha256 for the gold files of a set of documents (doc_id -> sha256 of its gold file)."""
    canon = json.dumps(dict(sorted(gold_sha256.items())), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def stamp(task: dict, round_no: int, annotator: str) -> dict:
    """A copy of ``task`` whose ``data.swn`` also names the round and the annotator."""
    out = json.loads(json.dumps(task))
    out["data"].setdefault(STAMP, {})
    out["data"][STAMP].update({"round": check_round(round_no), "annotator": annotator})
    return out


def history(root: Path, *, exclude: int | None = None) -> Iterable[tuple[int, dict]]:
    """(round, import record) of every imported round but ``exclude``, in round order."""
    rounds = Paths(root).rounds_dir
    if not rounds.is_dir():
        return
    for p in sorted(rounds.glob(f"*/{IMPORT_RECORD}"), key=lambda p: (len(p.parent.name), p.parent.name)):
        if not p.parent.name.isdigit() or int(p.parent.name) == exclude:
            continue
        record = read_json(p)
        if isinstance(record, dict):
            yield int(p.parent.name), record


def imported_elsewhere(root: Path, round_no: int, export_sha256: str, project_ids: Iterable[int]) -> None:
    """Refuse an export (by its sha256) or a Label Studio project another round already imported."""
    ids = set(project_ids)
    for other, record in history(root, exclude=round_no):
        if (record.get("export") or {}).get("sha256") == export_sha256:
            raise SWNError(f"this export was already imported as round {other} (same sha256 "
                           f"{export_sha256[:12]}…); a round is imported once, from its own projects",
                           field="export", check="round-reused-export")
        seen = ids & {p.get("id") for p in record.get("projects", []) if isinstance(p, dict)}
        if seen:
            raise SWNError(f"project(s) {', '.join(map(str, sorted(seen)))} were already imported as round "
                           f"{other}; push round {round_no} to new projects with `swn ls push --round {round_no}`",
                           field="projects", check="round-reused-export")


def refuse_if_applied(root: Path, round_no: int, action: str) -> None:
    """An applied round is history: refuse ``action`` on it."""
    applied = round_dir(root, round_no) / APPLIED_FILE
    if applied.exists():
        raise SWNError(f"round {round_no} was applied (its {APPLIED_FILE} exists), so it is read-only: "
                       f"cannot {action}. Start a new round (`swn ls push --round {next_round(root)} …`)",
                       file=str(applied), record="-", field="-", check="round-applied")


def next_round(root: Path) -> int:
    rounds = Paths(root).rounds_dir
    numbers = [int(p.name) for p in rounds.iterdir() if p.is_dir() and p.name.isdigit()] if rounds.is_dir() else []
    return max(numbers, default=0) + 1
