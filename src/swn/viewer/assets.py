"""The viewer's stylesheet and script, inlined into every page (no file fetched at view time).

``viewer.css`` holds the layout and the per-layer drawing; the label colours and the rules
behind each layer switch are generated here from :mod:`swn.vocab` and appended.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .. import vocab
from .colours import colour_css, css_ident


def _read(name: str) -> str:
    return resources.files("swn.viewer").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def switch_id(layer: str) -> str:
    """The element id of a layer's show/hide checkbox."""
    return f"show-{css_ident(layer)}"


def layer_switch_css() -> str:
    """Unticking a layer's checkbox hides the drawing of exactly that layer's spans (the text
    stays). ``--shown: 0`` marks them as hidden for the script and for tests."""
    rules = []
    for layer in vocab.LAYER_NAMES:
        sel = f"body:has(#{switch_id(layer)}:not(:checked)) .l-{css_ident(layer)}"
        rules.append(f"{sel}{{--shown:0;background:none;box-shadow:none;text-decoration:none;"
                     f"border-color:transparent;outline:none}}")
        rules.append(f"{sel}::before{{visibility:hidden}}")
    return "\n".join(rules)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return _read("viewer.css") + "\n/* generated from swn.vocab */\n" + colour_css() + "\n" + layer_switch_css() + "\n"


@lru_cache(maxsize=1)
def script() -> str:
    return _read("viewer.js")
