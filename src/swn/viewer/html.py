"""Safe HTML building: every string is escaped unless it is already :class:`Html`.

The one rule of the viewer: text and attribute values from the corpus (raw texts, span
attributes, metadata, registry names, file names) only ever reach a page through
:func:`esc`, :func:`h` or :func:`json_script`. Markup built here is :class:`Html`, so it is
never escaped twice, and a plain ``str`` is never emitted unescaped.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any, Iterable, Mapping

__all__ = ["Html", "esc", "h", "join", "json_script", "page", "script_hash"]


class Html(str):
    """A string that is already markup (safe to emit as is)."""

    __slots__ = ()

    def __add__(self, other: str) -> "Html":
        return Html(str.__add__(self, esc(other)))

    def join(self, parts: Iterable[Any]) -> "Html":  # type: ignore[override]
        """Join markup: parts that are not :class:`Html` are escaped (like ``h`` children)."""
        return Html(str.join(self, (esc(p) for p in parts)))


def esc(value: Any) -> Html:
    """Escape text for element content or a quoted attribute value (``&``, ``<``, ``>``, ``"``, ``'``)."""
    if isinstance(value, Html):
        return value
    return Html(html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[Any], sep: str = "") -> Html:
    return esc(sep).join(parts)


def _attrs(attrs: Mapping[str, Any]) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")  # class_ -> class, data_span_id -> data-span-id
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "wbr"})


def h(tag: str, attrs: Mapping[str, Any] | None = None, *children: Any) -> Html:
    """``<tag attrs>children</tag>``; children that are not :class:`Html` are escaped.

    An attribute whose value is ``None`` or ``False`` is left out; ``True`` writes it bare.
    """
    open_ = f"<{tag}{_attrs(attrs or {})}>"
    if tag in _VOID:
        return Html(open_)
    return Html(open_ + "".join(esc(c) for c in _flatten(children)) + f"</{tag}>")


def _flatten(children: Iterable[Any]):
    for c in children:
        if c is None:
            continue
        if isinstance(c, (list, tuple)) or (not isinstance(c, str) and hasattr(c, "__iter__")):
            yield from _flatten(c)
        else:
            yield c


# Characters that could end a <script> element or start an HTML comment inside it, and the
# two line separators that JavaScript string literals did not allow before ES2019.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(obj: Any) -> str:
    """JSON text that can sit inside ``<script>`` unchanged: ``<``, ``>``, ``&``, U+2028/9 escaped."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return "".join(_SCRIPT_UNSAFE.get(c, c) for c in text)


def json_script(element_id: str, obj: Any) -> Html:
    """A non-executed ``<script type="application/json">`` holding ``obj``; read with JSON.parse."""
    return Html(f'<script type="application/json" id="{esc(element_id)}">{json_for_script(obj)}</script>')


def script_hash(source: str) -> str:
    """The CSP source expression (``'sha256-…'``) allowing exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def page(title: str, body: Html, *, css: str, scripts: Iterable[str] = (), data: Html | None = None,
         lang: str = "en") -> Html:
    """A complete standalone page: inline CSS and scripts, no external resource.

    The Content-Security-Policy forbids every fetch (no server, no network, no CDN) and allows
    only the page's own inline scripts, by hash: markup injected through a bug could not run.
    """
    scripts = list(scripts)
    csp = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           "script-src " + (" ".join(script_hash(s) for s in scripts) if scripts else "'none'") + "; "
           "base-uri 'none'; form-action 'none'")
    head = (h("meta", {"charset": "utf-8"}) + h("meta", {"http-equiv": "Content-Security-Policy", "content": csp})
            + h("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"})
            + h("title", {}, title) + Html(f"<style>{css}</style>"))
    tail = (data or Html("")) + Html("".join(f"<script>{_check_script(s)}</script>" for s in scripts))
    return Html(f"<!DOCTYPE html>\n<html lang=\"{esc(lang)}\">\n<head>{head}</head>\n"
                f"<body>\n{body}\n{tail}\n</body>\n</html>\n")


def _check_script(source: str) -> str:
    if "</script" in source.lower() or "<!--" in source:
        raise ValueError("inline script must not contain '</script' or '<!--'")
    return source


NAV = (("index.html", "Documents"), ("stats.html", "Statistics"), ("entities.html", "Entities"))


def top_header(title: str, subtitle: Any = None) -> Html:
    """The bar at the top of every page: site navigation and the page title."""
    links = h("nav", {"aria-label": "site"}, [h("a", {"href": href}, label) for href, label in NAV])
    return h("header", {"class": "top"}, h("h1", {}, title), subtitle, links)
