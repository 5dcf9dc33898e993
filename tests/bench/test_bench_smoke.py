"""The benchmarks run (at small sizes) and report a ratio against their baseline."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_middleware_benchmark_reports_a_ratio(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "middleware", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "middleware_stack_trivial_request" in result.stdout
    row = json.loads((tmp_path / "middleware_stack_trivial_request.json").read_text())
    assert row["portal"] > 0 and row["baseline"] > 0
    assert row["ratio"] == row["portal"] / row["baseline"]
