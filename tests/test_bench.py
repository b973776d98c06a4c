"""scripts/bench --quick: the maintainer benchmark runs and prints every section (no timing is asserted)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_quick_prints_every_section(tmp_path):
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TMPDIR=str(tmp_path))
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench"), "--quick"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    for heading in ("machine:", "== score:", "== score growth", "== validate:", "== ls import", "== build and render"):
        assert heading in text, heading
    assert "strict counts agree (overall): yes" in text
    assert text.count("swn validate --level") == 3
    assert "growth build" in text and "x the export" in text and "x its input's size" in text
    assert not list(tmp_path.glob("swn-bench-*")), "the temporary folder is removed"
