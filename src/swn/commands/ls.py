"""``swn ls``: Label Studio annotation rounds (config, tasks, push, pull, import).

A round gives every annotator a project of their own (blind passes); see docs/annotation-rounds.md."""
from __future__ import annotations

HELP = "Label Studio rounds: generate the labeling config and tasks, push, pull, import an export as a round"


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="ls_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("config", help="print the labeling config (XML) generated from the schema")
    p.add_argument("--layers", help="comma-separated layers (default: all): a focused config for those alone")
    p.add_argument("--out", help="write it to this file instead of printing it")
    p.add_argument("--root", help="corpus root (its entity registry fills the entity_id drop-down)")

    p = sub.add_parser("tasks", help="one Label Studio task per document, optionally with pre-annotations")
    _task_args(p)
    p.add_argument("--out", required=True, help="tasks JSON file to write")

    p = sub.add_parser("push", help="give each annotator of a round their own project with the config and tasks")
    p.add_argument("--round", type=int, required=True, help="round number N: projects 'SWN round N — <annotator>'")
    p.add_argument("--annotators", required=True,
                   help="comma-separated e-mail addresses the annotators log in with (one project each)")
    p.add_argument("--tasks", help="tasks JSON file written by `swn ls tasks` (default: every document, "
                                   "pre-annotated with the current gold, limited to --layers)")
    p.add_argument("--layers", help="layers of the round when the tasks are made here (default: all)")
    p.add_argument("--root", help="corpus root")

    p = sub.add_parser("pull", help="export every annotator's project of a round into one file for `swn ls import`")
    p.add_argument("--round", type=int, required=True, help="round number N")
    p.add_argument("--out", help="export JSON file to write (default: round-N-export.json)")

    p = sub.add_parser("projects", help="list the server's projects (of one round with --round) and who submitted what")
    p.add_argument("--round", type=int, help="only the projects of round N")

    p = sub.add_parser("import", help="import the export of a round (`swn ls pull`) as annotations/rounds/<N>/")
    p.add_argument("export", help="round export written by `swn ls pull --round N`")
    p.add_argument("--round", type=int, required=True, help="round number N")
    p.add_argument("--replace", action="store_true", help="replace the passes of an existing, unapplied round")
    p.add_argument("--rebase", action="store_true",
                   help="the tasks were made from an older gold: carry only the annotators' changes to the "
                        "pre-annotations onto the current gold, and list what cannot be carried")
    p.add_argument("--root", help="corpus root")


def _task_args(p) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--predictions", metavar="FILE", help="pre-annotations from a predictions JSONL file "
                                                           "(the format of swn score)")
    src.add_argument("--from-gold", action="store_true", help="pre-annotations from the current gold")
    p.add_argument("--model-version", help="model_version of the pre-annotations (default: swn-gold-<VERSION> "
                                           "or the predictions file's name)")
    p.add_argument("--docs", help="comma-separated document ids (default: every document)")
    p.add_argument("--layers", help="comma-separated layers (default: all): pre-annotate only these")
    p.add_argument("--root", help="corpus root")


def run(args) -> int:
    return {"config": _config, "tasks": _tasks, "push": _push, "pull": _pull, "projects": _projects,
            "import": _import}[args.ls_command](args)


def _config(args) -> int:
    from ..labelstudio.config import label_config
    from ..store import atomic_write_text

    from ..labelstudio.rounds import parse_layers

    xml = label_config(parse_layers(args.layers), registry=_registry(_root(args)))
    if args.out:
        atomic_write_text(args.out, xml)
    else:
        print(xml, end="")
    return 0


def _gold_version(root) -> str:
    from .. import __version__
    from ..errors import SWNError

    try:
        from ..release.versions import read_version
        return read_version(root)
    except (ImportError, SWNError):
        return __version__


def make_tasks(root, *, from_gold: bool, predictions: str | None = None, model_version: str | None = None,
               docs: str | None = None, layers: str | None = None) -> list[dict]:
    """The tasks of ``swn ls tasks`` (and of ``swn ls push`` without --tasks), stamped with the gold."""
    from pathlib import Path

    from ..errors import SWNError
    from ..labelstudio.importer import gold_state
    from ..labelstudio.rounds import parse_layers
    from ..labelstudio.tasks import build_tasks
    from ..store import load_corpus

    corpus = load_corpus(root, annotations="gold" if from_gold else "none")
    if docs:
        wanted = [d.strip() for d in docs.split(",") if d.strip()]
        unknown = sorted(set(wanted) - {d.id for d in corpus})
        if unknown:
            raise SWNError(f"unknown document(s): {', '.join(unknown)}", field="--docs", check="unknown-document")
        corpus = [d for d in corpus if d.id in wanted]
    preds = None
    version = _gold_version(root)
    if from_gold:
        missing = [d.id for d in corpus if d.annotations is None]
        if missing:
            raise SWNError(f"no gold for {', '.join(missing)}", field="--from-gold", check="file-missing")
        preds = {d.id: d.annotations for d in corpus}
        model_version = model_version or f"swn-gold-{version}"
    elif predictions:
        from ..scoring.predictions import read_predictions

        preds = dict(read_predictions(predictions, {d.id: d.text for d in corpus}, root=root).records)
        model_version = model_version or Path(predictions).stem
    return build_tasks(corpus, preds, model_version, layers=parse_layers(layers),
                       gold_sha256=gold_state(Path(root), [d.id for d in corpus]), gold_version=version)


def _registry(root):
    """The entity registry of the corpus at ``root`` (None when it has none)."""
    from ..store import Paths, read_registry

    path = Paths(root).registry
    return read_registry(path) if path.is_file() else None


def _root(args):
    from pathlib import Path

    from ..store import find_root

    return find_root() if getattr(args, "root", None) is None else Path(args.root)


def _tasks(args) -> int:
    import sys

    from ..store import write_json

    tasks = make_tasks(_root(args), from_gold=args.from_gold, predictions=args.predictions,
                       model_version=args.model_version, docs=args.docs, layers=args.layers)
    write_json(args.out, tasks)
    n_pred = sum(1 for t in tasks if t.get("predictions"))
    mv = tasks[0]["data"]["swn"]["model_version"] if n_pred else None
    print(f"{len(tasks)} tasks ({n_pred} with pre-annotations{f', model_version {mv}' if n_pred else ''}; layers "
          f"{', '.join(tasks[0]['data']['swn']['layers']) if tasks else '-'}) -> {args.out}", file=sys.stderr)
    return 0


def _push(args) -> int:
    from ..errors import SWNError
    from ..labelstudio import client as ls
    from ..labelstudio import rounds
    from ..labelstudio.config import label_config
    from ..store import read_json

    root = _root(args)
    annotators = rounds.parse_annotators(args.annotators)
    rounds.refuse_if_applied(root, args.round, "push it again")
    if args.tasks:
        if args.layers:
            raise SWNError("--layers is given to `swn ls tasks` when the tasks come from a file", field="--layers",
                           check="bad-argument")
        tasks = read_json(args.tasks)
        if not isinstance(tasks, list) or not all(isinstance(t, dict) and isinstance(t.get("data"), dict)
                                                   and "doc_id" in t["data"] and "sha256" in t["data"]
                                                   and isinstance(t["data"].get(rounds.STAMP), dict)
                                                   for t in tasks):
            raise SWNError("not a tasks file written by `swn ls tasks` (each task needs data.doc_id, data.sha256 "
                           "and data.swn)", file=args.tasks, check="ls-task")
    else:
        tasks = make_tasks(root, from_gold=True, layers=args.layers)
    layer_sets = {tuple(t["data"][rounds.STAMP].get("layers") or ()) for t in tasks}
    if len(layer_sets) != 1:
        raise SWNError("the tasks were made for different layers; make them with one `swn ls tasks --layers`",
                       file=args.tasks, check="ls-task")
    layers = rounds.parse_layers(list(next(iter(layer_sets))))
    client = ls.connect()
    for p in ls.push_round(client, tasks, label_config(layers, registry=_registry(root)), args.round, annotators):
        verb = "created" if p.result.created else "updated"
        print(f"project {p.result.project_id} {p.title!r} {verb}: {p.result.imported} tasks imported, "
              f"{p.result.already_there} already there")
    known = {e.lower() for e in ls.users(client).values()}
    for a in annotators:
        if a.lower() not in known:
            print(f"note: {a} has no account on the server yet; they sign up at {ls.server_url()}/user/signup/ "
                  "with this e-mail address")
    return 0


def _pull(args) -> int:
    from ..labelstudio import client as ls

    out = args.out or f"round-{args.round}-export.json"
    bundle = ls.pull_round(ls.connect(), args.round, out)
    for p in bundle["projects"]:
        submitted = sum(1 for t in p["tasks"] for a in t.get("annotations", []) if not a.get("was_cancelled"))
        drafts = sum(len(t.get("drafts") or []) for t in p["tasks"])
        print(f"project {p['id']} {p['title']!r}: {len(p['tasks'])} tasks, {submitted} submitted"
              + (f", {drafts} unsubmitted drafts (not imported)" if drafts else ""))
    print(f"-> {out}")
    return 0


def _projects(args) -> int:
    from ..labelstudio import client as ls

    client = ls.connect()
    projects = ls.round_projects(client, args.round) if args.round is not None else ls.all_projects(client)
    for p in projects:
        print(f"project {p.id} {p.title!r}: {p.task_number or 0} tasks, {p.num_tasks_with_annotations or 0} "
              f"with a submitted annotation, {p.skipped_annotations_number or 0} skipped")
    if not projects:
        print("no project" + (f" of round {args.round}" if args.round is not None else ""))
    return 0


def _import(args) -> int:
    import sys
    from pathlib import Path

    from ..labelstudio.importer import import_export
    from ..store import find_root, rel

    root = find_root() if args.root is None else Path(args.root)
    imported, folder = import_export(args.export, args.round, root=root, replace=args.replace,
                                     rebase=args.rebase)
    for name, docs in imported.passes.items():
        print(f"{name}: {len(docs)} documents -> {rel(folder / name, root)}/")
    for kind, what in (("skipped", "skipped"), ("drafts", "saved as a draft, not submitted (not imported)"),
                       ("not_submitted", "not submitted")):
        for s in imported.record.get(kind, []):
            print(f"{kind.replace('_', ' ')}: {s['annotator']} {s['doc_id']} (project {s['project']} task "
                  f"{s['task']}): {what}", file=sys.stderr)
    for c in imported.record.get("rebase", {}).get("not_carried", []):
        what = c.get("span", {}).get("text") if "span" in c else f"{c.get('target')} = {c.get('value')}"
        print(f"not carried (--rebase): {c['annotator']} {c['doc_id']} {c['layer']} {what!r}: {c['why']}",
              file=sys.stderr)
    for r in imported.record["repairs"]:
        print(f"repaired: {r['annotator']} {r['doc_id']} region {r['region']}: UTF-16 offsets {r['utf16']} -> "
              f"code points {r['code_points']} ({r['text']!r})", file=sys.stderr)
    return 0
