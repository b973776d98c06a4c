"""corpus/MANIFEST.json and ``swn verify``: any changed byte of any released file is found and named."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from swn.cli import main
from swn.release.manifest import read_manifest, verify


def test_a_fresh_build_verifies(built_release, capsys):
    assert verify(built_release) == []
    assert main(["verify", "--root", str(built_release)]) == 0
    m = read_manifest(built_release)
    paths = [e["path"] for e in m["files"]]
    assert paths == sorted(paths)
    for must in ("README.md", "croissant.json", "corpus/metadata.jsonl", "annotations/entities.json",
                 "corpus/data/documents.jsonl", "src/swn/data/vocab.json", "VERSION"):
        assert must in paths
    assert sum(p.startswith("corpus/raw/") for p in paths) == 5
    assert "corpus/MANIFEST.json" not in paths


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_byte_is_named(built_release, tmp_path_factory, data):
    import shutil

    root = tmp_path_factory.mktemp("v") / "r"
    shutil.copytree(built_release, root)
    entry = data.draw(st.sampled_from(read_manifest(root)["files"]))
    path = root / entry["path"]
    raw = bytearray(path.read_bytes())
    i = data.draw(st.integers(0, len(raw) - 1))
    raw[i] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(raw))
    assert verify(root) == [(entry["path"], "content changed (sha256 differs)")]


def test_cli_exit_1_names_the_file(release_copy, capsys):
    p = release_copy / "corpus" / "raw"
    victim = sorted(p.glob("*.txt"))[0]
    victim.write_bytes(victim.read_bytes()[:-1])
    (release_copy / "corpus" / "data" / "extra.jsonl").write_text("{}\n")
    assert main(["verify", "--root", str(release_copy)]) == 1
    err = capsys.readouterr().err
    assert f"corpus/raw/{victim.name}: size" in err and "corpus/data/extra.jsonl: not in the manifest" in err


def test_missing_file_and_bad_manifest(release_copy, capsys):
    (release_copy / "CHANGELOG.md").unlink()
    assert ("CHANGELOG.md", "missing") in verify(release_copy)
    (release_copy / "corpus" / "MANIFEST.json").write_text(json.dumps({"files": [{"path": 1}]}))
    assert main(["verify", "--root", str(release_copy)]) == 1
    assert "schema" in capsys.readouterr().err
