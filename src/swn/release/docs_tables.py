"""Generated blocks in Markdown files: ``<!-- BEGIN GENERATED: NAME -->`` … ``<!-- END GENERATED: NAME -->``.

:func:`fill` replaces the content between the markers of every block it has content for and
leaves everything else byte-for-byte alone (blocks it does not know, e.g. ``leaderboard``
written by ``swn benchmark``, keep their content). The tables of the label inventories are
generated from :mod:`swn.vocab`, so a label added there reaches every document on the next
``swn build``.
"""
from __future__ import annotations

import re
from typing import Callable, Mapping

from .. import vocab
from ..errors import SWNError

_BLOCK = re.compile(r"(<!-- BEGIN GENERATED: ([A-Za-z0-9_.-]+) -->\n)(.*?)(<!-- END GENERATED: \2 -->)", re.S)
_BEGIN = re.compile(r"<!-- BEGIN GENERATED: ([A-Za-z0-9_.-]+) -->")
_END = re.compile(r"<!-- END GENERATED: ([A-Za-z0-9_.-]+) -->")


def block_names(markdown: str) -> list[str]:
    return [m[2] for m in _BLOCK.finditer(markdown)]


def check_markers(markdown: str, file: str = "-") -> None:
    """Every BEGIN has its END (same name, on its own line after it) and blocks do not nest."""
    begins, ends = _BEGIN.findall(markdown), _END.findall(markdown)
    paired = block_names(markdown)
    for name in set(begins) | set(ends):
        if begins.count(name) != ends.count(name) or paired.count(name) != begins.count(name):
            raise SWNError(f"generated block {name!r} has unbalanced BEGIN/END markers", file=file, record=name,
                           field="-", check="bad-generated-block")


def fill(markdown: str, blocks: Mapping[str, str], file: str = "-") -> str:
    """``markdown`` with the content of each known block replaced by ``blocks[name]``."""
    check_markers(markdown, file)

    def replace(m: re.Match) -> str:
        name = m[2]
        if name not in blocks:
            return m[0]
        body = blocks[name].rstrip("\n")
        return m[1] + (body + "\n" if body else "") + m[4]

    return _BLOCK.sub(replace, markdown)


def _escape(cell: str) -> str:
    return str(cell).replace("|", "\\|").replace("\n", " ")


def table(header: tuple[str, ...], rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def vocabulary_table(name: str) -> str:
    """A two-column table (value, definition) of one vocabulary of ``vocab.json``."""
    items = vocab.VOCABULARIES[name]
    return table(("value", "definition"), ((f"`{k}`", v) for k, v in items.items()))


# Block name -> vocabulary name, for every vocabulary (generated, never typed twice).
VOCABULARY_BLOCKS: Mapping[str, str] = {name: name for name in vocab.VOCABULARIES}


def layers_table() -> str:
    rows = []
    for layer in vocab.LAYERS.values():
        labels = ", ".join(f"`{v}`" for v in layer.labels) if layer.labels else "(no label field)"
        rows.append((f"`{layer.name}`", layer.description, f"`{layer.label_field or '-'}`", labels,
                     "flat" if layer.flat else "may overlap"))
    return table(("layer", "what", "label field", "labels", "overlap"), rows)


def fields_tables() -> str:
    """One table per Hub config: column, type, description (from the Hub features)."""
    from .features import CONFIGS, column_descriptions, features

    parts = []
    for config in CONFIGS:
        feats = features(config)
        desc = column_descriptions(config)
        parts.append(f"#### `{config}`\n")
        parts.append(table(("column", "type", "description"),
                           ((f"`{c}`", f"`{type_name(f)}`", desc.get(c, "")) for c, f in feats.items())))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def type_name(feature) -> str:
    """A short readable name of a ``datasets`` feature (``ClassLabel(11)``, ``list<struct>``…)."""
    import datasets

    if isinstance(feature, datasets.ClassLabel):
        return f"ClassLabel({feature.num_classes})"
    if isinstance(feature, datasets.Value):
        return feature.dtype
    if isinstance(feature, datasets.List):
        return f"list<{type_name(feature.feature)}>"
    if isinstance(feature, dict):
        return "struct{" + ", ".join(feature) + "}"
    return type(feature).__name__


def timeml_compat_table(expressions) -> str:
    """The card's ``timeml-compat`` table (:func:`swn.scoring.profiles.read_timeml_compat` entries)."""
    return table(("document", "expression", "offsets", "SWN", "TimeML taggers", "rule"),
                 ((f"`{e.doc_id}`", f"\"{e.text}\"", f"{e.start}–{e.end}", e.swn, e.timeml, e.rule)
                  for e in expressions))


def standard_blocks() -> dict[str, Callable[[], str]]:
    """Blocks that depend on the schema only (no corpus needed)."""
    out: dict[str, Callable[[], str]] = {name: (lambda v=v: vocabulary_table(v)) for name, v in VOCABULARY_BLOCKS.items()}
    out["layers"] = layers_table
    out["fields"] = fields_tables
    out["formats"] = _formats_table
    return out


def _formats_table() -> str:
    from ..formats import formats_table

    return formats_table()
