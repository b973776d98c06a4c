"""The rendered site in a real browser (headless Debian Chromium): span counts per layer from
the DOM, layer switches, tooltips by mouse and keyboard, injected markup inert, no fetch."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from swn import vocab
from swn.store import load_corpus
from swn.viewer.site import render

from .conftest import ARTIFACTS
from .fixtures import HOSTILE_ID, HOSTILE_TEXT, MARKER, PLAIN_ID, expected_counts, hostile_annotations, \
    write_fixture_corpus

pytestmark = pytest.mark.browser

# Distinct spans per layer, counted by data-span-id (a span may be several fragments).
COUNT_JS = """(sel) => {
  const seen = new Set(), counts = {};
  document.querySelectorAll(sel + ' [data-span-id]').forEach(e => {
    const k = e.dataset.spanId;
    if (!seen.has(k)) { seen.add(k); counts[e.dataset.layer] = (counts[e.dataset.layer] || 0) + 1; }
  });
  return counts;
}"""

# For every drawn span fragment: its layer, whether it is shown (--shown), and the one visual
# property its layer uses.
STYLE_JS = """() => Array.from(document.querySelectorAll('.text [data-span-id]')).map(e => {
  const s = getComputedStyle(e);
  return {layer: e.dataset.layer, shown: s.getPropertyValue('--shown').trim(),
          background: s.backgroundColor, decoration: s.textDecorationLine,
          border: s.borderTopColor, bar: s.borderLeftColor, tab: e.hasAttribute('tabindex') ? e.tabIndex : null};
})"""

TRANSPARENT = "rgba(0, 0, 0, 0)"


def drawn(layer: str, st: dict) -> bool:
    """Whether the layer's own drawing is visible on a fragment."""
    return {"entities": st["background"] != TRANSPARENT,
            "temporal": "underline" in st["decoration"],
            "quantities": st["border"] != TRANSPARENT,
            "stance": "overline" in st["decoration"],
            "structure": st["bar"] != TRANSPARENT}[layer]


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    root = write_fixture_corpus(tmp_path_factory.mktemp("root"))
    out = tmp_path_factory.mktemp("site")
    render(out, root=root)
    return out


def test_hostile_document_runs_nothing_and_keeps_its_markup(browser_page, fixture_site):
    w = browser_page
    w.goto(fixture_site / f"doc-{HOSTILE_ID}.html")
    page = w.page
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
    assert w.dialogs == [] and w.errors == [] and w.network_requests() == []
    assert page.evaluate("document.scripts.length") == 2
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.querySelectorAll('b, i, .text script').length") == 0
    assert page.evaluate("document.querySelector('.text').textContent") == HOSTILE_TEXT
    assert page.evaluate(COUNT_JS, ".text") == expected_counts(hostile_annotations())
    assert "O'Brien <script>" in page.inner_text("dl.meta")

    # Hover: the tooltip shows the attributes as text, hostile ones included.
    page.hover(f'[data-span-id="{HOSTILE_ID}#q1"]')
    tip = page.locator("#swn-tip")
    tip.wait_for(state="visible")
    assert "unit</script><script>window.__swnPwned=4</script>" in tip.inner_text().replace("\n", "").replace("\t", "")
    assert "measured_entity" in tip.inner_text() and "Russian warships" in tip.inner_text()
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
    # the measured entity lights up (two fragments: the entity "Russian" cuts it)
    assert page.evaluate("Array.from(document.querySelectorAll('.me.hot')).map(e => e.textContent).join('')") \
        == "Russian warships"


def test_keyboard_focus_shows_the_attributes_and_enter_follows_the_entity_link(browser_page, fixture_site):
    w = browser_page
    w.goto(fixture_site / f"doc-{HOSTILE_ID}.html")
    page = w.page
    target = f"{HOSTILE_ID}#e1"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.spanId") == target:
            break
    else:
        pytest.fail("Tab never reached the first entity")
    tip = page.locator("#swn-tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "entities · PERSON" in text and "putin" in text and "Vladimir \"Vova\" Putin <b>&amp;</b>" in text
    assert "stance · assad_government" in text and "structure · title" in text  # enclosing spans too
    link = tip.locator("a").first
    assert link.get_attribute("href") == "entities.html#ent-putin"
    page.keyboard.press("Enter")
    page.wait_for_url("**/entities.html#ent-putin")
    assert page.evaluate("document.querySelector(':target').id") == "ent-putin"
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined" and w.errors == []


@pytest.mark.parametrize("doc_id", [HOSTILE_ID, PLAIN_ID])
def test_each_switch_hides_exactly_its_layer(browser_page, fixture_site, doc_id):
    w = browser_page
    w.goto(fixture_site / f"doc-{doc_id}.html")
    page = w.page
    before = page.evaluate(STYLE_JS)
    assert before and all(st["shown"] == "1" and drawn(st["layer"], st) for st in before)
    for layer in vocab.LAYER_NAMES:
        page.uncheck(f"#show-{layer}")
        after = page.evaluate(STYLE_JS)
        assert len(after) == len(before)
        for st in after:
            hidden = st["layer"] == layer
            assert st["shown"] == ("0" if hidden else "1"), (layer, st)
            assert drawn(st["layer"], st) is not hidden, (layer, st)
            if st["tab"] is not None:
                assert st["tab"] == (-1 if hidden else 0)
        page.check(f"#show-{layer}")
        assert page.evaluate(STYLE_JS) == before
    assert w.errors == []


def test_compare_page_in_the_browser(browser_page, fixture_site, tmp_path):
    root = write_fixture_corpus(tmp_path / "root")
    gold = hostile_annotations()
    pred = tmp_path / "pred.jsonl"
    ents = [replace(e, id=None).to_dict() for e in gold.entities[1:]]
    ents[0]["label"] = "PERSON"  # the ORG <script> span predicted as PERSON: a mismatch
    pred.write_text(json.dumps({"doc_id": HOSTILE_ID, "entities": ents}) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    render(out, root=root, pred=pred)
    w = browser_page
    w.goto(out / f"compare-{HOSTILE_ID}.html")
    page = w.page
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined" and w.errors == [] and w.dialogs == []
    panels = page.evaluate("""() => Array.from(document.querySelectorAll('.text')).map(t => {
        const out = {};
        t.querySelectorAll('[data-span-id][tabindex]').forEach(e => {
          const st = Array.from(e.classList).find(c => c.startsWith('st-'));
          out[st] = (out[st] || 0) + 1; });
        return [t.textContent, out]; })""")
    assert [p[0] for p in panels] == [HOSTILE_TEXT, HOSTILE_TEXT]
    assert panels[0][1] == {"st-missed": 1, "st-mismatch": 1, "st-match": 3}
    assert panels[1][1] == {"st-mismatch": 1, "st-match": 3}
    page.check("#only-diff")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.text .st-match'))
        .every(e => getComputedStyle(e).getPropertyValue('--shown').trim() === '0')""")
    assert shown


def test_statistics_and_index_pages_need_no_script(chromium, fixture_site):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto((fixture_site / "stats.html").as_uri())
    assert page.locator("svg").count() == 2 * len(vocab.LAYER_NAMES)
    assert page.locator("svg title").first.text_content() == "entities: spans per document and label"
    stance_totals = page.locator('figure[data-layer="stance"] svg text.total').all_text_contents()
    assert stance_totals == ["3", "0"]  # written on the chart: hostile has 3 stance spans, plain none
    page.goto((fixture_site / "index.html").as_uri())
    assert page.locator("table.documents tr[data-doc]").count() == 2
    context.close()


# ---------------------------------------------------------------- the real corpus

@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory, repo_root) -> tuple[Path, list]:
    docs = load_corpus(repo_root)
    missing = [d.id for d in docs if d.annotations is None]
    if missing:
        pytest.fail(f"the gold annotations have not landed for {', '.join(missing)}: the viewer's corpus test "
                    "needs all five documents annotated")
    out = tmp_path_factory.mktemp("corpus-site")
    render(out, root=repo_root)
    return out, docs


def test_real_corpus_every_layer_of_every_document(browser_page, corpus_site):
    out, docs = corpus_site
    w = browser_page
    assert len(docs) == 5
    for d in docs:
        w.goto(out / f"doc-{d.id}.html")
        counts = w.page.evaluate(COUNT_JS, ".text")
        assert counts == {layer: len(d.annotations.layer(layer)) for layer in vocab.LAYER_NAMES
                          if d.annotations.layer(layer)}, d.id
        assert all(counts.get(layer) for layer in vocab.LAYER_NAMES), f"{d.id}: a layer has no spans"
        assert w.page.evaluate("document.querySelector('.text').textContent") == d.text
    assert w.errors == [] and w.dialogs == [] and w.network_requests() == []
    w.goto(out / "index.html")
    assert w.page.locator("table.documents tr[data-doc]").count() == 5


def test_real_corpus_screenshot(browser_page, corpus_site):
    """Saves test-artifacts/viewer-<doc>.png (the README's screenshot is made the same way)."""
    out, docs = corpus_site
    doc = docs[0]
    w = browser_page
    w.goto(out / f"doc-{doc.id}.html")
    page = w.page
    page.locator(".text").scroll_into_view_if_needed()
    # an entity inside a stance span: the tooltip shows the entity, the stance and the zone
    page.locator('.text [data-layer="stance"] [data-layer="entities"]').first.hover()
    page.locator("#swn-tip").wait_for(state="visible")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"viewer-{doc.id}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000  # a real picture, not a blank page


# ---------------------------------------------------------------- compare agrees with swn score

@pytest.fixture(scope="module")
def predicted_site(tmp_path_factory, repo_root) -> tuple[Path, dict]:
    """The real corpus compared with the floor baseline's predictions (no entity_id, like most
    extractors), and swn score's report of the same file."""
    from swn import baselines
    from swn.baselines.leaderboard import load_inputs
    from swn.scoring.predictions import read_predictions, write_predictions
    from swn.scoring.score import score
    documents, gold = load_inputs(repo_root)
    docs = [d for d in documents if d.id in gold]
    out = tmp_path_factory.mktemp("predicted-site")
    pred = out / "floor.jsonl"
    write_predictions(pred, baselines.load("floor").predict(docs))
    render(out / "site", root=repo_root, pred=pred)
    report = score(gold, read_predictions(pred, {d.id: d.text for d in docs}))
    return out / "site", report


COMPARE_COUNTS_JS = """() => Object.fromEntries(Array.from(document.querySelectorAll('table.cmpcounts tr[data-layer]'))
  .map(tr => [tr.dataset.layer, Object.fromEntries(Array.from(tr.querySelectorAll('td[data-status]'))
    .map(td => [td.dataset.status, Number(td.textContent)]))]))"""


def test_compare_pages_count_what_swn_score_counts_in_strict_mode(browser_page, predicted_site):
    out, report = predicted_site
    w = browser_page
    strict = {"match": "correct", "mismatch": "incorrect", "missed": "missed", "spurious": "spurious"}
    checked = 0
    for doc_id in report["layers"]["entities"]["documents"]:
        w.goto(out / f"compare-{doc_id}.html")
        shown = w.page.evaluate(COMPARE_COUNTS_JS)
        assert set(shown) == {k for k in report["layers"] if k != "doc_stance"}, doc_id
        for layer, counts in shown.items():
            scored = report["layers"][layer]["documents"][doc_id]["strict"]
            assert counts == {status: scored[outcome] for status, outcome in strict.items()}, (doc_id, layer)
            checked += counts["match"]
        # no entity_id in the predictions: not listed as a difference
        assert "entity_id" not in w.page.inner_text("table.diffs") if w.page.locator("table.diffs").count() else True
    assert checked > 200  # a real comparison, not an empty one
    assert w.errors == []


@pytest.mark.parametrize("width", [1400, 1920])
def test_span_length_charts_are_drawn_at_least_at_their_own_size(chromium, corpus_site, width):
    out, _ = corpus_site
    context = chromium.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.goto((out / "stats.html").as_uri())
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.smallmultiples svg')).map(s =>
        [s.getBoundingClientRect().width, Number(s.getAttribute('width'))])""")
    context.close()
    assert len(sizes) == len(vocab.LAYER_NAMES)
    for rendered, natural in sizes:
        assert rendered >= natural >= 300, sizes  # full size: text at its designed size, or larger
