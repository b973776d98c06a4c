"""``scripts/release``: the first release is VERSION, later ones bump; clean usage; a dirty
tree is refused; ``--dry-run`` says what it would do and changes nothing."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from swn.release import index
from swn.release.tagging import dated_changelog
from tests.release.fixture import GIT_ENV, git, make_git_repo


def _release(repo_root, root, *args):
    env = {**os.environ, **GIT_ENV}
    return subprocess.run([str(repo_root / "scripts" / "release"), "--root", str(root), *args], capture_output=True,
                          text=True, env=env, cwd=root)


def _state(root):
    return git(root, "rev-parse", "HEAD"), git(root, "status", "--porcelain"), git(root, "tag", "--list")


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    for k, v in GIT_ENV.items():
        monkeypatch.setenv(k, v)
    return make_git_repo(tmp_path / "swn")


def test_usage_is_clean(repo_root, tmp_path):
    r = _release(repo_root, tmp_path, "--help")
    assert r.returncode == 0 and r.stdout.startswith("usage: scripts/release")
    assert "set -euo" not in r.stdout + r.stderr and "first release" in r.stdout
    r = _release(repo_root, tmp_path, "sideways")
    assert r.returncode == 2 and "invalid choice" in r.stderr and "set -euo" not in r.stderr


def test_dry_run_of_the_first_release_changes_nothing(repo_root, fresh):
    before = _state(fresh)
    r = _release(repo_root, fresh, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "would release 1.0.0 (first release) and tag it v1.0.0" in r.stdout
    assert "CHANGELOG.md" in r.stdout and "corpus/MANIFEST.json" in r.stdout
    assert "## [1.0.0] - " in r.stdout and "The five reports and their gold." in r.stdout
    assert _state(fresh) == before


def test_first_release_is_the_version_in_VERSION_not_a_bump(repo_root, fresh):
    r = _release(repo_root, fresh, "patch")
    assert r.returncode == 1 and "first release is the version in VERSION (1.0.0)" in r.stderr
    r = _release(repo_root, fresh)
    assert r.returncode == 0, r.stderr
    assert "released 1.0.0 (first release)" in r.stdout
    assert git(fresh, "tag", "--list").split() == ["v1.0.0"]
    assert [e["version"] for e in index.read_index(fresh)] == ["1.0.0"]
    assert git(fresh, "log", "--format=%s", "-2").splitlines() == ["Release 1.0.0: index", "Release 1.0.0"]
    assert git(fresh, "status", "--porcelain") == ""
    r = _release(repo_root, fresh)  # a later release must say how to bump
    assert r.returncode == 1 and "major, minor or patch" in r.stderr
    r = _release(repo_root, fresh, "--dry-run", "patch")
    assert r.returncode == 0 and "would release 1.0.1 (patch release after 1.0.0)" in r.stdout


def test_a_dirty_tree_is_refused_and_left_as_it_was(repo_root, fresh):
    (fresh / "README.md").write_text((fresh / "README.md").read_text() + "\nlocal edit\n")
    before = _state(fresh)
    r = _release(repo_root, fresh)
    assert r.returncode == 1 and "uncommitted changes" in r.stderr
    assert _state(fresh) == before
    git(fresh, "checkout", "--", "README.md")
    shutil.copy(fresh / "annotations" / "entities.json", fresh / "annotations" / "gold" / "stray.json")
    r = _release(repo_root, fresh, "--dry-run")
    assert r.returncode == 1 and "untracked corpus files" in r.stderr


def test_changelog_sections():
    undated = "# Changelog\n\n## [Unreleased]\n\n## [1.0.0]\n\n- notes\n"
    assert dated_changelog(undated, "1.0.0", "2026-01-05", None, None) == \
        "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-05\n\n- notes\n"
    notes = "# Changelog\n\n## [Unreleased]\n\n- fixed a label\n\n## [1.0.0] - 2026-01-05\n\n- notes\n"
    assert dated_changelog(notes, "1.1.0", "2026-02-01", "- entities: 1 changed", "minor") == (
        "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2026-02-01\n\n- fixed a label\n\n"
        "### Annotation changes (minor release, from swn diff)\n\n- entities: 1 changed\n\n## [1.0.0] - 2026-01-05\n\n- notes\n")
