"""``swn build``: deterministic, refuses what would not load back, fills only its generated blocks."""
from __future__ import annotations

import shutil

import pytest

from swn.cli import main
from swn.errors import SWNError
from swn.release import card, docs_tables
from swn.release.build import build, render, stale_files
from swn.release.features import CONFIGS
from swn.store import read_annotations, write_annotations


def test_two_builds_are_byte_identical(built_release, tmp_path):
    assert build(built_release) == []  # a second build changes nothing
    other = tmp_path / "other"
    shutil.copytree(built_release, other)
    for p in render(built_release):  # a build from scratch elsewhere gives the same bytes
        if p.startswith("corpus/") or p == "croissant.json":  # wholly generated (the docs are templates)
            (other / p).unlink()
    build(other)
    for p, data in render(built_release).items():
        assert (other / p).read_bytes() == data == (built_release / p).read_bytes(), p


def test_check_mode_names_stale_files_and_writes_nothing(release_copy, capsys):
    path = release_copy / card.data_path("entities")
    path.write_bytes(path.read_bytes() + b"\n")
    before = path.read_bytes()
    assert main(["build", "--check", "--root", str(release_copy)]) == 1
    assert "corpus/data/entities.jsonl is out of date" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["build", "--root", str(release_copy)]) == 0
    assert main(["build", "--check", "--root", str(release_copy)]) == 0


def test_a_gold_edit_reaches_data_card_croissant_and_manifest(release_copy):
    path = next((release_copy / "annotations" / "gold").glob("*.json"))
    ann = read_annotations(path)
    write_annotations(path, ann.with_layer("entities", ann.entities[1:]))
    assert set(stale_files(release_copy)) >= {"README.md", "croissant.json", "corpus/MANIFEST.json",
                                              "corpus/data/entities.jsonl", "corpus/data/documents.jsonl"}


def test_json_inference_trap_is_refused(release_copy):
    """A column of nothing but ISO dates would load as timestamps ("2017-12-11 00:00:00")."""
    for path in (release_copy / "annotations" / "gold").glob("*.json"):
        ann = read_annotations(path)
        from dataclasses import replace

        write_annotations(path, ann.with_layer("temporal", [replace(t, type="DATE", value="2017-12-11")
                                                           for t in ann.temporal]))
    with pytest.raises(SWNError) as e:
        build(release_copy)
    assert e.value.check == "json-inference" and e.value.field in ("temporal", "value")


def test_missing_gold_and_empty_layers_are_refused(release_copy):
    paths = sorted((release_copy / "annotations" / "gold").glob("*.json"))
    for path in paths:
        ann = read_annotations(path)
        write_annotations(path, ann.with_layer("stance", ()))
    with pytest.raises(SWNError) as e:
        build(release_copy)
    assert e.value.check == "empty-config" and "stance" in str(e.value)
    paths[0].unlink()
    with pytest.raises(SWNError) as e:
        build(release_copy)
    assert e.value.check == "metadata-without-gold"  # the validator refuses it before the build starts


def test_card_declares_every_config_with_its_cache_key(built_release):
    meta = card.read_front_matter((built_release / "README.md").read_text(encoding="utf-8"))
    assert [c["config_name"] for c in meta["configs"]] == list(CONFIGS)
    assert [c for c in meta["configs"] if c.get("default")] == [meta["configs"][0]]
    for c in meta["configs"]:
        sha = __import__("hashlib").sha256((built_release / c["data_files"][0]["path"]).read_bytes()).hexdigest()
        assert sha in c["description"] and c["version"] == (built_release / "VERSION").read_text().strip()
    assert meta["license"] == "other" and meta["size_categories"] == ["n<1K"]


def test_fill_replaces_only_known_blocks():
    md = ("intro\n<!-- BEGIN GENERATED: zones -->\nold\n<!-- END GENERATED: zones -->\nmiddle\n"
          "<!-- BEGIN GENERATED: leaderboard -->\nkeep me\n<!-- END GENERATED: leaderboard -->\nend\n")
    out = docs_tables.fill(md, {"zones": "| new |"})
    assert out == md.replace("old", "| new |")
    assert docs_tables.fill(out, {"zones": "| new |"}) == out


@pytest.mark.parametrize("md", ["<!-- BEGIN GENERATED: zones -->\nx\n",
                                "<!-- END GENERATED: zones -->\n",
                                "<!-- BEGIN GENERATED: a -->\n<!-- END GENERATED: b -->\n"])
def test_unbalanced_markers_are_an_error(md):
    with pytest.raises(SWNError) as e:
        docs_tables.fill(md, {})
    assert e.value.check == "bad-generated-block"


def test_guidelines_blocks_are_filled_and_nothing_else_changes(release_copy, repo_root):
    src = (repo_root / "annotations" / "GUIDELINES.md")
    if not src.is_file():
        pytest.skip("annotations/GUIDELINES.md has not landed")
    text = src.read_text(encoding="utf-8")
    empty = docs_tables.fill(text, {n: "" for n in docs_tables.block_names(text)})
    (release_copy / "annotations" / "GUIDELINES.md").write_text(empty, encoding="utf-8")
    build(release_copy)
    out = (release_copy / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    assert docs_tables.fill(out, {n: "" for n in docs_tables.block_names(out)}) == empty
    from swn import vocab

    for label in vocab.ENTITY_LABELS + vocab.ZONES + vocab.TIMEX3_MODS:
        assert f"`{label}`" in out


def _mutate_gold(root, fn):
    import json

    path = sorted((root / "annotations" / "gold").glob("*.json"))[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _duplicate_id(root):
    _mutate_gold(root, lambda d: d["entities"][1].update(id=d["entities"][0]["id"]))


def _unknown_label(root):
    _mutate_gold(root, lambda d: d["entities"][0].update(label="NOT-A-LABEL"))


def _zone_gap(root):
    _mutate_gold(root, lambda d: d.update(structure=d["structure"][:1] + d["structure"][2:]))


def _metadata_line_removed(root):
    path = root / "corpus" / "metadata.jsonl"
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[1:]))


def _text_and_gold_edited_consistently(root):
    """U+00A0 -> space in a raw text and its gold: consistent, but not the text the metadata hashed."""
    for raw in sorted((root / "corpus" / "raw").glob("*.txt")):
        text = raw.read_text(encoding="utf-8")
        if "\u00a0" in text:
            raw.write_text(text.replace("\u00a0", " "), encoding="utf-8")
            gold = root / "annotations" / "gold" / f"{raw.stem}.json"
            gold.write_text(gold.read_text(encoding="utf-8").replace("\u00a0", " "), encoding="utf-8")
            return
    raise AssertionError("the fixture texts hold no U+00A0")


def _escaped_lone_surrogate(root):
    path = root / "annotations" / "entities.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"aliases": []', '"aliases": ["\\ud800"]', 1),
                    encoding="utf-8")


@pytest.mark.parametrize("mutation", [_duplicate_id, _unknown_label, _zone_gap, _metadata_line_removed,
                                      _text_and_gold_edited_consistently, _escaped_lone_surrogate])
def test_build_refuses_what_the_validator_rejects_and_changes_no_byte(release_copy, mutation, capsys):
    from swn.validate import validate
    from tests.treesnap import snapshot

    mutation(release_copy)
    assert [i for i in validate([release_copy]) if i.severity == "error"]
    before = snapshot(release_copy)
    assert main(["build", "--root", str(release_copy)]) == 1
    assert "the corpus is invalid, nothing was built" in capsys.readouterr().err
    assert main(["build", "--check", "--root", str(release_copy)]) == 1
    assert snapshot(release_copy) == before


def test_build_swaps_in_every_file_and_leaves_no_staging(release_copy):
    from tests.treesnap import snapshot

    path = next((release_copy / "annotations" / "gold").glob("*.json"))
    ann = read_annotations(path)
    write_annotations(path, ann.with_layer("entities", ann.entities[1:]))
    before = snapshot(release_copy)
    changed = build(release_copy)
    after = snapshot(release_copy)
    assert sorted(p for p in after if after[p] != before.get(p)) == changed
    assert not (release_copy / ".swn-transaction").exists() and stale_files(release_copy) == []


def test_a_release_bump_and_its_build_are_one_transaction(release_copy, tmp_path, monkeypatch):
    """VERSION, the CHANGELOG section and every built file move together: an OSError at (every
    fourth) write or rename leaves the old release or the new one."""
    from swn import faults
    from swn.transaction import recover
    from tests.treesnap import snapshot

    changelog = (release_copy / "CHANGELOG.md").read_text(encoding="utf-8")
    changes = {"VERSION": "1.0.1\n",
               "CHANGELOG.md": changelog.replace("## [1.0.0]", "## [1.0.1] - 2026-02-01\n\nDocs.\n\n## [1.0.0]", 1)}
    old = snapshot(release_copy)
    clean = tmp_path / "clean"
    shutil.copytree(release_copy, clean)
    monkeypatch.setenv("SWN_FAULT", "oserror:1000000")
    faults.reset()
    changed = build(clean, changes)
    points = faults._count
    new = snapshot(clean)
    assert {"VERSION", "CHANGELOG.md", "README.md", "croissant.json", "corpus/MANIFEST.json"} <= set(changed)
    assert "1.0.1" in new["README.md"].decode() and stale_files(clean) == []
    outcomes = set()
    for k in [*range(1, points, 4), points]:
        root = tmp_path / f"k{k}"
        shutil.copytree(release_copy, root)
        monkeypatch.setenv("SWN_FAULT", f"oserror:{k}")
        faults.reset()
        with pytest.raises((OSError, SWNError)):
            build(root, changes)
        monkeypatch.delenv("SWN_FAULT")
        faults.reset()
        recover(root)
        now = snapshot(root)
        assert now in (old, new), k
        outcomes.add(now == new)
        shutil.rmtree(root)
    assert outcomes == {True, False}


def test_a_row_longer_than_a_json_block_loads_back(built_release):
    """datasets reads JSON in blocks and retries with larger ones; the build's check does the same."""
    import json

    line = (built_release / card.data_path("documents")).read_text(encoding="utf-8").splitlines()[0]
    row = json.loads(line)
    row["text"] = "x" * 400_000
    data = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    assert card.as_loaded("documents", data).column("text").to_pylist() == [row["text"]]
