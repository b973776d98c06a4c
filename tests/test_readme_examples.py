"""The ``python`` examples of README.md run, in order, from the repository root, offline.

Blocks that say "(not executed by tests/test_readme_examples.py" are skipped (they need a
release tag). The quick-start commands must stay exactly as they are.
"""
from __future__ import annotations

import os
import re

import pytest


def _blocks(readme: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme, re.S)


def test_quick_start_commands_are_unchanged(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "scripts/setup     # install into .venv, validate the corpus, load it and print a summary\n" in readme
    assert "scripts/test      # install test dependencies and run the whole test suite (HF_HUB_OFFLINE=1)\n" in readme


def test_readme_python_examples_run(repo_root, gold_present, tmp_path, monkeypatch):
    assert gold_present, "the README examples load the released gold, which has not landed yet"
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in _blocks(readme) if "(not executed by tests/test_readme_examples.py" not in b]
    assert len(blocks) >= 2
    monkeypatch.chdir(repo_root)
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    assert os.environ["HF_DATASETS_OFFLINE"] == "1"
    import datasets

    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf")
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)


def test_every_skipped_block_is_marked(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    for b in _blocks(readme):
        if 'version="v' in b:
            assert "(not executed by tests/test_readme_examples.py" in b
