"""SWN — Syria Withdrawal News: an annotated corpus of five news reports.

>>> import swn
>>> docs = swn.load_corpus()          # typed documents with their gold annotations
"""
from .errors import SWNError
from .model import (AnnotationSet, Document, DocumentMetadata, Entity, Quantity, RegistryEntry, Span,
                    StanceEvidence, SubSpan, Timex, Zone)
from .store import load_corpus

__version__ = "1.0.0.dev0"

__all__ = ["SWNError", "AnnotationSet", "Document", "DocumentMetadata", "Entity", "Quantity", "RegistryEntry",
           "Span", "StanceEvidence", "SubSpan", "Timex", "Zone", "load_corpus"]
