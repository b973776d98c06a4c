"""SWN — Syria Withdrawal News: an annotated corpus of five news reports.

>>> import swn
>>> docs = swn.load_corpus()          # typed documents with their gold annotations
"""
from .errors import SWNError
from .model import (AnnotationSet, Document, DocumentMetadata, Entity, Quantity, RegistryEntry, Span,
                    StanceEvidence, SubSpan, Timex, Zone)
from .store import load_corpus


def _read_version() -> str:
    """The release version, kept in one place: the repository's top-level ``VERSION`` file.

    A source checkout (and an editable install) reads the file itself, so the version never
    goes stale; an installed wheel falls back to its metadata (built from the same file).
    """
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "VERSION"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("swn")
    except PackageNotFoundError:
        return "0+unknown"


__version__ = _read_version()


def load(config: str | None = None, *, version: str | None = None, **kwargs):
    """``datasets.load_dataset`` on SWN; ``version="v1.0.0"`` loads that tagged release (see swn.release.load)."""
    from .release.load import load as _load

    return _load(config, version=version, **kwargs)

__all__ = ["SWNError", "AnnotationSet", "Document", "DocumentMetadata", "Entity", "Quantity", "RegistryEntry",
           "Span", "StanceEvidence", "SubSpan", "Timex", "Zone", "load", "load_corpus"]
