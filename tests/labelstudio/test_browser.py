"""The focused labeling interfaces in Label Studio, in headless Chromium (markers ``labelstudio`` and
``browser``): an annotator opens a task of a round limited to one layer, selects the last region
of a long report, and both the text and the region's attribute panel are in the viewport.

In the entities interface the annotator then chooses an entity from the registry drop-down and
submits; the stored result holds the entity's id. Screenshots go to test-artifacts/
(docs/img/labelstudio-entities.png is labelstudio-entities-registry.png, docs/img/labelstudio-stance.png
is labelstudio-stance.png).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from swn.cli import main
from swn.labelstudio import client as lsclient
from tests.labelstudio.conftest import ALICE, PASSWORD, REPO

pytestmark = [pytest.mark.labelstudio, pytest.mark.browser]
ARTIFACTS = REPO / "test-artifacts"
DOC = "sputnik-2017-12-12"  # the longest report (about 3,800 characters)


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for sub in ("corpus", "annotations/gold", "annotations/entities.json", "VERSION"):
        src, dst = REPO / sub, root / sub
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    return root


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    view = page.viewport_size
    return (box is not None and box["height"] > 0 and box["y"] >= 0 and box["y"] < view["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= view["width"] + 1)


def _log_in(page, url: str) -> None:
    page.goto(f"{url}/user/login/")
    page.fill("input[name=email]", ALICE)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(lambda u: "/user/login" not in u, timeout=60_000)


@pytest.mark.parametrize("round_no,layer,attribute", [(21, "entities", "entity_id"), (22, "stance", "polarity")])
def test_a_focused_task_keeps_text_and_attribute_panel_in_view(ls_env, users, corpus_copy, chromium, round_no,
                                                              layer, attribute):
    assert main(["ls", "push", "--round", str(round_no), "--annotators", ALICE, "--layers", layer,
                 "--root", str(corpus_copy)]) == 0
    (project,) = lsclient.round_projects(ls_env, round_no)
    task = next(t for t in ls_env.tasks.list(project=project.id, fields="all") if t.data["doc_id"] == DOC)
    url = lsclient.server_url()
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        _log_in(page, url)
        page.goto(f"{url}/projects/{project.id}/data?task={task.id}")
        regions = page.locator(".htx-highlight")  # the pre-annotated regions, drawn over the text
        regions.first.wait_for(timeout=120_000)
        # The last region of the report: the text scrolls to it, the panel must stay in view.
        last = regions.last
        last.scroll_into_view_if_needed()
        last.click()
        panel_header = page.get_by_text(f"Selected {layer} region", exact=True)
        panel_header.wait_for(timeout=30_000)
        field_header = page.get_by_text(f"{attribute}:", exact=False).first
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"labelstudio-{layer}.png"))
        assert _in_viewport(page, last), "the selected region of the text is not in the viewport"
        assert _in_viewport(page, panel_header), "the attribute panel is not in the viewport"
        assert _in_viewport(page, field_header), f"the {attribute} field is not in the viewport"
        if layer == "entities":
            _choose_from_the_registry(page, project.id, task.id, ls_env)
    finally:
        context.close()


def _choose_from_the_registry(page, project_id: int, task_id: int, client) -> None:
    """Open the registry drop-down, choose an entity and submit: the result stores its id."""
    page.locator(".lsf-choices_layout_select [class*=select]").last.click()
    option = page.get_by_text("syria — Syria (GPE)", exact=True).first
    option.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "labelstudio-entities-registry.png"))
    option.click()
    with page.expect_response(lambda r: "/api/" in r.url and "annotations" in r.url
                              and r.request.method in ("POST", "PATCH") and r.ok, timeout=60_000):
        page.get_by_role("button", name="Submit").click()
    results = [r for a in client.tasks.get(id=task_id).annotations
               for r in (a if isinstance(a, dict) else a.dict())["result"]]
    chosen = [r["value"]["choices"] for r in results if r.get("from_name") == "entities_entity_id_known"]
    assert chosen == [["syria"]], chosen
