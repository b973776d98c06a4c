"""The ``swn`` command: one thin sub-command per verb, each in ``swn/commands/<verb>.py``.

A command module has ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``;
heavy imports happen inside ``run``. :class:`SWNError` becomes one line on stderr and exit 1.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .errors import SWNError

COMMANDS = (
    "summary", "validate", "schema", "stats", "agreement", "adjudicate",
    "build", "verify", "diff", "export",
    "predict", "score", "benchmark", "render", "ls", "info", "doctor",
)


def _modules():
    for verb in COMMANDS:
        try:
            yield verb, importlib.import_module(f"swn.commands.{verb}")
        except ModuleNotFoundError as e:
            if e.name != f"swn.commands.{verb}":
                raise


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="swn", description="SWN — Syria Withdrawal News corpus tools")
    parser.add_argument("--version", action="version", version=f"swn {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="say on stderr which corpus is used and how it was found (see swn info)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for verb, module in _modules():
        p = sub.add_parser(verb, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def _say_corpus() -> None:
    from .store import locate_corpus

    try:
        found = locate_corpus()
    except SWNError as e:
        print(f"swn: {e.message}", file=sys.stderr)
        return
    print(f"swn: corpus {found.root} (found by: {found.source})", file=sys.stderr)


def _safe_streams() -> None:
    """Print whatever a message holds: a lone surrogate or a character the terminal's encoding
    lacks is written escaped instead of losing the whole report to UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # not a text stream of io (e.g. replaced by a test)
            pass


def _finish_interrupted(args) -> None:
    """Complete or roll back a transaction a crash interrupted, before the command reads anything."""
    from pathlib import Path

    from .store import find_root
    from .transaction import FOLDER, recover

    roots = [Path(args.root)] if getattr(args, "root", None) else [
        Path(p) for p in getattr(args, "paths", None) or () if (Path(p) / "corpus" / "metadata.jsonl").is_file()]
    if not roots:
        try:
            roots = [find_root()]
        except SWNError:
            return
    for root in roots:
        if (root / FOLDER).is_dir():
            done = recover(root)
            if done:
                print(f"swn: {root}: {done}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    _safe_streams()
    args = build_parser().parse_args(argv)
    try:
        if args.verbose:
            _say_corpus()
        if args.command != "doctor":
            _finish_interrupted(args)
        return int(args._run(args) or 0)
    except SWNError as e:
        print(f"swn {args.command}: {e}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as e:
        from .optional import explain

        missing = explain(e, f"swn {args.command}")
        if missing is None:
            raise
        print(f"swn {args.command}: {missing.message}", file=sys.stderr)
        return 1
    except OSError as e:  # disk full, permission denied, a failed rename: one located line
        if isinstance(e, BrokenPipeError):
            return 0
        where = e.filename if e.filename is not None else "-"
        what = e.strerror or str(e) or type(e).__name__
        also = f" -> {e.filename2}" if e.filename2 is not None else ""
        print(f"swn {args.command}: {where}{also}:-:-: os-error: {what}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
