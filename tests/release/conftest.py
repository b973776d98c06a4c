from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.release.fixture import make_release_repo


@pytest.fixture(scope="session")
def built_release(tmp_path_factory) -> Path:
    """A built release of the fixture corpus (real texts, rule-made gold). Do not modify: copy it."""
    from swn.release.build import build

    root = make_release_repo(tmp_path_factory.mktemp("release") / "swn")
    build(root)
    return root


@pytest.fixture
def release_copy(built_release, tmp_path) -> Path:
    """A private, modifiable copy of the built fixture release."""
    dst = tmp_path / "swn"
    shutil.copytree(built_release, dst)
    return dst
