"""The wheel and the sdist carry the released corpus: installed into a fresh venv outside the
repository, run from an empty folder with no SWN_ROOT, every command works on the installed
release, and ``swn.load`` gives the checkout's rows.

The fresh venv gets swn itself with ``--no-deps`` from the built distribution and sees the
test venv's site-packages (for jsonschema, datasets, ...) through a ``.pth`` file appended
after its own site-packages, so the test needs no network and swn is imported from the venv
(checked), never from the checkout.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

pytestmark = pytest.mark.slow


def _setup_module(repo_root: Path):
    """setup.py as a module (it only calls setup() when run as a script)."""
    spec = importlib.util.spec_from_file_location("swn_setup", repo_root / "setup.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _manifest_paths(root: Path) -> list[str]:
    return [e["path"] for e in json.loads((root / "corpus" / "MANIFEST.json").read_text())["files"]]


@pytest.fixture(scope="session")
def dist(repo_root, tmp_path_factory) -> dict[str, Path]:
    """sdist and wheel built by ``python -m build`` (wheel from the sdist) from a copy of the
    committed tree, so the checkout gets no build/ or egg-info."""
    src = tmp_path_factory.mktemp("src") / "swn"
    files = subprocess.run(["git", "-C", str(repo_root), "ls-files", "-z"], capture_output=True, check=True,
                           text=True).stdout.split("\0")
    for rel in filter(None, files):
        if (repo_root / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo_root / rel, src / rel)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)], check=True,
                   capture_output=True)
    return {"sdist": next(out.glob("swn-*.tar.gz")), "wheel": next(out.glob("swn-*.whl"))}


def _fresh_venv(where: Path, dist_file: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    py = where / "bin" / "python"
    purelib = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    # The test venv's packages (not swn: it is installed editable there, through a .pth file of
    # that folder, which a folder listed in a .pth does not run) come after the venv's own.
    (purelib / "zz-test-venv.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--no-build-isolation",
                    str(dist_file)], check=True, capture_output=True)
    return where


@pytest.fixture(scope="session", params=["wheel", "sdist"])
def installed(request, dist, tmp_path_factory) -> dict:
    venv = _fresh_venv(tmp_path_factory.mktemp(f"venv-{request.param}") / "venv", dist[request.param])
    empty = tmp_path_factory.mktemp("empty")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWN_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(empty.parent / "home"), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1",
               HF_HOME=str(empty.parent / "hf"), PATH=f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}")

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        def umask_022():
            os.umask(0o022)
        r = subprocess.run(list(args), cwd=empty, env=env, capture_output=True, text=True, preexec_fn=umask_022)
        if check:
            assert r.returncode == 0, f"{args}: {r.stderr}"
        return r

    return {"kind": request.param, "venv": venv, "cwd": empty, "run": run, "swn": str(venv / "bin" / "swn"),
            "python": str(venv / "bin" / "python")}


def test_the_wheel_carries_exactly_the_released_files(dist, repo_root):
    names = set(zipfile.ZipFile(dist["wheel"]).namelist())
    wanted = {f"swn/data/release/{p}" for p in [*_manifest_paths(repo_root), "corpus/MANIFEST.json"]}
    assert wanted <= names
    assert not {n for n in names if n.startswith("swn/data/release/")} - wanted
    assert any(n.startswith("swn/data/release/corpus/data/") and n.endswith(".jsonl") for n in wanted)
    sdist = {n.split("/", 1)[1] for n in tarfile.open(dist["sdist"]).getnames() if "/" in n}
    assert set(_manifest_paths(repo_root)) <= sdist


def test_installed_swn_is_the_venv_copy_and_uses_the_installed_release(installed):
    run = installed["run"]
    where = run(installed["python"], "-c", "import swn; print(swn.__file__)").stdout.strip()
    assert where.startswith(str(installed["venv"])), where
    info = json.loads(run(installed["swn"], "info", "--format", "json").stdout)
    assert info["found_by"] == "package" and info["corpus"].startswith(str(installed["venv"]))
    assert "found by: package" in run(installed["swn"], "--verbose", "stats").stderr


def test_commands_work_from_an_empty_folder(installed, repo_root):
    run, swn = installed["run"], installed["swn"]
    version = (repo_root / "VERSION").read_text().strip()
    assert run(swn, "--version").stdout.strip() == f"swn {version}"
    assert run(swn, "validate").stdout == ""
    assert run(swn, "verify").stdout.startswith("OK:")
    r = run(swn, "schema", check=False)  # a maintainer command: refused, the installed release is read-only
    assert r.returncode == 1 and "read-only" in r.stderr and r.stderr.count("\n") == 1
    assert run(swn, "verify").stdout.startswith("OK:")
    assert "aljazeera-2017-12-11" in run(swn, "stats").stdout
    out = run(installed["python"], "-c", "import swn; print(len(swn.load_corpus()))").stdout
    assert out.strip() == "5"


def test_gold_as_predictions_validates_and_scores_one(installed):
    run, swn, cwd = installed["run"], installed["swn"], installed["cwd"]
    code = ("import swn\nfrom swn import vocab\nfrom swn.scoring.predictions import prediction_record, "
            "write_predictions\nwrite_predictions('pred.jsonl', [prediction_record(d.annotations, "
            "vocab.LAYER_NAMES, True) for d in swn.load_corpus()])\n")
    run(installed["python"], "-c", code)
    assert run(swn, "validate", "pred.jsonl").stdout == ""
    report = json.loads(run(swn, "score", "--pred", "pred.jsonl", "--format", "json", "--quiet").stdout)
    f1 = {layer: r["overall"]["strict"]["f1"] for layer, r in report["layers"].items() if "overall" in r}
    assert len(f1) == 5 and set(f1.values()) == {1.0}
    (cwd / "pred.jsonl").unlink()


def test_render_and_export_write_readable_files(installed):
    run, cwd = installed["run"], installed["cwd"]
    run(installed["swn"], "render", "--out", "site")
    run(installed["swn"], "export", "--format", "brat", "--out", "brat")
    written = [p for d in ("site", "brat") for p in (cwd / d).rglob("*") if p.is_file()]
    assert any(p.name == "index.html" for p in written) and any(p.suffix == ".ann" for p in written)
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {oct(0o644)}
    shutil.rmtree(cwd / "site")
    shutil.rmtree(cwd / "brat")


def test_swn_load_gives_the_rows_and_features_of_the_checkout(installed, repo_root, tmp_path):
    import datasets

    code = ("import json, swn\nds = swn.load('entities')\n"
            "print(json.dumps({'features': ds.features.to_dict(), 'rows': ds.to_list()}, default=str))\n")
    got = json.loads(installed["run"](installed["python"], "-c", code).stdout)
    want = datasets.load_dataset(str(repo_root), "entities", split="test", cache_dir=str(tmp_path / "hf"))
    assert got["features"] == want.features.to_dict()
    assert got["rows"] == json.loads(json.dumps(want.to_list(), default=str))
    assert len(got["rows"]) > 100


def test_an_installation_loads_its_own_version_only(installed, repo_root):
    version = (repo_root / "VERSION").read_text().strip()
    code = f"import swn; print(swn.load('entities', version='{version}').num_rows)"
    assert int(installed["run"](installed["python"], "-c", code).stdout.split()[-1]) > 100
    code = "import swn\ntry:\n    swn.load('entities', version='0.0.1')\nexcept swn.SWNError as e:\n    print(e)"
    out = installed["run"](installed["python"], "-c", code).stdout
    assert "carries SWN release" in out and out.count("\n") == 1


def test_an_annotation_file_is_validated_against_the_installed_corpus(installed):
    run, cwd = installed["run"], installed["cwd"]
    gold = json.loads(run(installed["swn"], "info", "--format", "json").stdout)["corpus"]
    src = next((Path(gold) / "annotations" / "gold").glob("*.json"))
    (cwd / src.name).write_bytes(src.read_bytes())
    assert run(installed["swn"], "validate", src.name).stdout == ""
    broken = json.loads(src.read_text())
    broken["entities"][0]["end"] += 1  # the span text no longer matches the installed raw text
    (cwd / src.name).write_text(json.dumps(broken))
    r = run(installed["swn"], "validate", src.name, check=False)
    assert r.returncode == 1 and src.name in r.stdout
    (cwd / src.name).unlink()


@given(data=st.data())
@settings(max_examples=20)
def test_the_build_refuses_a_file_that_differs_from_the_manifest(repo_root, tmp_path_factory, data):
    setup = _setup_module(repo_root)
    root = tmp_path_factory.mktemp("manifest")
    paths = _manifest_paths(repo_root)
    for rel in [*paths, "corpus/MANIFEST.json"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo_root / rel, root / rel)
    assert set(setup.released_files(root)) == {*paths, "corpus/MANIFEST.json"}
    victim = data.draw(st.sampled_from(paths))
    raw = bytearray((root / victim).read_bytes())
    if data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = (raw[i] + data.draw(st.integers(1, 255))) % 256
    else:
        raw += b"\n"
    (root / victim).write_bytes(bytes(raw))
    with pytest.raises(Exception) as e:
        setup.released_files(root)
    assert victim in str(e.value) and "MANIFEST" in str(e.value)
    assert hashlib.sha256(bytes(raw)).hexdigest()  # the file was really changed
