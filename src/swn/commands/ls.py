"""``swn ls``: Label Studio annotation rounds (config, tasks, push, pull, import)."""
from __future__ import annotations

HELP = "Label Studio rounds: generate the labeling config and tasks, push, pull, import an export as a round"


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="ls_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("config", help="print the labeling config (XML) generated from the schema")
    p.add_argument("--out", help="write it to this file instead of printing it")

    p = sub.add_parser("tasks", help="one Label Studio task per document, optionally with pre-annotations")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--predictions", metavar="FILE", help="pre-annotations from a predictions JSONL file "
                                                           "(the format of swn score)")
    src.add_argument("--from-gold", action="store_true", help="pre-annotations from the current gold")
    p.add_argument("--model-version", help="model_version of the pre-annotations (default: swn-gold-<VERSION> "
                                           "or the predictions file's name)")
    p.add_argument("--docs", help="comma-separated document ids (default: every document)")
    p.add_argument("--out", required=True, help="tasks JSON file to write")
    p.add_argument("--root", help="corpus root")

    p = sub.add_parser("push", help="create or update a project with the config and import the tasks")
    p.add_argument("--tasks", required=True, help="tasks JSON file written by `swn ls tasks`")
    _project_args(p)
    p.add_argument("--overlap", type=int, default=2, help="annotators per task (default 2)")

    p = sub.add_parser("pull", help="export a project's tasks, annotations and predictions as JSON")
    _project_args(p)
    p.add_argument("--out", required=True, help="export JSON file to write")

    p = sub.add_parser("import", help="import a Label Studio JSON export as annotations/rounds/<N>/")
    p.add_argument("export", help="Label Studio JSON export (e.g. from `swn ls pull`)")
    p.add_argument("--round", type=int, required=True, help="round number N")
    p.add_argument("--replace", action="store_true", help="replace the passes of an existing round")
    p.add_argument("--root", help="corpus root")


def _project_args(p) -> None:
    p.add_argument("--round", type=int, help="round number: the project is titled 'SWN round N'")
    p.add_argument("--title", help="project title (instead of --round)")
    p.add_argument("--project", type=int, help="project id (instead of a title)")


def _title(args) -> str | None:
    from ..errors import SWNError

    if args.title:
        return args.title
    if args.round is not None:
        return f"SWN round {args.round}"
    if args.project is None:
        raise SWNError("give --round N, --title TITLE or --project ID", check="ls-project")
    return None


def run(args) -> int:
    return {"config": _config, "tasks": _tasks, "push": _push, "pull": _pull, "import": _import}[args.ls_command](args)


def _config(args) -> int:
    from ..labelstudio.config import label_config
    from ..store import atomic_write_text

    xml = label_config()
    if args.out:
        atomic_write_text(args.out, xml)
    else:
        print(xml, end="")
    return 0


def _tasks(args) -> int:
    import sys
    from pathlib import Path

    from .. import __version__
    from ..errors import SWNError
    from ..labelstudio.tasks import build_tasks
    from ..store import find_root, load_corpus, write_json

    root = find_root() if args.root is None else Path(args.root)
    docs = load_corpus(root, annotations="gold" if args.from_gold else "none")
    if args.docs:
        wanted = [d.strip() for d in args.docs.split(",") if d.strip()]
        unknown = sorted(set(wanted) - {d.id for d in docs})
        if unknown:
            raise SWNError(f"unknown document(s): {', '.join(unknown)}", field="--docs", check="unknown-document")
        docs = [d for d in docs if d.id in wanted]
    predictions, model_version = None, args.model_version
    if args.from_gold:
        missing = [d.id for d in docs if d.annotations is None]
        if missing:
            raise SWNError(f"no gold for {', '.join(missing)}", field="--from-gold", check="file-missing")
        predictions = {d.id: d.annotations for d in docs}
        if not model_version:
            try:
                from ..release.versions import read_version
                version = read_version(root)
            except (ImportError, SWNError):
                version = __version__
            model_version = f"swn-gold-{version}"
    elif args.predictions:
        from ..scoring.predictions import read_predictions

        preds = read_predictions(args.predictions, {d.id: d.text for d in docs})
        predictions = dict(preds.records)
        model_version = model_version or Path(args.predictions).stem
    tasks = build_tasks(docs, predictions, model_version)
    write_json(args.out, tasks)
    n_pred = sum(1 for t in tasks if t.get("predictions"))
    print(f"{len(tasks)} tasks ({n_pred} with pre-annotations"
          f"{f', model_version {model_version}' if n_pred else ''}) -> {args.out}", file=sys.stderr)
    return 0


def _push(args) -> int:
    from ..errors import SWNError
    from ..labelstudio import client as ls
    from ..labelstudio.config import label_config
    from ..store import read_json

    tasks = read_json(args.tasks)
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and isinstance(t.get("data"), dict)
                                               and "doc_id" in t["data"] and "sha256" in t["data"] for t in tasks):
        raise SWNError("not a tasks file written by `swn ls tasks`", file=args.tasks, check="ls-task")
    title = _title(args)
    result = ls.push(ls.connect(), tasks, label_config(), title=title or "", project_id=args.project,
                     overlap=args.overlap, description="SWN annotation round (config generated by `swn ls config`)")
    verb = "created" if result.created else "updated"
    print(f"project {result.project_id} {verb}: {result.imported} tasks imported, "
          f"{result.already_there} already there")
    return 0


def _pull(args) -> int:
    from ..labelstudio import client as ls

    project_id, n_tasks, n_ann = ls.pull(ls.connect(), args.out, title=_title(args), project_id=args.project)
    print(f"project {project_id}: {n_tasks} tasks, {n_ann} submitted annotations -> {args.out}")
    return 0


def _import(args) -> int:
    import sys
    from pathlib import Path

    from ..labelstudio.importer import import_export
    from ..store import find_root, rel

    root = find_root() if args.root is None else Path(args.root)
    imported, folder = import_export(args.export, args.round, root=root, replace=args.replace)
    for name, docs in imported.passes.items():
        print(f"{name}: {len(docs)} documents -> {rel(folder / name, root)}/")
    for r in imported.record["repairs"]:
        print(f"repaired: {r['annotator']} {r['doc_id']} region {r['region']}: UTF-16 offsets {r['utf16']} -> "
              f"code points {r['code_points']} ({r['text']!r})", file=sys.stderr)
    for s in imported.record["skipped"]:
        print(f"skipped: {s['annotator']} {s['doc_id']}: {s['reason']}", file=sys.stderr)
    return 0
