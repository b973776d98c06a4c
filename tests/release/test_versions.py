"""Versions, tags, ``swn.load(version=...)`` and ``swn diff`` on a temporary git repository with two releases."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import swn
from swn.cli import main
from swn.errors import SWNError
from swn.release import versions
from swn.release.build import build
from swn.release.tagging import tag_release
from tests.release.fixture import GIT_ENV, git, make_release_repo


def test_semver_rules():
    assert versions.bump("1.2.3", "major") == "2.0.0"
    assert versions.bump("1.2.3", "minor") == "1.3.0"
    assert versions.bump("1.2.3", "patch") == "1.2.4"
    for bad in ("1.2", "v1.2.3", "01.2.3", "1.2.3.4", ""):
        with pytest.raises(SWNError):
            versions.parse(bad)
    assert versions.required_bump({"corpus/raw/a.txt": "1"}, {"corpus/raw/a.txt": "2"}) == "major"
    assert versions.required_bump({"src/swn/data/vocab.json": "1"}, {"src/swn/data/vocab.json": "2"}) == "major"
    assert versions.required_bump({}, {"annotations/gold/x.json": "1", "README.md": "2"}) == "minor"
    assert versions.required_bump({"README.md": "1"}, {"README.md": "2", "corpus/data/x.jsonl": "3"}) == "patch"
    assert versions.required_bump({"corpus/data/x.jsonl": "1"}, {"corpus/data/x.jsonl": "2"}) is None


def test_version_is_kept_in_one_place(repo_root):
    assert swn.__version__ == versions.read_version(repo_root)


def test_tags_and_refusals(two_releases):
    root = two_releases["root"]
    assert git(root, "tag", "--list").split() == ["v1.0.0", "v1.1.0"]
    assert two_releases["too_small"].check == "version-bump"
    assert "minor" in str(two_releases["too_small"])
    assert two_releases["untouched"], "a refused release must leave no commit, tag or change behind"
    changelog = git(root, "show", "v1.1.0:CHANGELOG.md")
    assert "## [1.1.0] - 2026-02-01\n\n### Annotation changes (minor release, from swn diff)\n\n- entities: 1 changed\n" in changelog
    assert "## [1.0.0] - 2026-01-05\n\n### Added\n\n- The five reports and their gold.\n" in changelog
    assert changelog.index("## [Unreleased]") < changelog.index("## [1.1.0]") < changelog.index("## [1.0.0]")
    assert json.loads(git(root, "show", "v1.0.0:corpus/MANIFEST.json"))["version"] == "1.0.0"
    with pytest.raises(SWNError) as e:  # the same version again
        tag_release(root)
    assert e.value.check == "tag-exists"


def test_tagging_refuses_an_unbuilt_or_uncommitted_release(tmp_path, monkeypatch):
    for k, v in GIT_ENV.items():
        monkeypatch.setenv(k, v)
    root = make_release_repo(tmp_path / "swn")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## [1.0.0]\n\n- notes\n")
    (root / "VERSION").write_text("1.0.0\n")
    build(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "x")
    with pytest.raises(SWNError) as e:
        tag_release(root)
    assert e.value.check == "changelog-missing"  # "## [1.0.0]" has no date yet
    (root / "README.md").write_text((root / "README.md").read_text() + "\nedited\n")
    with pytest.raises(SWNError) as e:
        tag_release(root)
    assert e.value.check == "not-built"
    build(root)
    with pytest.raises(SWNError) as e:
        tag_release(root)
    assert e.value.check == "dirty-tree"


def test_load_a_tagged_version(two_releases, tmp_path):
    root, span = two_releases["root"], two_releases["span"]
    kw = {"repo": root, "cache": tmp_path / "swn-cache", "cache_dir": str(tmp_path / "hf")}
    old = swn.load("entities", version="v1.0.0", **kw)
    new = swn.load("entities", version="1.1.0", **kw)  # "1.1.0" means the tag v1.1.0
    label = lambda ds: ds.features["label"].int2str(next(r for r in ds if r["id"] == span.id)["label"])  # noqa: E731
    assert (label(old), label(new)) == ("GPE", "LOC")
    assert label(swn.load("entities", version="v1.0.0", **kw)) == "GPE"  # the extracted tree is reused
    assert len(list((tmp_path / "swn-cache" / "releases").iterdir())) == 2
    with pytest.raises(SWNError) as e:
        swn.load("entities", version="v9.9.9", **kw)
    assert e.value.check == "unknown-version"


def test_diff_between_tags_lists_the_change(two_releases, capsys):
    root, span = two_releases["root"], two_releases["span"]
    assert main(["diff", "v1.0.0", "v1.1.0", "--root", str(root), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert changes == [{"kind": "changed", "doc_id": two_releases["doc_id"], "layer": "entities",
                        "old": {**span.to_dict(), "label": "GPE", "entity_id": span.entity_id[:-len("_area")]},
                        "new": span.to_dict(), "fields": changes[0]["fields"]}]
    assert sorted(changes[0]["fields"], key=lambda f: f["field"]) == [
        {"field": "entity_id", "old": span.entity_id[:-len("_area")], "new": span.entity_id},
        {"field": "label", "old": "GPE", "new": "LOC"}]
    assert main(["diff", "v1.0.0", "v1.1.0", "--root", str(root), "--exit-code"]) == 1
    out = capsys.readouterr().out
    assert f"~ {two_releases['doc_id']} entities {span.id}: label: \"GPE\" -> \"LOC\"" in out
    assert main(["diff", "v1.1.0", str(root), "--root", str(root), "--exit-code"]) == 0
    assert "(no changes)" in capsys.readouterr().out
