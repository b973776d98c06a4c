"""One registry: every format declares its name, layers, losses; swn export loops over it."""
from __future__ import annotations

import pytest

from swn import vocab
from swn.cli import main
from swn.formats import Format, formats, formats_table, get


def test_every_format_module_is_registered_and_declares_itself():
    found = formats()
    assert {"brat", "conll", "spacy"} <= set(found)
    for name, fmt in found.items():
        assert isinstance(fmt, Format) and fmt.name == name and fmt.loses and fmt.description
        assert set(fmt.exports) <= set(vocab.LAYER_NAMES) and set(fmt.imports) <= set(fmt.exports)


@pytest.mark.parametrize("name", sorted(formats()))
def test_explain_prints_what_the_format_loses(name, capsys):
    assert main(["export", "--format", name, "--explain"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{name}: ") and all(loss in out for loss in get(name).loses)


def test_readme_table_is_the_registry(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert formats_table() in readme


def test_unknown_format_and_missing_out_are_one_line_errors(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--format", "nope", "--out", "x"])
    assert main(["export", "--format", "brat"]) == 1
    assert "--out is required" in capsys.readouterr().err


def test_layers_option_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "brat"
    assert main(["export", "--format", "brat", "--layers", "entities,temporal", "--out", str(out)]) == 0
    assert not [p for p in out.iterdir() if p.is_dir()] and any(out.glob("*.ann"))
    assert main(["export", "--format", "conll", "--layers", "entities", "--out", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown-layer" in err and not (tmp_path / "c").exists()


def test_token_formats_without_spacy_name_the_extra(monkeypatch, tmp_path, capsys):
    import sys

    from swn import tokens

    tokens.pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    try:
        for name in ("conll", "spacy"):
            assert main(["export", "--format", name, "--out", str(tmp_path / name)]) == 1
            err = capsys.readouterr().err
            assert "missing-dependency" in err and "swn[build]" in err and not (tmp_path / name).exists()
    finally:
        tokens.pipeline.cache_clear()
