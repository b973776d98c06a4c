"""Build the whole static site: what ``swn render`` writes.

Layout of the output folder (flat, so every link is a plain file name)::

    index.html               documents with metadata and span counts (+ comparison table)
    doc-<doc_id>.html        one page per document, every layer drawn
    compare-<doc_id>.html    compare mode only: reference and other side by side
    entities.html            every entity with all its mentions across the corpus
    stats.html               counts and span length plots (inline SVG)

Pages are deterministic (same input, same bytes) and self-contained (CSS, script and data
inlined; a Content-Security-Policy forbids any fetch).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from .. import vocab
from ..errors import SWNError
from ..model import AnnotationSet, Document, RegistryEntry, check_spans_against_text
from ..store import Paths, atomic_write_text, find_root, load_corpus, read_annotation_dir, read_registry
from .compare import Comparison, compare_document, compare_href, compare_page, comparison_summary
from .document_page import doc_href, document_page
from .entities_page import entities_page
from .html import Html
from .index_page import index_page
from .stats_page import stats_page


def site_pages(docs: Sequence[Document], registry: Mapping[str, RegistryEntry],
               comparison: Comparison | None = None) -> Iterator[tuple[str, Html]]:
    """Every page of the site as ``(file name, page)``, made one at a time (pure: nothing is written),
    so that :func:`write_site` holds one page in memory, not the whole site."""
    yield "index.html", index_page(docs, comparison=comparison_summary(comparison) if comparison else None)
    yield "stats.html", stats_page(docs)
    yield "entities.html", entities_page(docs, registry)
    for d in docs:
        yield doc_href(d.id), document_page(d, registry)
    if comparison:
        for cmp in comparison.docs:
            yield compare_href(cmp.doc.id), compare_page(cmp, comparison, registry)


def write_site(out: Path | str, pages: Iterable[tuple[str, Html]]) -> list[Path]:
    """Write each page into ``out`` (created if needed) as soon as it is made, atomically; other files
    are left alone. Returns the written files, sorted."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SWNError("exists and is not a folder", file=str(out), check="not-a-folder")
    written = []
    for name, html in pages:
        path = out / name
        atomic_write_text(path, html)
        written.append(path)
    return sorted(written)


def load_registry(root: Path) -> dict[str, RegistryEntry]:
    path = Paths(root).registry
    return read_registry(path) if path.is_file() else {}


def _checked(folder: Path, texts: Mapping[str, str]) -> dict[str, AnnotationSet]:
    sets = read_annotation_dir(folder)
    for doc_id, ann in sets.items():
        path = folder / f"{doc_id}.json"
        if doc_id not in texts:
            raise SWNError(f"unknown document {doc_id!r}", file=str(path), record="-", field="doc_id",
                           check="unknown-document")
        try:
            check_spans_against_text(texts[doc_id], ann)
        except SWNError as e:
            raise SWNError(e.message, file=str(path), record=e.record, field=e.field, check=e.check) from None
    return sets


def compare_predictions(docs: Sequence[Document], pred_path: Path | str, root: Path | str | None = None) -> Comparison:
    """Gold (the documents' annotations) against a predictions file (the scorer's format and reader,
    validated against the corpus at ``root``)."""
    from ..scoring.predictions import read_predictions

    preds = read_predictions(pred_path, {d.id: d.text for d in docs}, root=root)
    layers = preds.layers or vocab.LAYER_NAMES
    cmps = tuple(compare_document(d, d.annotations, preds.records.get(d.id), layers, preds.attributes)
                 for d in docs if d.annotations is not None or d.id in preds.records)
    return Comparison("gold", f"predictions {Path(pred_path).name}", cmps, tuple(layers), preds.doc_stance)


def compare_passes(docs: Sequence[Document], folder_a: Path | str, folder_b: Path | str) -> Comparison:
    """Two annotation folders (e.g. annotations/passes/a and annotations/passes/b), A as reference."""
    texts = {d.id: d.text for d in docs}
    a, b = _checked(Path(folder_a), texts), _checked(Path(folder_b), texts)
    cmps = tuple(compare_document(replace(d, annotations=None), a.get(d.id), b.get(d.id)) for d in docs
                 if d.id in a or d.id in b)
    return Comparison(f"pass {Path(folder_a).name}", f"pass {Path(folder_b).name}", cmps)


def render(out: Path | str, *, root: Path | str | None = None, pred: Path | str | None = None,
           passes: tuple[Path | str, Path | str] | None = None) -> list[Path]:
    """Load the corpus (with gold), build the comparison if asked, write the site; return the files."""
    root_path = find_root() if root is None else Path(root)
    docs = load_corpus(root_path)
    registry = load_registry(root_path)
    comparison = None
    if pred is not None:
        comparison = compare_predictions(docs, pred, root_path)
    elif passes is not None:
        comparison = compare_passes(docs, *passes)
    return write_site(out, site_pages(docs, registry, comparison))
