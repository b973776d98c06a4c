"""Multi-file writes as one transaction: after a crash at any point the repository holds either
the old files or the new ones, never a mix.

A transaction stages every new file (or folder) under ``.swn-transaction/`` at the repository
root — where no validator, build or glob of released files looks — then writes its journal
(``journal.json``, atomically: the commit point), then moves the staged files into place in
the journal's order, then deletes the journal and the folder::

    .swn-transaction/lock           flock held while a transaction runs
    .swn-transaction/journal.json   {"name", "ops": [{"op": "file"|"dir"|"remove", "path", "n"}]}
    .swn-transaction/staged/<n>     the new content of op n (a file, or a folder for "dir")
    .swn-transaction/old/<n>        what op n moved out of the way (deleted at the end)

:func:`recover` (run by every ``swn`` command before it starts, and reported by ``swn
doctor``) finishes a transaction that has a journal (every op is idempotent: a staged item
that is gone was already moved) and rolls back one that has none (nothing was moved yet, so
deleting the folder restores the old state). A running transaction holds the lock, so
another command never touches it.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import Any

from . import faults
from .errors import SWNError

FOLDER = ".swn-transaction"
JOURNAL = "journal.json"


def _replace(src: Path, dst: Path) -> None:
    faults.point("rename", dst)
    os.replace(src, dst)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _lock(folder: Path, block: bool) -> int | None:
    """An open descriptor holding the flock of ``folder/lock``, or None when another process holds it."""
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


class Transaction:
    """Stage with :meth:`write`, :meth:`folder` and :meth:`remove`, then :meth:`commit`.

    Ops are applied in the order they were staged (a build stages its manifest last)."""

    def __init__(self, root: Path | str, name: str) -> None:
        self.root = Path(root)
        self.name = name
        self.dir = self.root / FOLDER
        self.ops: list[dict[str, Any]] = []
        self._fd: int | None = None

    # ------------------------------------------------------------ staging

    def __enter__(self) -> "Transaction":
        recover(self.root)
        self.dir.mkdir(exist_ok=True)
        self._fd = _lock(self.dir, block=True)
        recover(self.root, locked=True)  # another process may have left one while we waited
        self.dir.mkdir(exist_ok=True)
        (self.dir / "staged").mkdir(exist_ok=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None and not (self.dir / JOURNAL).exists():
                _remove_folder(self.dir)  # refused or failed before the commit point: nothing moved
        finally:
            self._release()

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _stage(self, op: str, path: str) -> Path:
        rel = Path(path).as_posix()
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise ValueError(f"transaction paths are relative to the root: {path!r}")
        n = len(self.ops)
        self.ops.append({"op": op, "path": rel, "n": n})
        return self.dir / "staged" / str(n)

    def write(self, path: str, data: bytes | str) -> None:
        """Stage the new content of the file ``path`` (relative to the root)."""
        from .store import atomic_write_bytes

        atomic_write_bytes(self._stage("file", path), data.encode("utf-8") if isinstance(data, str) else data)

    def staged(self, n: int) -> Path:
        """Where op ``n`` (counted from 0 in staging order) is staged."""
        return self.dir / "staged" / str(self.ops[n]["n"])

    def scratch(self) -> Path:
        """An empty folder inside the transaction, for checks before the commit (deleted with it)."""
        n = sum(1 for _ in (self.dir / "scratch").glob("*")) if (self.dir / "scratch").is_dir() else 0
        folder = self.dir / "scratch" / str(n)
        folder.mkdir(parents=True)
        return folder

    def folder(self, path: str) -> Path:
        """A staging folder to fill; at commit it replaces the folder ``path`` as a whole."""
        staged = self._stage("dir", path)
        staged.mkdir()
        return staged

    def remove(self, path: str) -> None:
        """Stage the removal of the file or folder ``path`` (nothing if it does not exist)."""
        self._stage("remove", path)

    # ------------------------------------------------------------ committing

    def commit(self) -> None:
        """Write the journal (the commit point), then move everything into place."""
        from .store import atomic_write_bytes

        _fsync_dir(self.dir / "staged")
        atomic_write_bytes(self.dir / JOURNAL, json.dumps({"name": self.name, "ops": self.ops}).encode("utf-8"))
        _fsync_dir(self.dir)
        try:
            _apply(self.root, self.ops)
        except OSError as e:
            raise SWNError(f"{self.name} was interrupted while moving its files into place ({e.strerror or e}); "
                           "the next swn command (or `swn doctor`) completes it", file=e.filename or FOLDER,
                           record="-", field="-", check="transaction-interrupted") from None
        _finish(self.dir)


def _apply(root: Path, ops: list[dict]) -> None:
    folder = root / FOLDER
    (folder / "old").mkdir(exist_ok=True)
    for op in ops:
        target = root / op["path"]
        staged = folder / "staged" / str(op["n"])
        old = folder / "old" / str(op["n"])
        if op["op"] == "file":
            if staged.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                _replace(staged, target)
        elif op["op"] == "dir":
            if staged.exists():
                if target.exists() and not old.exists():
                    _replace(target, old)
                target.parent.mkdir(parents=True, exist_ok=True)
                _replace(staged, target)
        elif op["op"] == "remove":
            if (target.exists() or target.is_symlink()) and not old.exists():
                _replace(target, old)
        else:
            raise SWNError(f"unknown journal op {op['op']!r}", file=f"{FOLDER}/{JOURNAL}", record=str(op["n"]),
                           field="op", check="transaction-journal")
        _fsync_dir(target.parent)


def _finish(folder: Path, keep_lock: bool = False) -> None:
    """Delete the journal first (the transaction is then complete), then the rest."""
    faults.point("write", folder / JOURNAL)
    (folder / JOURNAL).unlink()
    _fsync_dir(folder)
    _remove_folder(folder, keep_lock)


def _remove_folder(folder: Path, keep_lock: bool = False) -> None:
    """Delete the transaction folder; ``keep_lock`` keeps it and its lock (for the lock's holder)."""
    for child in folder.iterdir() if folder.is_dir() else ():
        if child.name != "lock":
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    if not keep_lock:
        try:
            (folder / "lock").unlink()
            folder.rmdir()
        except OSError:
            pass


def pending(root: Path | str) -> str | None:
    """A description of an interrupted transaction at ``root``, or None."""
    folder = Path(root) / FOLDER
    if not folder.is_dir():
        return None
    journal = folder / JOURNAL
    if journal.is_file():
        data = _read_journal(journal)
        return f"{data['name']}: committed, {len(data['ops'])} operation(s) to complete"
    return "staged but not committed (to roll back)"


def _read_journal(path: Path) -> dict:
    from .jsonio import read

    data = read(path)
    ok = (isinstance(data, dict) and isinstance(data.get("name"), str) and isinstance(data.get("ops"), list)
          and all(isinstance(o, dict) and o.get("op") in ("file", "dir", "remove") and isinstance(o.get("path"), str)
                  and isinstance(o.get("n"), int) and not Path(o["path"]).is_absolute()
                  and ".." not in Path(o["path"]).parts for o in data["ops"]))
    if not ok:
        raise SWNError("not a transaction journal; inspect and delete the folder by hand", file=str(path),
                       record="-", field="ops", check="transaction-journal")
    return data


def recover(root: Path | str, *, locked: bool = False) -> str | None:
    """Finish (journal present) or roll back (no journal) an interrupted transaction at ``root``.

    Returns what was done, or None when there was nothing to do or the transaction is still
    running in another process."""
    root = Path(root)
    folder = root / FOLDER
    if not folder.is_dir():
        return None
    fd = None
    if not locked:
        fd = _lock(folder, block=False)
        if fd is None:
            return None  # a live transaction
    try:
        journal = folder / JOURNAL
        if journal.is_file():
            data = _read_journal(journal)
            _apply(root, data["ops"])
            _finish(folder, keep_lock=locked)
            return f"completed the interrupted transaction {data['name']!r} ({len(data['ops'])} operation(s))"
        staged = any(c.name != "lock" for c in folder.iterdir())
        _remove_folder(folder, keep_lock=locked)
        return "rolled back an interrupted transaction that had not committed (nothing had moved)" if staged else None
    finally:
        if fd is not None:
            os.close(fd)


# ---------------------------------------------------------------- leftovers of older versions

def leftovers(root: Path | str) -> list[str]:
    """Staging folders and temporaries left by a crash of a version without transactions:
    ``annotations/rounds/.<N>.import-<pid>/``, ``.<N>.old-<pid>/`` (an old round moved aside),
    ``annotations/gold/.adjudicate-<pid>/`` and atomic-write temporaries (``.<name>.<random>.tmp``)."""
    root = Path(root)
    found: list[Path] = []
    rounds = root / "annotations" / "rounds"
    if rounds.is_dir():
        found += [p for p in rounds.iterdir() if _LEGACY_ROUND.fullmatch(p.name) and not _alive(p.name)]
    gold = root / "annotations" / "gold"
    if gold.is_dir():
        found += [p for p in gold.iterdir() if p.name.startswith(".adjudicate-") and not _alive(p.name)]
    for top in ("annotations", "corpus", "schema"):
        if (root / top).is_dir():
            found += [p for p in (root / top).rglob(".*.tmp") if p.is_file()]
    found += [p for p in root.glob(".*.tmp") if p.is_file()]
    return sorted({p.relative_to(root).as_posix() for p in found})


_LEGACY_ROUND = __import__("re").compile(r"\.(\d+)\.(import|old)-\d+")


def _alive(name: str) -> bool:
    """Whether the process whose id ends ``name`` (``...-<pid>``) still runs (its folder is in use)."""
    pid = name.rpartition("-")[2]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_leftovers(root: Path | str) -> list[str]:
    """Delete :func:`leftovers`, except that a round moved aside (``.<N>.old-<pid>``) whose
    round folder is missing is moved back (its replacement never arrived)."""
    root = Path(root)
    done = []
    for rel in leftovers(root):
        p = root / rel
        m = _LEGACY_ROUND.fullmatch(p.name)
        if m and m[2] == "old" and not (p.parent / m[1]).exists():
            _replace(p, p.parent / m[1])
            done.append(f"restored {rel} as {(p.parent / m[1]).relative_to(root).as_posix()}")
            continue
        shutil.rmtree(p) if p.is_dir() else p.unlink()
        done.append(f"removed {rel}")
    return done
