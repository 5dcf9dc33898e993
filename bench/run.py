"""Benchmark runner: `make bench` (or `python bench/run.py [NAME ...] [--quick]`).

Each benchmark measures the portal's way of doing something beside a bare
baseline of the same work in the same run, and reports the ratio, so figures
compare across machines. Results print as a table and are written as JSON
under bench/results/.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench import (  # noqa: E402
    api,
    calendar_feed,
    dashboard,
    engagement,
    gias_import,
    middleware,
    ofsted_import,
    packs,
    places,
    scheduling,
)

BENCHMARKS = {
    "middleware": middleware.run,
    "gias_import": gias_import.run,
    "calendar_feed": calendar_feed.run,
    "scheduling": scheduling.run,
    "packs": packs.run,
    "ofsted_import": ofsted_import.run,
    "dashboard": dashboard.run,
    "engagement": engagement.run,
    "places": places.run,
    "api": api.run,
}
RESULTS = REPO / "bench" / "results"


def print_table(rows: list[dict]) -> None:
    header = f"{'benchmark':<34} {'baseline':>16} {'portal':>16} {'ratio':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['name']:<34} {row['baseline']:>12.2f} {row['unit']:<3} "
            f"{row['portal']:>12.2f} {row['unit']:<3} {row['ratio']:>8.2f}"
        )
        for note in row.get("notes", []):
            print(f"    {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], default=[])
    parser.add_argument("--quick", action="store_true", help="small sizes, for the smoke test")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    # A throwaway database, as the tests use: benchmarks never touch the portal's data.
    # Named after the configured one, so runs against different databases (say, two
    # developers' smoke tests at once) never drop each other's.
    bench_name = f"bench_{connection.settings_dict['NAME']}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = bench_name
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(REPO / "var" / "bench.sqlite3")
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor} ({test_name})")
    try:
        for name in names:
            started = time.perf_counter()
            for row in BENCHMARKS[name](quick=args.quick):
                row["seconds"] = round(time.perf_counter() - started, 2)
                rows.append(row)
                (args.out / f"{row['name']}.json").write_text(json.dumps(row, indent=2) + "\n")
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
