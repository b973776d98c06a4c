"""The committed leaderboard equals a fresh ``swn benchmark`` run (on the real gold)."""
from __future__ import annotations

import json

import pytest

from swn.baselines import leaderboard


def test_markers_replace_only_between_them():
    text = f"intro\n{leaderboard.BEGIN}\nold\n{leaderboard.END}\noutro\n"
    assert leaderboard.replace_between_markers(text, "new\n") == f"intro\n{leaderboard.BEGIN}\nnew\n{leaderboard.END}\noutro\n"
    assert leaderboard.replace_between_markers("no markers", "x") is None


def test_committed_leaderboard_equals_a_fresh_run(repo_root):
    gold_dir = repo_root / "annotations" / "gold"
    assert gold_dir.is_dir() and any(gold_dir.glob("*.json")), "the leaderboard needs the gold (annotations/gold/)"
    committed_md = (repo_root / "corpus" / "leaderboard.md").read_text(encoding="utf-8")
    committed = json.loads((repo_root / "corpus" / "leaderboard.json").read_text(encoding="utf-8"))
    documents, gold = leaderboard.load_inputs(repo_root)
    fresh = leaderboard.run(documents, gold)
    for name, result in fresh["baselines"].items():
        assert committed["baselines"].get(name) == result, f"leaderboard row of {name} is stale: run swn benchmark"
    missing = sorted(set(committed["baselines"]) - set(fresh["baselines"]))
    if not missing:
        assert committed_md == leaderboard.markdown(fresh)
        readme = (repo_root / "README.md").read_text(encoding="utf-8")
        if leaderboard.BEGIN in readme:
            assert leaderboard.replace_between_markers(readme, committed_md) == readme
    else:
        pytest.skip(f"baselines not installed here, not compared: {', '.join(missing)} "
                    f"({'; '.join(fresh['not_run'].get(n, '') for n in missing)})")
