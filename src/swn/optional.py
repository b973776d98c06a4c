"""Optional dependencies: a missing one is one line naming the extra to install.

The core (``pip install swn``) validates, scores, renders and summarises the corpus; other
tools come with extras (see pyproject.toml): ``hub`` (datasets: ``swn.load``, ``swn build``), ``build``
(spaCy 3.8 for ``swn build``'s ``tokens`` config and the token-level exports; see :mod:`swn.tokens`),
``labelstudio``, ``baselines``, ``test``. :func:`require` imports a module or raises
:class:`SWNError` saying ``pip install 'swn[<extra>]'``; :func:`explain` turns a
``ModuleNotFoundError`` of an optional module into that error (the ``swn`` command applies it
to every sub-command), never a bare traceback.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from .errors import SWNError

# Top-level module -> the extra that installs it.
EXTRA_OF = {
    "datasets": "hub",
    "label_studio_sdk": "labelstudio",
    "spacy": "baselines", "dateparser": "baselines", "quantulum3": "baselines",
    "mlcroissant": "test", "dask": "test", "nervaluate": "test", "playwright": "test",
}


def explain(error: ModuleNotFoundError, what: str) -> SWNError | None:
    """The one-line error for a missing optional module, or ``None`` for any other module."""
    top = (error.name or "").split(".")[0]
    extra = EXTRA_OF.get(top)
    if extra is None:
        return None
    return SWNError(f"{what} needs {top}, which is not installed: pip install 'swn[{extra}]'",
                    check="missing-dependency")


def require(module: str, what: str) -> ModuleType:
    """``import module``, or the :class:`SWNError` of :func:`explain`."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        err = explain(e, what)
        if err is None:
            raise
        raise err from None
