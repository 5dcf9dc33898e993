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


def test_gias_import_benchmark_checks_counts_and_reports_ratios(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "gias_import", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    first = json.loads((tmp_path / "gias_import_first.json").read_text())
    again = json.loads((tmp_path / "gias_reimport_unchanged.json").read_text())
    assert first["rows"] == again["rows"] == 2000
    assert "categories match the hand count" in first["notes"][0]
    assert first["ratio"] > 0 and again["ratio"] > 0


def test_ofsted_import_benchmark_checks_framework_counts_and_reports_ratios(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "ofsted_import", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    first = json.loads((tmp_path / "ofsted_import_first.json").read_text())
    again = json.loads((tmp_path / "ofsted_reimport_unchanged.json").read_text())
    assert first["rows"] == again["rows"] > 500
    assert first["inspections"] > first["rows"]
    assert "frameworks match the hand count" in first["notes"][0]
    assert first["ratio"] == first["portal"] / first["baseline"] > 0
    assert again["ratio"] == again["portal"] / again["baseline"] > 0


def test_calendar_feed_benchmark_reports_a_ratio_and_a_constant_query_count(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "calendar_feed", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    row = json.loads((tmp_path / "calendar_feed_50_meetings.json").read_text())
    assert row["meetings"] == 50
    assert row["portal"] > 0 and row["baseline"] > 0
    assert row["ratio"] == row["portal"] / row["baseline"]
    assert row["queries"] == row["queries_for_5_meetings"] <= 4


def test_scheduling_benchmark_times_the_first_run_and_the_idempotent_rerun(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "scheduling", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    row = json.loads((tmp_path / "scheduling_academic_year.json").read_text())
    assert row["meetings"] > 0 and row["invitations"] > 0
    assert row["baseline"] > 0 and row["portal"] > 0
    assert row["ratio"] == row["portal"] / row["baseline"]
    assert "re-run" in row["notes"][1]


def test_packs_benchmark_reports_compile_ratio_and_a_constant_page_query_count(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "packs", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    compiled = json.loads((tmp_path / "packs_compile_5_papers.json").read_text())
    assert compiled["page_count"] > 5 * 4
    assert (
        compiled["baseline"] > 0 and compiled["ratio"] == compiled["portal"] / compiled["baseline"]
    )
    page = json.loads((tmp_path / "packs_page_100_meetings.json").read_text())
    assert page["meetings"] == 100
    assert page["ratio"] == page["portal"] / page["baseline"]
    assert page["queries"] == page["queries_for_10_meetings"]


def test_engagement_benchmark_agrees_with_the_aggregate_query_in_constant_queries(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "engagement", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    row = json.loads((tmp_path / "engagement_all_schools.json").read_text())
    assert row["schools"] == 2000
    assert row["baseline"] > 0 and row["ratio"] == row["portal"] / row["baseline"]
    assert row["queries"] == row["queries_for_5_schools"]
    assert "counted by both" in row["notes"][0]
    fell = json.loads((tmp_path / "engagement_attendance_fell.json").read_text())
    assert fell["ratio"] == fell["portal"] / fell["baseline"]


def test_dashboard_benchmark_agrees_with_the_bare_query_in_constant_queries(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "dashboard", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    row = json.loads((tmp_path / "dashboard_national.json").read_text())
    assert row["schools"] > 500 and row["inspections"] >= row["schools"]
    assert "figures agree" in row["notes"][0]
    assert row["ratio"] == row["portal"] / row["baseline"]
    assert row["queries"] == row["queries_for_50_schools"]


def test_places_benchmark_checks_totals_and_a_constant_page_query_count(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "places", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    figures = json.loads((tmp_path / "places_figures_national.json").read_text())
    assert figures["schools"] > 500 and figures["groups"] > 10
    assert "totals match the raw query" in figures["notes"][0]
    assert figures["ratio"] == figures["portal"] / figures["baseline"]
    page = json.loads((tmp_path / "places_page_national.json").read_text())
    assert page["queries"] == page["queries_small"]
    assert page["ratio"] == page["portal"] / page["baseline"]


def test_api_benchmark_reports_list_and_gunicorn_ratios(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "api", "--quick", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    for name in ("schools", "meetings"):
        page = json.loads((tmp_path / f"api_{name}_list_page_100.json").read_text())
        assert page["ratio"] == page["portal"] / page["baseline"]
        served = json.loads((tmp_path / f"api_{name}_gunicorn_rps.json").read_text())
        assert served["portal"] > 0 and served["baseline"] > 0
