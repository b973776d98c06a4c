"""``swn build``: the deterministic release build.

From the sources (raw texts, metadata, gold annotations, registry, vocabulary, VERSION,
CHANGELOG) it renders, in memory:

* ``corpus/data/<config>.jsonl`` for every Hub config (JSON Lines, one row per line, keys in
  feature order; ``datasets`` casts them to the features declared in the card);
* README.md: the YAML front matter and the generated blocks (label inventories, fields,
  statistics, agreement); DATASHEET.md and annotations/GUIDELINES.md: their generated blocks;
* CITATION.cff: its ``version`` and ``date-released`` lines;
* croissant.json;
* corpus/MANIFEST.json: sha256 and size of every released file, as they will be after writing.

then writes only the files whose bytes differ (atomically). Nothing depends on the clock, the
machine or the order files are listed in, so two builds give byte-identical files.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Mapping

from ..errors import SWNError
from ..model import Document
from ..store import Paths, dumps_json, find_root, load_corpus
from . import card, docs_tables, manifest, versions
from .croissant import croissant
from .features import CONFIGS
from .rows import config_rows

README = "README.md"
DATASHEET = "DATASHEET.md"
GUIDELINES = "annotations/GUIDELINES.md"
AGREEMENT = "annotations/AGREEMENT.md"
CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
CROISSANT = "croissant.json"


def jsonl_bytes(rows) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in rows).encode("utf-8")


def _read_text(root: Path, rel: str) -> str | None:
    p = root / rel
    return p.read_text(encoding="utf-8") if p.is_file() else None


def release_docs(root: Path) -> list[Document]:
    """The corpus with its gold; every document must have gold annotations."""
    docs = load_corpus(root)
    missing = [d.id for d in docs if d.annotations is None]
    if missing:
        raise SWNError(f"no gold annotations for {', '.join(missing)}; a release needs gold for every document",
                       file=str(Paths(root).gold_dir), record=missing[0], field="-", check="gold-missing")
    return docs


def agreement_block(root: Path) -> str:
    """The agreement summary for the card and datasheet, from annotations/AGREEMENT.md."""
    text = _read_text(root, AGREEMENT)
    if text is None:
        return ("Agreement figures are not available in this build: `annotations/AGREEMENT.md` has not been "
                "produced yet (`swn agreement`).")
    m = re.search(r"<!-- BEGIN GENERATED: (?:agreement_summary|summary) -->\n(.*?)<!-- END GENERATED", text, re.S)
    if m:
        body = m[1].strip()
    else:
        tables = re.findall(r"((?:^\|.*\|[ \t]*\n)+)", text, re.M)
        body = tables[0].strip() if tables else ""
    source = "From [`annotations/AGREEMENT.md`](annotations/AGREEMENT.md), which has the method and every figure."
    return f"{source}\n\n{body}" if body else source


def timeml_compat_block(root: Path, docs) -> str:
    """The ``timeml-compat`` table, from annotations/timeml-compat.json (absent: none listed)."""
    from ..scoring.profiles import TIMEML_COMPAT, read_timeml_compat

    if not (root / TIMEML_COMPAT).is_file():
        return f"No expression is listed (`{TIMEML_COMPAT}` is absent)."
    return docs_tables.timeml_compat_table(read_timeml_compat(root / TIMEML_COMPAT, {d.id: d.text for d in docs}))


def cite_as(version: str, date: str | None) -> str:
    year = f",\n  year = {{{date[:4]}}}" if date else ""
    return ("@misc{swn,\n  title = {SWN: Syria Withdrawal News, an annotated corpus of five news reports},\n"
            f"  note = {{Version {version}}}{year}\n}}")


def citation_cff(text: str, version: str, date: str | None) -> str:
    text = re.sub(r"(?m)^version: .*$", f'version: "{version}"', text)
    if date:
        if re.search(r"(?m)^date-released: ", text):
            text = re.sub(r"(?m)^date-released: .*$", f'date-released: "{date}"', text)
        else:
            text = text.rstrip("\n") + f'\ndate-released: "{date}"\n'
    else:
        text = re.sub(r"(?m)^date-released: .*\n", "", text)
    return text


def render(root: Path | str) -> dict[str, bytes]:
    """Every built file of the release as ``{path: bytes}`` (the manifest last)."""
    root = Path(root)
    version = versions.read_version(root)
    docs = release_docs(root)
    changelog = _read_text(root, CHANGELOG) or ""
    section = versions.changelog_section(changelog, version)
    date = section[1] if section else None

    out: dict[str, bytes] = {}
    rows_by_config: dict[str, list[dict]] = {}
    for config in CONFIGS:
        rows_by_config[config] = config_rows(docs, config)
        if not rows_by_config[config]:
            raise SWNError(f"config {config} has no rows: datasets cannot load an empty split, and a release "
                           "should not ship an empty layer", file=card.data_path(config), record="-", field="-",
                           check="empty-config")
        out[card.data_path(config)] = jsonl_bytes(rows_by_config[config])
    fingerprints = {c: hashlib.sha256(out[card.data_path(c)]).hexdigest() for c in CONFIGS}
    split_sizes = {c: (card.check_loadable(c, rows_by_config[c], out[card.data_path(c)]), len(rows_by_config[c]))
                   for c in CONFIGS}
    file_sizes = {c: len(out[card.data_path(c)]) for c in CONFIGS}

    from ..stats import statistics_markdown

    blocks: dict[str, Any] = {name: fn() for name, fn in docs_tables.standard_blocks().items()}
    blocks["statistics"] = statistics_markdown(docs)
    blocks["agreement"] = agreement_block(root)
    blocks["version"] = f"This card describes SWN **{version}**."
    blocks["timeml_compat"] = timeml_compat_block(root, docs)

    readme = _read_text(root, README) or ""
    readme = card.set_front_matter(readme, card.front_matter(version, fingerprints, split_sizes, file_sizes))
    out[README] = docs_tables.fill(readme, blocks, README).encode("utf-8")
    for rel in (DATASHEET, GUIDELINES):
        text = _read_text(root, rel)
        if text is not None:
            out[rel] = docs_tables.fill(text, blocks, rel).encode("utf-8")
    cff = _read_text(root, CITATION)
    if cff is not None:
        out[CITATION] = citation_cff(cff, version, date).encode("utf-8")

    raw = {f"corpus/raw/{d.id}.txt": (root / "corpus" / "raw" / f"{d.id}.txt").read_bytes() for d in docs}
    out[CROISSANT] = dumps_json(croissant(version, out, raw, date, cite_as(version, date))).encode("utf-8")

    contents = {p: out[p] if p in out else (root / p).read_bytes() for p in manifest.released_files(root, out)}
    out[manifest.MANIFEST_PATH] = dumps_json(manifest.make_manifest(version, contents)).encode("utf-8")
    return out


def require_valid(root: Path) -> None:
    """Raise unless the corpus validator (levels 1-3) accepts the corpus: nothing invalid is released."""
    from ..validate import iter_validate

    errors = [i for i in iter_validate([root], 3) if i.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more: run `swn validate`)" if len(errors) > 1 else ""
        raise SWNError(f"the corpus is invalid, nothing was built: {first.message}{more}",
                       file=first.file, record=first.record, field=first.field, check=first.check)


def stale_files(root: Path | str, rendered: Mapping[str, bytes] | None = None) -> list[str]:
    """Built files whose bytes on disk differ from a fresh build (sorted)."""
    root = Path(root)
    if rendered is None:
        require_valid(root)
        rendered = render(root)
    return sorted(p for p, data in rendered.items()
                  if not (root / p).is_file() or (root / p).read_bytes() != data)


def check_staged(staged: Mapping[str, Path], rendered: Mapping[str, bytes]) -> None:
    """Read the staged files back: each holds the rendered bytes, every data row parses by the
    strict reader, and every ``documents`` row's sha256 is the sha256 of its text."""
    from .. import jsonio

    for rel, path in staged.items():
        data = path.read_bytes()
        if data != rendered[rel]:
            raise SWNError("the staged file does not hold the rendered bytes", file=rel, record="-", field="-",
                           check="build-staging")
        if rel.startswith("corpus/data/") and rel.endswith(".jsonl"):
            for n, row in jsonio.iter_records(jsonio.decode(data, rel), rel):
                if rel == card.data_path("documents"):
                    digest = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
                    if digest != row["sha256"]:
                        raise SWNError(f"sha256 of the text is {digest[:12]}…, the row says {row['sha256'][:12]}…",
                                       file=rel, record=f"line {n}", field="sha256", check="raw-sha256-mismatch")


def _render_with(root: Path, changes: Mapping[str, bytes]) -> dict[str, bytes]:
    """What a build renders once ``changes`` ({path: bytes}, e.g. a new VERSION and CHANGELOG)
    are in place, without writing them: validated and rendered in a private copy."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="swn-build-") as tmp:
        copy = Path(tmp) / "repo"
        for folder in ("corpus", "annotations"):
            if (root / folder).is_dir():
                shutil.copytree(root / folder, copy / folder, ignore=shutil.ignore_patterns(".*"))
        for rel in manifest.released_files(root):
            if not (copy / rel).exists():
                (copy / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / rel, copy / rel)
        for rel, data in changes.items():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / rel).write_bytes(data)
        require_valid(copy)
        return render(copy)


def build(root: Path | str | None = None, changes: Mapping[str, bytes | str] | None = None) -> list[str]:
    """Validate, render, stage, check and swap in the release files as one transaction (the
    manifest last); returns the paths that changed (empty when already up to date).

    ``changes`` ({path: content}) are source files written in the same transaction (a release
    bumps VERSION and adds a CHANGELOG section): a crash leaves the old release or the new one."""
    from ..transaction import Transaction

    root = find_root() if root is None else Path(root)
    changes = {p: d.encode("utf-8") if isinstance(d, str) else d for p, d in (changes or {}).items()}
    if changes:
        rendered = _render_with(root, changes)
    else:
        require_valid(root)
        rendered = render(root)
    rendered_changed = stale_files(root, rendered)
    sources = sorted(p for p, data in changes.items() if not (root / p).is_file() or (root / p).read_bytes() != data)
    if not rendered_changed and not sources:
        return []
    order = sources + sorted(rendered_changed, key=lambda p: (p == manifest.MANIFEST_PATH, p))  # manifest last
    staged_bytes = {**changes, **rendered}
    with Transaction(root, "swn build") as txn:
        for p in order:
            txn.write(p, staged_bytes[p])
        check_staged({p: txn.staged(i) for i, p in enumerate(order)}, staged_bytes)
        txn.commit()
    return sorted(order)
