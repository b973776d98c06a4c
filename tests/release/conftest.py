from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from swn.errors import SWNError
from swn.release.tagging import release
from swn.store import read_annotations, read_json, write_annotations, write_json
from tests.release.fixture import GIT_ENV, git, make_git_repo, make_release_repo


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



@pytest.fixture(scope="session")
def two_releases(tmp_path_factory):
    """A git repository with releases 1.0.0 and 1.1.0 made by ``release`` (one entity relabelled
    GPE -> LOC in between; a patch release of that change was refused)."""
    mp = pytest.MonkeyPatch()
    for k, v in GIT_ENV.items():
        mp.setenv(k, v)
    root = make_git_repo(tmp_path_factory.mktemp("git") / "swn")
    assert release(root, None, today="2026-01-05", out=io.StringIO()) == "1.0.0"

    path = sorted((root / "annotations" / "gold").glob("*.json"))[0]
    ann = read_annotations(path)
    i = next(i for i, e in enumerate(ann.entities) if e.label == "GPE")
    ents = list(ann.entities)
    # a LOC mention links a LOC entity (the build validates first: labels agree with the registry)
    area = f"{ents[i].entity_id}_area"
    ents[i] = replace(ents[i], label="LOC", entity_id=area)
    write_annotations(path, ann.with_layer("entities", ents))
    registry = read_json(root / "annotations" / "entities.json")
    registry["entities"].append({"id": area, "name": ents[i].text, "type": "LOC", "aliases": [], "wikidata": None})
    write_json(root / "annotations" / "entities.json", registry)
    git(root, "commit", "-q", "-am", "relabel one entity")
    info = {"root": root, "span": ents[i], "doc_id": ann.doc_id}
    head = git(root, "rev-parse", "HEAD")
    with pytest.raises(SWNError) as e:  # a patch bump is too small for an annotation change
        release(root, "patch", today="2026-02-01", out=io.StringIO())
    info["too_small"] = e.value
    info["untouched"] = (git(root, "rev-parse", "HEAD") == head and not git(root, "status", "--porcelain")
                         and git(root, "tag", "--list").split() == ["v1.0.0"])
    assert release(root, "minor", today="2026-02-01", out=io.StringIO()) == "1.1.0"
    yield info
    mp.undo()
