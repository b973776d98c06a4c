"""Shared pytest set-up: offline Hub, Hypothesis profiles, repository fixtures.

Hypothesis profiles (choose with ``HYPOTHESIS_PROFILE``; ``CI=true`` selects ``ci``):

* ``dev`` (default): 100 examples, no deadline.
* ``ci``: derandomized (the same examples on every run, so CI is reproducible), no deadline
  (2-core runners are slow and jittery), failing examples printed as reproducible blobs.
* ``thorough``: 1000 examples, for a local soak.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

# Never reach the Hugging Face Hub from a test, even through a library imported later.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # so ``from tests.strategies import ...`` works from any test folder
    sys.path.insert(0, str(REPO_ROOT))

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from tests.browser import chromium  # noqa: E402,F401  (one browser for the whole session)

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=_SUPPRESS)
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=_SUPPRESS)
_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci else "dev"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (holds corpus/, annotations/, schema/)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def gold_present(repo_root: Path) -> bool:
    """Whether the gold annotations have landed (corpus-level tests require them)."""
    gold = repo_root / "annotations" / "gold"
    return gold.is_dir() and any(gold.glob("*.json"))
