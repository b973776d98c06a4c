"""``swn adjudicate --round N [--apply DECISIONS]``: merge a round's passes, list conflicts, apply decisions."""
from __future__ import annotations

HELP = "merge the passes of an annotation round into conflicts for a curator; --apply writes the new gold"


def add_arguments(parser) -> None:
    parser.add_argument("--round", type=int, required=True, help="round number N (annotations/rounds/N/)")
    parser.add_argument("--apply", metavar="DECISIONS",
                        help="decisions JSON (conflict id -> choice) to apply: writes the new gold and VERSION")
    parser.add_argument("--layers", help="comma-separated layers to adjudicate (default: the round's layers, from "
                                         "its import.json; document stance goes with the stance layer); other "
                                         "layers keep their gold byte for byte")
    parser.add_argument("--min-annotators", type=int, default=2,
                        help="documents with fewer passes are not adjudicated (default 2)")
    parser.add_argument("--root", help="corpus root")


def run(args) -> int:
    from pathlib import Path

    from ..adjudicate import adjudicate_round, apply_decisions
    from ..store import find_root, rel

    root = find_root() if args.root is None else Path(args.root)
    if args.apply:
        result = apply_decisions(args.round, args.apply, root=root)
        if not result.changed:
            print(f"round {args.round}: the decisions leave the gold unchanged (recorded in applied.json)")
            return 0
        print(f"round {args.round}: new gold for {len(result.changed)} document(s): {', '.join(result.changed)}; "
              f"{len(result.record['new_ids'])} new span ids, {len(result.record['retired_ids'])} retired")
        if result.version:
            print(f"VERSION {result.version[0]} -> {result.version[1]} (annotations changed: MINOR)")
        return 0
    layers = [x.strip() for x in args.layers.split(",")] if args.layers else None
    adj, out = adjudicate_round(args.round, root=root, layers=layers, min_annotators=args.min_annotators)
    d = adj.to_dict()
    print(f"round {args.round}: {len(adj.annotators)} annotators ({', '.join(adj.annotators)}), "
          f"{len(d['documents'])} documents, {d['agreed']} agreed, {len(adj.conflicts)} conflicts -> {rel(out, root)}")
    for doc_id, reason in d["skipped_documents"].items():
        print(f"  not adjudicated: {doc_id} ({reason})")
    if adj.conflicts:
        print(f"write a decisions file (conflict id -> option) and run "
              f"`swn adjudicate --round {args.round} --apply DECISIONS`")
    return 0
