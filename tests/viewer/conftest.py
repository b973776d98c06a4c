"""Fixtures for the viewer tests: a headless Chromium (Debian's, driven by playwright)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (re-exported for the viewer tests)


class Watched:
    """A page with everything that must not happen recorded: dialogs, script errors, fetches."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: self.requests.append(r.url))

    def goto(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def network_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith("file://")]


@pytest.fixture()
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield Watched(page)
    context.close()
