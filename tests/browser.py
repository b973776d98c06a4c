"""The one headless Chromium of the test session (Debian's, driven by playwright).

Session-scoped and defined once, at the root conftest: playwright's sync API cannot run two
sessions in one thread, so the viewer and the Label Studio browser tests must share this one.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Headless, no sandbox (root in a container), and every background fetch of the browser off:
# the pages must work with no network at all.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _unavailable() -> str | None:
    if not os.access(CHROMIUM, os.X_OK):
        return (f"Chromium is not installed at {CHROMIUM} (scripts/test.d/40-chromium installs Debian's "
                "chromium package; it could not here)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def chromium():
    """A launched headless Chromium; the test skips with the reason if there is none (fails in CI)."""
    reason = _unavailable()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " — in CI the browser tests must run")
        print(f"\nSKIP browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
