"""``swn render``: the whole site from a corpus root, deterministic; errors are one line and write nothing."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from swn import vocab
from swn.cli import main
from swn.store import write_annotations
from swn.viewer.site import render

from .fixtures import HOSTILE_ID, HOSTILE_TEXT, PLAIN_ID, expected_counts, hostile_annotations, plain_annotations, \
    write_fixture_corpus
from .pages import parse_page


@pytest.fixture()
def root(tmp_path) -> Path:
    return write_fixture_corpus(tmp_path / "root")


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_render_writes_every_page_and_counts_match_the_gold(root, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["render", "--root", str(root), "--out", str(out)]) == 0
    assert "wrote 5 pages" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.html", "stats.html", "entities.html", f"doc-{HOSTILE_ID}.html", f"doc-{PLAIN_ID}.html"])
    for doc_id, ann in ((HOSTILE_ID, hostile_annotations()), (PLAIN_ID, plain_annotations())):
        p = parse_page((out / f"doc-{doc_id}.html").read_text(encoding="utf-8"))
        assert not p.errors and p.blocks[0].counts() == expected_counts(ann)
    index = parse_page((out / "index.html").read_text(encoding="utf-8"))
    assert not index.errors and index.tags["script"] == 0 and index.tags["img"] == 0
    index_html = (out / "index.html").read_text(encoding="utf-8")
    for doc_id in (HOSTILE_ID, PLAIN_ID):
        assert f'href="doc-{doc_id}.html"' in index_html
    assert '<td class="num" data-layer="stance">3</td>' in index_html


def test_stats_page_has_a_chart_per_layer_and_no_script(root, tmp_path):
    render(tmp_path / "site", root=root)
    html = (tmp_path / "site" / "stats.html").read_text(encoding="utf-8")
    p = parse_page(html)
    assert not p.errors and p.tags["script"] == 0
    assert p.tags["svg"] == 2 * len(vocab.LAYER_NAMES)  # counts and lengths per layer
    bars = html.count('<g class="seg">') + html.count('<g class="bin">')
    assert bars > 0 and bars == html.count('<g class="seg"><title>') + html.count('<g class="bin"><title>')
    for layer in vocab.LAYER_NAMES:
        assert f"{layer}: spans per document and label" in html and f"{layer}: span length" in html


def test_entity_page_lists_every_mention_across_documents(root, tmp_path):
    render(tmp_path / "site", root=root)
    html = (tmp_path / "site" / "entities.html").read_text(encoding="utf-8")
    assert not parse_page(html).errors
    assert '<a href="#ent-putin">Vladimir &quot;Vova&quot; Putin &lt;b&gt;&amp;amp;&lt;/b&gt;</a> (2)' in html  # index
    section = html.split('id="ent-putin"')[1].split("</section>")[0]
    assert "2 mentions in 2 documents" in section
    assert f'href="doc-{HOSTILE_ID}.html#s-{HOSTILE_ID}_23_e1"' in section
    assert f'href="doc-{PLAIN_ID}.html#s-{PLAIN_ID}_23_e3"' in section
    assert "Stance held" in section  # Putin holds s2 in the hostile document
    assert "&lt;script&gt;" in section and "<script>" not in section


def test_render_is_deterministic(root, tmp_path):
    render(tmp_path / "a", root=root)
    render(tmp_path / "b", root=root)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_compare_predictions(root, tmp_path):
    gold = hostile_annotations()
    pred = replace(gold, entities=tuple(replace(e, id=None) for e in gold.entities[1:]), temporal=(), quantities=(),
                   stance=(), structure=())
    record = {"doc_id": HOSTILE_ID, "entities": [e.to_dict() for e in pred.entities]}
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["render", "--root", str(root), "--out", str(out), "--pred", str(path)]) == 0
    page = (out / f"compare-{HOSTILE_ID}.html").read_text(encoding="utf-8")
    ref, other = parse_page(page).blocks
    assert ref.counts() == {"entities": 5} and other.counts() == {"entities": 4}
    assert "Layers compared: entities." in page
    assert sum("st-missed" in ref.classes[k] for k in ref.layer) == 1
    assert f'href="compare-{HOSTILE_ID}.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_compare_passes(root, tmp_path):
    a, b = tmp_path / "passes" / "a", tmp_path / "passes" / "b"
    gold = hostile_annotations()
    write_annotations(a / f"{HOSTILE_ID}.json", gold)
    write_annotations(b / f"{HOSTILE_ID}.json", replace(gold, temporal=(replace(gold.temporal[0], value="2017-12-18"),)))
    out = tmp_path / "site"
    assert main(["render", "--root", str(root), "--out", str(out), "--compare", str(a), str(b)]) == 0
    page = (out / f"compare-{HOSTILE_ID}.html").read_text(encoding="utf-8")
    assert "pass a" in page and "pass b" in page
    assert "value: 2017-12-11&quot;&gt;&lt;script&gt;" in page  # the difference, escaped
    assert not (out / f"compare-{PLAIN_ID}.html").exists()  # in neither pass


@pytest.mark.parametrize("record, check", [
    ({"doc_id": "no-such-doc", "entities": []}, "unknown-document"),
    ({"doc_id": HOSTILE_ID, "entities": [{"start": 0, "end": 5, "text": "Putix", "label": "PERSON"}]},
     "span-text-mismatch"),
    ({"doc_id": HOSTILE_ID, "entities": [{"start": 0, "end": 5, "text": "Putin", "label": "PERSONA"}]},
     "unknown-label"),
])
def test_bad_predictions_are_one_line_errors_and_write_nothing(root, tmp_path, capsys, record, check):
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["render", "--root", str(root), "--out", str(out), "--pred", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and check in err and "Traceback" not in err
    assert not out.exists()


def test_bad_pass_folder_is_an_error(root, tmp_path, capsys):
    a = tmp_path / "a"
    write_annotations(a / f"{HOSTILE_ID}.json", hostile_annotations())
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / f"{HOSTILE_ID}.json").write_text("{", encoding="utf-8")
    assert main(["render", "--root", str(root), "--out", str(tmp_path / "s"), "--compare", str(a),
                 str(tmp_path / "b")]) == 1
    assert "malformed-json" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_out_must_be_a_folder(root, tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["render", "--root", str(root), "--out", str(f)]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_raw_text_is_never_modified(root, tmp_path):
    before = _tree(root)
    render(tmp_path / "site", root=root)
    assert _tree(root) == before
    assert (root / "corpus" / "raw" / f"{HOSTILE_ID}.txt").read_bytes() == HOSTILE_TEXT.encode("utf-8")


def test_pages_are_written_as_they_are_made(tmp_path):
    """Streaming: a page is on disk before the next one is made, so memory holds one page, not the site."""
    from swn.viewer.html import Html
    from swn.viewer.site import write_site

    out = tmp_path / "site"
    made = []

    def pages():
        for name in ("b.html", "a.html", "c.html"):
            assert all((out / earlier).is_file() for earlier in made)
            made.append(name)
            yield name, Html(f"<p>{name}</p>")

    written = write_site(out, pages())
    assert [p.name for p in written] == ["a.html", "b.html", "c.html"] and made == ["b.html", "a.html", "c.html"]
    assert (out / "a.html").read_text(encoding="utf-8") == "<p>a.html</p>"
