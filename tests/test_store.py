"""Store: write -> read round trips are exact on disk, and every reader turns corrupted input
into an SWNError with a location (the validator into incidents), changing no file."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from swn import SWNError, store
from swn.validate import validate

from tests.strategies import corpora, generated_documents, write_corpus


# ---------------------------------------------------------------- round trips

@given(generated_documents())
def test_annotation_file_round_trip_is_exact(gen):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"{gen.doc_id}.json"
        store.write_annotations(p, gen.annotations)
        first = p.read_bytes()
        again = store.read_annotations(p)
        assert again == gen.annotations
        store.write_annotations(p, again)
        assert p.read_bytes() == first  # deterministic bytes
        assert first.decode("utf-8") == store.dumps_json(gen.annotations.to_dict())


@given(corpora())
def test_corpus_round_trip(corpus):
    with tempfile.TemporaryDirectory() as d:
        root = write_corpus(d, corpus)
        docs = store.load_corpus(root)
        assert [doc.id for doc in docs] == [m.id for m in corpus.metadata]
        for doc, gen, meta in zip(docs, corpus.documents, corpus.metadata):
            assert doc.text == gen.text and doc.annotations == gen.annotations and doc.metadata == meta
            assert (Path(d) / "corpus" / "raw" / f"{doc.id}.txt").read_bytes() == gen.text.encode("utf-8")
        assert store.read_metadata(Path(d) / "corpus" / "metadata.jsonl") == list(corpus.metadata)
        reg = store.read_registry(Path(d) / "annotations" / "entities.json")
        assert reg == dict(corpus.registry)
        assert store.read_annotation_dir(Path(d) / "annotations" / "gold") == {
            g.doc_id: g.annotations for g in corpus.documents}
        # metadata and registry writers give back the same bytes
        meta_path = Path(d) / "corpus" / "metadata.jsonl"
        before = meta_path.read_bytes()
        store.write_metadata(meta_path, store.read_metadata(meta_path))
        assert meta_path.read_bytes() == before
        reg_path = Path(d) / "annotations" / "entities.json"
        store.write_registry(reg_path, reg.values())
        assert store.read_registry(reg_path) == reg


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    store.write_json(tmp_path / "a.json", {"x": 1})
    store.write_json(tmp_path / "a.json", {"x": 2})
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
    assert store.read_json(tmp_path / "a.json") == {"x": 2}


@contextlib.contextmanager
def _umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def test_atomic_write_gives_0644_under_umask_022(tmp_path):
    with _umask(0o022):
        store.atomic_write_text(tmp_path / "site" / "index.html", "<p>x</p>")
        store.write_json(tmp_path / "a.json", {"x": 1})
    assert stat.S_IMODE((tmp_path / "site" / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644


@given(mask=st.integers(0, 0o777))
@settings(max_examples=30)
def test_atomic_write_mode_is_that_of_a_plain_open(tmp_path_factory, mask):
    folder = tmp_path_factory.mktemp("umask")
    with _umask(mask):
        with open(folder / "plain", "wb"):
            pass
        store.atomic_write_bytes(folder / "atomic", b"x")  # a new file
        store.atomic_write_bytes(folder / "plain", b"y")   # replacing one
    want = 0o666 & ~mask
    assert stat.S_IMODE((folder / "atomic").stat().st_mode) == want
    assert stat.S_IMODE((folder / "plain").stat().st_mode) == want
    assert sorted(p.name for p in folder.iterdir()) == ["atomic", "plain"]


# ---------------------------------------------------------------- corrupted inputs

def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


JUNK_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10), st.just(10**30), st.just(-1), st.just(1.5), st.just(""),
    st.just("\u0000"), st.just("../etc/passwd"), st.just("a/b"), st.just(".."), st.just([]), st.just({}),
    st.just({"start": 0}), st.text(max_size=4))


@st.composite
def corruptions(draw, content: bytes) -> bytes:
    """One way a stored JSON/JSONL file can be broken."""
    kind = draw(st.sampled_from(("truncate", "random-bytes", "wrong-type", "huge-number", "nul", "bad-id",
                                 "flip-byte", "not-utf8")))
    text = content.decode("utf-8")
    if kind == "truncate":
        return content[:draw(st.integers(0, max(0, len(content) - 1)))]
    if kind == "random-bytes":
        return draw(st.binary(max_size=64))
    if kind == "flip-byte":
        pos = draw(st.integers(0, len(content) - 1))
        return content[:pos] + bytes([draw(st.integers(0, 255))]) + content[pos + 1:]
    if kind == "not-utf8":
        pos = draw(st.integers(0, len(content)))
        return content[:pos] + b"\xff\xfe" + content[pos:]
    if kind == "huge-number":
        number = draw(st.sampled_from(("1e999", "-1e999", "9" * 5000, "1" + "0" * 400, "1.5e308")))
        return _replace_value(text, draw, lambda _: number)
    if kind == "nul":
        return _replace_value(text, draw, lambda old: json.dumps(old + "\u0000" if isinstance(old, str) else "\u0000"))
    if kind == "bad-id":
        bad = draw(st.sampled_from(("../x", "a/b", "..", "/etc/passwd", "doc-a\n", "DOC", "a" * 200)))
        return text.replace('"id": "', f'"id": "{bad}', 1).replace('"doc_id": "', f'"doc_id": "{bad}', 1).encode()
    junk = draw(JUNK_VALUES)
    return _replace_value(text, draw, lambda _: json.dumps(junk))


def _replace_value(text: str, draw, new) -> bytes:
    """Replace one JSON value (a number or a string after a key) by ``new(old)``."""
    import re
    matches = list(re.finditer(r'(?<=": )(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*")', text))
    if not matches:
        return text.encode()
    m = draw(st.sampled_from(matches))
    old = json.loads(m.group(0))
    return (text[:m.start()] + new(old) + text[m.end():]).encode("utf-8")


def _assert_located(e: SWNError) -> None:
    assert e.file, e
    assert e.record is not None and e.field is not None, e
    assert str(e).count(":") >= 3


READERS = {
    "read_json": lambda root: store.read_json(root / "annotations" / "gold" / _first(root)),
    "iter_jsonl": lambda root: list(store.iter_jsonl(root / "corpus" / "metadata.jsonl")),
    "read_annotations": lambda root: store.read_annotations(root / "annotations" / "gold" / _first(root)),
    "read_metadata": lambda root: store.read_metadata(root / "corpus" / "metadata.jsonl"),
    "read_registry": lambda root: store.read_registry(root / "annotations" / "entities.json"),
    "read_annotation_dir": lambda root: store.read_annotation_dir(root / "annotations" / "gold"),
    "load_corpus": lambda root: store.load_corpus(root),
}
TARGET_FILE = {"read_json": "gold", "iter_jsonl": "metadata", "read_annotations": "gold",
               "read_metadata": "metadata", "read_registry": "registry", "read_annotation_dir": "gold",
               "load_corpus": "any"}


def _first(root: Path) -> str:
    return sorted(p.name for p in (root / "annotations" / "gold").glob("*.json"))[0]


def _target(root: Path, which: str, draw) -> Path:
    if which == "any":
        which = draw(st.sampled_from(("gold", "metadata", "registry")))
    return {"gold": root / "annotations" / "gold" / _first(root), "metadata": root / "corpus" / "metadata.jsonl",
            "registry": root / "annotations" / "entities.json"}[which]


@pytest.mark.parametrize("reader", sorted(READERS))
@given(corpus=corpora(max_docs=2, max_tokens=12), data=st.data())
def test_readers_turn_corruption_into_located_swn_errors(reader, corpus, data):
    with tempfile.TemporaryDirectory() as d:
        root = write_corpus(d, corpus)
        target = _target(root, TARGET_FILE[reader], data.draw)
        target.write_bytes(data.draw(corruptions(target.read_bytes())))
        before = _snapshot(root)
        try:
            READERS[reader](root)
        except SWNError as e:
            _assert_located(e)
        assert _snapshot(root) == before


@given(corpus=corpora(max_docs=2, max_tokens=12), data=st.data())
def test_validator_turns_corruption_into_incidents(corpus, data):
    with tempfile.TemporaryDirectory() as d:
        root = write_corpus(d, corpus, manifest=data.draw(st.booleans()))
        which = data.draw(st.sampled_from(("gold", "metadata", "registry", "manifest")))
        target = root / "corpus" / "MANIFEST.json" if which == "manifest" and (root / "corpus" / "MANIFEST.json").exists() \
            else _target(root, "gold" if which == "manifest" else which, data.draw)
        target.write_bytes(data.draw(corruptions(target.read_bytes())))
        before = _snapshot(root)
        for path in (root, target, target.parent):
            incidents = validate(path)
            assert not any(i.check == "internal-error" for i in incidents), [str(i) for i in incidents]
            assert all(i.file and i.record and i.field and i.check for i in incidents)
        assert _snapshot(root) == before


@pytest.mark.parametrize("bad", ["../x", "a/b", "..", "x" * 65, "doc-a\n", "Doc-A"])
def test_paths_refuse_unsafe_document_ids(bad, tmp_path):
    with pytest.raises(SWNError) as e:
        store.Paths(tmp_path).raw(bad)
    assert e.value.check == "bad-doc-id"


def test_missing_files_are_located_errors(tmp_path):
    for call in (lambda: store.read_json(tmp_path / "nope.json"), lambda: list(store.iter_jsonl(tmp_path)),
                 lambda: store.read_annotation_dir(tmp_path / "nope")):
        with pytest.raises(SWNError) as e:
            call()
        _assert_located(e.value)
        assert e.value.check == "file-missing"
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------- which corpus

def test_the_checkout_around_the_current_folder_wins(repo_root, tmp_path, monkeypatch):
    monkeypatch.delenv("SWN_ROOT", raising=False)
    other = tmp_path / "other-checkout"
    (other / "corpus").mkdir(parents=True)
    (other / "corpus" / "metadata.jsonl").write_text("")
    (other / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(other / "deep" / "er")
    assert store.locate_corpus() == store.Located(other, "checkout")
    monkeypatch.chdir(tmp_path)  # outside any checkout: the one swn runs from (editable install here)
    assert store.locate_corpus() == store.Located(repo_root, "source")
    monkeypatch.setenv("SWN_ROOT", str(other))  # the override beats the checkout around
    monkeypatch.chdir(repo_root)
    assert store.locate_corpus() == store.Located(other, "SWN_ROOT")
    assert store.locate_corpus(repo_root / "corpus" / "raw") == store.Located(repo_root, "argument")


def test_a_bad_swn_root_or_start_is_an_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SWN_ROOT", str(tmp_path / "nothing"))
    with pytest.raises(SWNError) as e:
        store.locate_corpus()
    assert "SWN_ROOT" in e.value.message and e.value.file == str(tmp_path / "nothing")
    with pytest.raises(SWNError) as e:
        store.find_root(tmp_path)
    assert e.value.file == str(tmp_path) and e.value.check == "file-missing"


def test_the_installed_release_is_never_written(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PACKAGED_CORPUS", tmp_path / "release")
    (tmp_path / "release" / "corpus").mkdir(parents=True)
    for target in (tmp_path / "release" / "corpus" / "MANIFEST.json", tmp_path / "release" / "new" / "x.json",
                   tmp_path / "release" / "corpus" / ".." / "README.md"):
        with pytest.raises(SWNError) as e:
            store.write_json(target, {"x": 1})
        assert e.value.check == "read-only"
    assert [p for p in (tmp_path / "release").rglob("*") if p.is_file()] == []
    store.write_json(tmp_path / "elsewhere.json", {"x": 1})  # anywhere else is fine


@pytest.mark.parametrize("entry, field", [({"name": None}, "name"), ({"aliases": [True]}, "aliases.0"),
                                          ({"type": ["GPE"]}, "type"), ({"id": "../x"}, "id"),
                                          ({"wikidata": 5}, "wikidata")])
def test_the_registry_reader_applies_the_validators_rules(tmp_path, entry, field):
    from swn.store import read_registry

    good = {"id": "syria", "name": "Syria", "type": "GPE", "aliases": [], "wikidata": None}
    path = tmp_path / "entities.json"
    path.write_text(json.dumps({"entities": [dict(good, **entry)]}), encoding="utf-8")
    with pytest.raises(SWNError) as e:
        read_registry(path)
    assert e.value.file == str(path) and e.value.record.startswith("entities[0]") and e.value.field == field
    path.write_text(json.dumps({"entities": [good, good]}), encoding="utf-8")
    with pytest.raises(SWNError) as e:
        read_registry(path)
    assert e.value.check == "duplicate-id" and e.value.record == "entities[1](syria)"
