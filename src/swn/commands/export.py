"""``swn export --format brat|conll --out DIR``: the gold (or another annotation folder) in other formats."""
from __future__ import annotations

HELP = "export the gold to brat standoff (.txt + .ann, with annotation.conf) or CoNLL BIO (entities)"


def add_arguments(parser) -> None:
    parser.add_argument("--format", required=True, choices=("brat", "conll"))
    parser.add_argument("--out", required=True, help="output folder (created; existing files are replaced)")
    parser.add_argument("--root", help="corpus root (default: the repository around the current folder)")
    parser.add_argument("--annotations", default="gold",
                        help="'gold' or a folder of <doc_id>.json relative to the root (default: gold)")


def run(args) -> int:
    import sys
    from pathlib import Path

    from ..errors import SWNError
    from ..store import atomic_write_bytes, atomic_write_text, load_corpus

    docs = [d for d in load_corpus(args.root, annotations=args.annotations) if d.annotations is not None]
    if not docs:
        raise SWNError("no annotated documents to export", check="nothing-to-export")
    out = Path(args.out)
    if args.format == "brat":
        from ..formats.brat import annotation_conf, to_brat

        for d in docs:
            txt, ann = to_brat(d.text, d.annotations)
            atomic_write_bytes(out / f"{d.id}.txt", txt.encode("utf-8"))
            atomic_write_text(out / f"{d.id}.ann", ann)
        atomic_write_text(out / "annotation.conf", annotation_conf())
        print(f"wrote {len(docs)} documents (.txt + .ann) and annotation.conf to {out}")
        return 0
    from ..formats.conll import to_conll

    lost = 0
    for d in docs:
        text, misaligned = to_conll(d.id, d.text, d.annotations.entities)
        atomic_write_text(out / f"{d.id}.conll", text)
        lost += len(misaligned)
        for e in misaligned:
            print(f"swn export: {d.id}: entity {e.id} [{e.start},{e.end}) {e.text!r} is not on token "
                  "boundaries; left O (listed in the file header)", file=sys.stderr)
    print(f"wrote {len(docs)} CoNLL files to {out}" + (f" ({lost} misaligned entities)" if lost else ""))
    return 0
