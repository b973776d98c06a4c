"""Fault points for the crash tests: every file write and rename of a write path calls :func:`point`.

Off unless ``SWN_FAULT`` is set (read once per process), as ``<what>:<k>``:

* ``oserror:<k>`` raises ``OSError(EIO)`` at the k-th point (a failed write or rename);
* ``kill:<k>`` sends SIGKILL to this process at the k-th point (a crash, a power cut);
* ``count`` counts the points and prints the total on stderr at exit (to plan the tests).

``SWN_SLOW_RENAME=<seconds>`` sleeps before every rename, for tests that kill from outside.
"""
from __future__ import annotations

import errno
import os
import signal
import sys
import time

_spec: tuple[str, int] | None | bool = False  # False: the environment is not read yet
_count = 0


def _parse() -> tuple[str, int] | None:
    raw = os.environ.get("SWN_FAULT", "")
    if raw == "count":
        import atexit

        atexit.register(lambda: print(f"swn-fault-points: {_count}", file=sys.stderr))
        return ("count", 0)
    what, _, k = raw.partition(":")
    if what in ("oserror", "kill") and k.isdigit():
        return (what, int(k))
    return None


def reset() -> None:
    """Read ``SWN_FAULT`` again and restart counting (for in-process tests)."""
    global _spec, _count
    _spec, _count = False, 0


def point(kind: str, path: os.PathLike | str) -> None:
    """A place where a write (``kind="write"``) or a rename (``"rename"``) of ``path`` is about to happen."""
    global _spec, _count
    if kind == "rename":
        delay = os.environ.get("SWN_SLOW_RENAME")
        if delay:
            time.sleep(float(delay))
    if _spec is False:
        _spec = _parse()
    if _spec is None:
        return
    _count += 1
    what, k = _spec
    if _count != k:
        return
    if what == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if what == "oserror":
        raise OSError(errno.EIO, f"injected fault at {kind} #{k}", str(path))
