"""Every code block of README.md runs, offline, from a folder outside the repository: the
``python`` blocks in order in one namespace, and the ``swn`` command lines of the ``bash``
blocks (``pip install`` and ``scripts/`` lines are what a reader runs in a clone; they are
tested by tests/test_packaging.py and CI itself). The quick-start commands must stay exactly
as they are.
"""
from __future__ import annotations

import os
import re
import shlex

import pytest

from swn.cli import main


def _blocks(readme: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", readme, re.S)


def _swn_lines(readme: str) -> list[list[str]]:
    out = []
    for block in _blocks(readme, "bash"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "swn":
                out.append(words[1:])
    return out


def test_quick_start_commands_are_unchanged(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "scripts/setup     # install into .venv, validate the corpus, load it and print a summary\n" in readme
    assert "scripts/test      # install test dependencies and run the whole test suite (HF_HUB_OFFLINE=1)\n" in readme


def test_every_block_is_python_or_bash(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    fences = re.findall(r"^```(\w*)$", readme, re.M)
    langs = fences[0::2]  # opening fences
    assert set(langs) <= {"python", "bash"}, langs


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """An empty working directory outside the repository, a private datasets cache, no SWN_ROOT."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("SWN_ROOT", raising=False)
    monkeypatch.setenv("SWN_CACHE", str(tmp_path / "swn-cache"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    assert os.environ["HF_DATASETS_OFFLINE"] == "1"
    import datasets

    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf")
    return cwd


def test_readme_python_examples_run_from_another_folder(repo_root, gold_present, elsewhere):
    assert gold_present, "the README examples load the released gold"
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    blocks = _blocks(readme, "python")
    assert len(blocks) >= 4 and any('version="1.0.0"' in b for b in blocks)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["docs"].num_rows == 5


def test_readme_swn_commands_run_from_another_folder(repo_root, gold_present, elsewhere, capsys):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    commands = _swn_lines(readme)
    assert ["info"] in commands and any(c[0] == "export" for c in commands)
    for args in commands:
        assert main(args) == 0, args
    assert any(elsewhere.rglob("*.ann"))
