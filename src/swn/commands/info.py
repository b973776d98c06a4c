"""``swn info``: which SWN, which corpus (and how it was found), which optional extras are installed."""
from __future__ import annotations

HELP = "show the swn version, the corpus in use (checkout, SWN_ROOT or the installed release) and the extras"

# (extra, module that tells whether it is installed)
EXTRAS = (("hub", "datasets"), ("labelstudio", "label_studio_sdk"), ("baselines", "spacy"))

HOW = {
    "argument": "the folder given",
    "SWN_ROOT": "the SWN_ROOT environment variable",
    "checkout": "a checkout around the current folder",
    "source": "the checkout swn is installed from (editable)",
    "package": "the release installed with the package",
}


def add_arguments(parser) -> None:
    parser.add_argument("--root", help="corpus root to describe (default: the one swn would use here)")
    from ..output import add_format_argument

    add_format_argument(parser, ("table", "json"))


def describe(root=None) -> dict:
    import importlib.util

    from .. import __version__
    from ..release.manifest import MANIFEST_PATH
    from ..store import locate_corpus, read_json

    found = locate_corpus(root)
    manifest = found.root / MANIFEST_PATH
    release = read_json(manifest).get("version") if manifest.is_file() else None
    extras = {name: importlib.util.find_spec(module) is not None for name, module in EXTRAS}
    return {"swn": __version__, "corpus": str(found.root), "found_by": found.source,
            "corpus_release": release, "extras": extras}


def run(args) -> int:
    import json

    info = describe(args.root)
    if args.format == "json":
        print(json.dumps(info, indent=1))
        return 0
    print(f"swn {info['swn']}")
    print(f"corpus: {info['corpus']}")
    print(f"  found by: {HOW[info['found_by']]} ({info['found_by']})")
    print(f"  release: {info['corpus_release'] or 'unknown (no corpus/MANIFEST.json)'}")
    missing = [f"swn[{k}]" for k, ok in info["extras"].items() if not ok]
    print("extras: " + ", ".join(f"{k} {'yes' if ok else 'no'}" for k, ok in info["extras"].items())
          + (f" (pip install '{missing[0]}' ...)" if missing else ""))
    return 0
