"""The release index (corpus/releases.json): versions resolve without any tag, and a release is
checked against its manifest before rows are returned."""
from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given, settings, strategies as st

import swn
from swn.cli import main
from swn.errors import SWNError
from swn.release import index
from swn.release.load import materialise, resolve
from tests.release.fixture import git


@pytest.fixture
def untagged(two_releases, tmp_path):
    """A copy of the two-release repository with every tag deleted."""
    root = tmp_path / "swn"
    shutil.copytree(two_releases["root"], root, symlinks=True)
    for tag in git(root, "tag", "--list").split():
        git(root, "tag", "-d", tag)
    assert git(root, "tag", "--list") == ""
    return root


def _label(ds, span_id):
    return ds.features["label"].int2str(next(r for r in ds if r["id"] == span_id)["label"])


def test_index_lists_each_release_with_commit_and_manifest_hash(two_releases):
    root = two_releases["root"]
    entries = index.read_index(root)
    assert [(e["version"], e["date"]) for e in entries] == [("1.0.0", "2026-01-05"), ("1.1.0", "2026-02-01")]
    for e in entries:
        assert git(root, "rev-parse", f"v{e['version']}^{{commit}}").strip() == e["commit"]
        shown = git(root, "show", f"{e['commit']}:corpus/MANIFEST.json")
        assert index.sha256(shown.encode("utf-8")) == e["manifest_sha256"]
        assert json.loads(shown)["version"] == e["version"]
    assert main(["schema", "--check"]) == 0  # schema/release-index.schema.json is generated


def test_both_versions_load_with_every_tag_deleted(two_releases, untagged, tmp_path):
    span = two_releases["span"]
    kw = {"repo": untagged, "cache": tmp_path / "swn-cache", "cache_dir": str(tmp_path / "hf")}
    assert resolve(untagged, "1.0.0").how == "index"
    old = swn.load("entities", version="1.0.0", **kw)
    new = swn.load("entities", version="v1.1.0", **kw)
    assert (_label(old, span.id), _label(new, span.id)) == ("GPE", "LOC")
    with pytest.raises(SWNError) as e:
        swn.load("entities", version="1.2.0", **kw)
    assert e.value.check == "unknown-version" and "1.0.0, 1.1.0" in str(e.value)


def test_a_release_whose_commit_changed_is_found_by_its_manifest(untagged, tmp_path):
    """After a rebase the recorded commit may no longer exist; the manifest hash still finds it."""
    path = untagged / index.INDEX_PATH
    data = json.loads(path.read_text())
    real = data["releases"][0]["commit"]
    data["releases"][0]["commit"] = "0" * 40
    path.write_text(json.dumps(data))
    where = resolve(untagged, "1.0.0")
    assert (where.commit, where.how) == (real, "history")


def test_diff_resolves_versions_without_tags(two_releases, untagged, capsys):
    assert main(["diff", "1.0.0", "1.1.0", "--root", str(untagged), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["new"]["id"]) for c in changes] == [("changed", two_releases["span"].id)]


def test_an_extracted_release_verifies_and_a_changed_byte_is_refused(untagged, tmp_path, capsys):
    folder = materialise("1.1.0", untagged, tmp_path / "cache")
    assert main(["verify", "--root", str(folder)]) == 0
    assert "release 1.1.0 match the manifest" in capsys.readouterr().out
    data = folder / "corpus" / "data" / "entities.jsonl"
    data.write_bytes(data.read_bytes().replace(b'"GPE"', b'"LOC"', 1))
    assert main(["verify", "--root", str(folder)]) == 1
    with pytest.raises(SWNError) as e:
        swn.load("entities", version="1.1.0", repo=untagged, cache=tmp_path / "cache",
                 cache_dir=str(tmp_path / "hf"))
    assert e.value.check == "release-corrupt" and "entities.jsonl" in e.value.file


def test_a_tag_that_disagrees_with_the_index_is_not_trusted(untagged):
    first = git(untagged, "rev-parse", "HEAD~1").strip()  # not a release commit
    git(untagged, "tag", "v1.0.0", first)
    where = resolve(untagged, "1.0.0")
    assert where.how == "index" and where.commit != first


ENTRY = {"version": "1.0.0", "date": "2026-01-05", "commit": "a" * 40, "manifest_sha256": "b" * 64}
BAD_VALUES = st.one_of(st.none(), st.integers(), st.just(""), st.just("v1.0.0"), st.just("1.0"),
                       st.just("A" * 40), st.just("a" * 39), st.just("2026-1-5"), st.lists(st.integers(), max_size=1))


@given(field=st.sampled_from(sorted(ENTRY)), value=BAD_VALUES)
@settings(max_examples=60)
def test_a_malformed_entry_is_refused_naming_record_and_field(tmp_path_factory, field, value):
    root = tmp_path_factory.mktemp("idx")
    entry = {**ENTRY, field: value}
    (root / "corpus").mkdir()
    (root / index.INDEX_PATH).write_text(json.dumps({"releases": [ENTRY | {"version": "0.9.0"}, entry]}))
    with pytest.raises(SWNError) as e:
        index.read_index(root)
    assert (e.value.record, e.value.field, e.value.check) == ("releases[1]", field, "schema")


def test_duplicate_and_unordered_versions_are_refused(tmp_path):
    (tmp_path / "corpus").mkdir()
    for versions_ in (["1.0.0", "1.0.0"], ["1.1.0", "1.0.0"]):
        (tmp_path / index.INDEX_PATH).write_text(
            json.dumps({"releases": [ENTRY | {"version": v} for v in versions_]}))
        with pytest.raises(SWNError) as e:
            index.read_index(tmp_path)
        assert (e.value.record, e.value.field) == ("releases[1]", "version")
    assert index.read_index(tmp_path / "nowhere") == []


def test_add_appends_a_valid_newer_release_only(tmp_path):
    (tmp_path / "corpus").mkdir()
    index.add(tmp_path, **ENTRY)
    for bad, field in (({"version": "1.0.0"}, "version"), ({"version": "0.9.0"}, "version"),
                       ({"version": "1.1.0", "commit": "xyz"}, "commit")):
        with pytest.raises(SWNError) as e:
            index.add(tmp_path, **(ENTRY | bad))
        assert e.value.field == field
    index.add(tmp_path, **(ENTRY | {"version": "1.1.0"}))
    assert [e["version"] for e in index.read_index(tmp_path)] == ["1.0.0", "1.1.0"]
