"""Export and import formats, behind one registry.

Every format is one module of this package that defines ``FORMAT``, a :class:`Format`. The
registry (:func:`formats`, :func:`get`) finds them by scanning the package, so adding a format
means adding one module (and its test); ``swn export --format NAME``, ``swn export --format NAME
--explain`` and the README's table of formats loop over it, and an adapter for ``swn predict
--from NAME`` delegates to ``get(NAME).read``.

The interface of a format
-------------------------
``FORMAT.export(docs, layers=None) -> dict[str, bytes]``
    Pure: the files of the export as ``{relative path: bytes}`` for the documents ``docs``
    (:class:`swn.model.Document` with ``annotations``). ``layers`` restricts the layers written
    (``None``: every layer the format carries, ``FORMAT.exports``); a layer the format cannot
    carry raises :class:`swn.errors.SWNError`. :func:`write_files` writes the result (atomically,
    file by file).
``FORMAT.read(path, texts) -> ReadResult`` (``None`` for export-only formats)
    Reads what ``export`` wrote (or a file of the same format made by another tool) back into
    annotation sets. ``path`` is a file or folder as the format documents it; ``texts`` maps
    ``doc_id`` to the document's raw text (the corpus text: offsets and span texts are checked
    against it). The result's ``annotations`` has one :class:`swn.model.AnnotationSet` per
    document found; ``layers`` says which layers the input carries (the others are empty
    because the format cannot say, not because nothing was found); ``filled`` lists, one line
    each, the defaults the reader filled in where the input omitted a value (e.g. a TIMEX3
    without ``type``). Errors are :class:`swn.errors.SWNError` naming the file, the record
    (line) and the field.
    A reader checks labels against the SWN vocabulary; an adapter that maps another label set
    first uses the format's lower-level reader (``brat.from_brat`` per file,
    ``conll.read_chunks``, which returns tag types unchecked).
``FORMAT.exports`` / ``FORMAT.imports``
    The layers written / read back.
``FORMAT.loses``
    What the format cannot carry, one sentence each (printed by ``--explain``).
``FORMAT.requires``
    The pip extra the format needs beyond the core (``None`` when it needs nothing).

Shared code lives once: :mod:`swn.formats.lines` (line breaks, fragments), :func:`write_files`.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from ..model import AnnotationSet, Document


@dataclass(frozen=True)
class ReadResult:
    """What a reader found: annotation sets by doc id, the layers the input carries, defaults filled."""

    annotations: dict[str, "AnnotationSet"]
    layers: tuple[str, ...]
    filled: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    layout: str
    exports: tuple[str, ...]
    imports: tuple[str, ...]
    loses: tuple[str, ...]
    export: Callable[..., dict[str, bytes]]
    read: Callable[[Path, Mapping[str, str]], ReadResult] | None = None
    requires: str | None = None
    options: tuple[str, ...] = field(default=())

    def explain(self) -> str:
        """A plain-text description: layout, what it carries, what it loses, what it needs."""
        lines = [f"{self.name}: {self.description}", f"  files: {self.layout}",
                 f"  exports: {', '.join(self.exports) or '-'}",
                 f"  reads back: {', '.join(self.imports) or 'not readable'}"]
        if self.requires:
            lines.append(f"  needs: pip install 'swn[{self.requires}]'")
        lines.append("  loses:")
        lines.extend(f"  - {x}" for x in self.loses)
        return "\n".join(lines) + "\n"


def formats() -> dict[str, Format]:
    """Every registered format by name (sorted by name)."""
    found: dict[str, Format] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        fmt = getattr(module, "FORMAT", None)
        if isinstance(fmt, Format):
            if fmt.name in found:
                raise RuntimeError(f"two formats are named {fmt.name!r}")
            found[fmt.name] = fmt
    return dict(sorted(found.items()))


def get(name: str) -> Format:
    from ..errors import SWNError

    all_formats = formats()
    if name not in all_formats:
        raise SWNError(f"unknown format {name!r}; formats are {', '.join(all_formats)}", check="unknown-format")
    return all_formats[name]


def check_layers(fmt_name: str, layers: Sequence[str] | None, carried: Sequence[str]) -> tuple[str, ...]:
    """``layers`` (default: ``carried``) in vocabulary order; an error for a layer the format cannot carry."""
    from .. import vocab
    from ..errors import SWNError

    if layers is None:
        return tuple(carried)
    for name in layers:
        if name not in carried:
            raise SWNError(f"the {fmt_name} format cannot carry layer {name!r}; it carries {', '.join(carried)}",
                           field="layers", check="unknown-layer")
    return tuple(n for n in vocab.LAYER_NAMES if n in layers)


def write_files(out: Path | str, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (``{relative path: bytes}``) under ``out``, each atomically; returns the paths."""
    from ..store import atomic_write_bytes

    out = Path(out)
    written = []
    for rel in sorted(files):
        p = out / rel
        atomic_write_bytes(p, files[rel])
        written.append(p)
    return written


def formats_table() -> str:
    """The README's table of formats (Markdown), generated from the registry."""
    rows = ["| Format | Files | Exports | Read back | Loses |",
            "|---|---|---|---|---|"]
    for fmt in formats().values():
        rows.append(f"| `{fmt.name}` | {fmt.layout} | {', '.join(fmt.exports)} | {', '.join(fmt.imports) or '—'} | "
                    f"{' '.join(fmt.loses)} |")
    return "\n".join(rows)
