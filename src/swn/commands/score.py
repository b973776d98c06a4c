"""``swn score``: validate a predictions file, then score it against the gold."""
from __future__ import annotations

HELP = "score a predictions file (JSONL) against the gold: nervaluate modes, TempEval-3, stance F_avg"


def add_arguments(parser) -> None:
    from .. import vocab
    from ..scoring.counting import DOC_STANCE
    from ..scoring.coarse import SCHEMES
    from ..scoring.profiles import PROFILES
    from ..scoring.report import FORMATS

    parser.add_argument("--pred", required=True, help="predictions file (JSONL, one record per document)")
    parser.add_argument("--gold", help="folder of gold <doc_id>.json (default: annotations/gold)")
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    parser.add_argument("--layer", action="append", choices=(*vocab.LAYER_NAMES, DOC_STANCE),
                        help="score only this layer (repeatable; default: the layers the predictions give "
                             "with spans or declare)")
    parser.add_argument("--docs", action="append", metavar="ID[,ID...]",
                        help="score only these documents (repeatable; default: every gold document)")
    parser.add_argument("--missing-as-empty", action="store_true",
                        help="score a document without a prediction record as predicting nothing "
                             "(default: such a file is an error naming the documents)")
    parser.add_argument("--lenient", action="store_true",
                        help="fill missing span text, trim whitespace at span edges, drop unknown labels, "
                             "and report what was changed (default: strict, reject the file)")
    parser.add_argument("--coarse", choices=tuple(SCHEMES),
                        help="fold gold and predicted entity labels into a coarser scheme's classes first "
                             "(conll2003: PER, ORG, LOC, MISC) for systems with such labels")
    parser.add_argument("--per-label", action="store_true", help="table and markdown: one row per label and mode")
    parser.add_argument("--zone", choices=vocab.ZONES,
                        help="score only spans inside zones of this kind of the gold structure layer (e.g. body)")
    parser.add_argument("--profile", choices=PROFILES,
                        help="timeml: leave out the time expressions where SWN differs from TimeML by design "
                             "(annotations/timeml-compat.json; the card's timeml-compat table)")
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N",
                        help="bootstrap samples over documents for 95%% intervals (default: none)")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress output on stderr")


def load_gold(root: str | None, gold: str | None):
    """Gold annotation sets by doc id and the texts they belong to."""
    from pathlib import Path

    from ..errors import SWNError
    from ..store import Paths, find_root, load_corpus, read_annotation_dir

    root_path = find_root(root) if root is None else Path(root)
    docs = {d.id: d for d in load_corpus(root_path, annotations="none")}
    folder = Path(gold) if gold else Paths(root_path).gold_dir
    anns = read_annotation_dir(folder)
    if not anns:
        raise SWNError("no gold annotations to score against", file=str(folder), record="-", field="-",
                       check="no-gold")
    for doc_id in anns:
        if doc_id not in docs:
            raise SWNError(f"gold for unknown document {doc_id!r}", file=str(folder / f"{doc_id}.json"),
                           record="-", field="doc_id", check="unknown-document")
    return anns, {doc_id: docs[doc_id] for doc_id in anns}


def run(args) -> int:
    import sys

    from ..errors import SWNError
    from ..model import check_spans_against_text
    from ..scoring.lenient import Repairs
    from ..scoring.predictions import read_predictions
    from ..scoring.report import render
    from ..scoring.score import score

    if args.bootstrap < 0:
        raise SWNError("must be 0 or more", field="--bootstrap", check="bad-argument")
    from pathlib import Path

    from ..store import Paths, find_root

    gold, docs = load_gold(args.root, args.gold)
    root = find_root() if args.root is None else Path(args.root)
    folder = Path(args.gold) if args.gold else Paths(root).gold_dir
    for doc_id, ann in gold.items():
        try:
            check_spans_against_text(docs[doc_id].text, ann)
        except SWNError as e:
            raise SWNError(e.message, file=str(folder / f"{doc_id}.json"), record=e.record, field=e.field,
                           check=e.check) from None
    repairs = Repairs() if args.lenient else None
    preds = read_predictions(args.pred, {d: doc.text for d, doc in docs.items()}, repairs, root=root)
    chosen = None if not args.docs else [d.strip() for arg in args.docs for d in arg.split(",") if d.strip()]
    keep = None
    if args.profile:
        from pathlib import Path

        from ..scoring.profiles import profile_filter
        from ..store import find_root
        root = find_root(args.root) if args.root is None else Path(args.root)
        keep = profile_filter(args.profile, root, {d: doc.text for d, doc in docs.items()})
    result = score(gold, preds, layers=args.layer, zone=args.zone, bootstrap=args.bootstrap, seed=args.seed,
                   docs=chosen, missing_as_empty=args.missing_as_empty, keep=keep, coarse=args.coarse)
    if args.profile:
        result["profile"] = args.profile
    if repairs is not None:
        result["lenient"] = repairs.lines()
    if not args.quiet:
        print(f"swn score: {len(preds.records)} prediction records, {result['documents']} documents scored, layers: "
              f"{', '.join(preds.layers + (('doc_stance',) if preds.doc_stance else ())) or 'none'}", file=sys.stderr)
        if preds.empty and not args.layer:
            print(f"swn score: not scored (only empty lists, not declared; ask with --layer): "
                  f"{', '.join(preds.empty)}", file=sys.stderr)
    if repairs is not None:
        print("swn score --lenient changed: " + ("; ".join(repairs.lines()) or "nothing"), file=sys.stderr)
    sys.stdout.write(render(result, args.format, per_label=args.per_label))
    return 0
