"""Optional dependencies: a missing one is one line naming the extra to install.

The core (``pip install swn``) loads, validates, scores, renders and summarises the corpus;
``datasets`` and friends come with extras (``hub``, ``labelstudio``, ``baselines``, ``test``,
see pyproject.toml). :func:`require` imports a module or raises :class:`SWNError`
``pip install 'swn[<extra>]'``, never a bare ``ModuleNotFoundError``.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from .errors import SWNError


def require(module: str, extra: str, what: str) -> ModuleType:
    """``import module``, or an :class:`SWNError` saying ``what`` needs ``pip install 'swn[extra]'``."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        top = module.split(".")[0]
        if e.name is None or e.name.split(".")[0] != top:
            raise  # the module is there but one of its own imports is broken: show the real error
        raise SWNError(f"{what} needs the optional dependency {top!r}: pip install 'swn[{extra}]'",
                       check="missing-dependency") from None
