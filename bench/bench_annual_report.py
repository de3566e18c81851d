"""The annual report on a year of visits: how long `central report` takes (HTML and PDF), and
each report grouping over the year through central's report API.

Run: `.venv/bin/python bench/bench_annual_report.py [--rounds 5]`. Fills a central database in a
temp dir with the demo's 8 centres and a generated year (2026) of their visits, about 400,000
(kernel/history.py through bench/bench_history.py's `fill_central`), then times the annual
report end to end and GET /api/v1/reports/visits?period=year for every grouping (through
Flask's test client: the database sums, the labels and the JSON, not the network). Exit status
0 means it ran; a slow figure prints "NOT met".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_history import central_config, fill_central
from common import fmt, percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from booking import annual_output  # noqa: E402
from booking.app import create_app  # noqa: E402
from booking.domain.accounts import add_account  # noqa: E402
from kernel.clock import FixedClock  # noqa: E402
from kernel.reports import GROUPS  # noqa: E402

YEAR = 2026
TARGET_REPORT_SECONDS = 30
TARGET_GROUPING_P95_SECONDS = 2
PASSWORD = "bench-password"


def met(seconds: float, target: float) -> str:
    return "met" if seconds < target else "NOT met"


def time_report(app, out: Path) -> float:
    started = time.perf_counter()
    annual_output.write(app, YEAR, "da", out)
    return time.perf_counter() - started


def time_groupings(app, rounds: int) -> dict[str, list[float]]:
    db = app.extensions["enindgang"]["pool"].get()
    clock = app.extensions["enindgang"]["context"].clock
    add_account(db, clock, "bench-report", "Bench Report", "report", PASSWORD)
    client = app.test_client()
    answer = client.post("/api/v1/login", json={"username": "bench-report", "password": PASSWORD})
    assert answer.status_code == 200, answer.json
    seconds: dict[str, list[float]] = {by: [] for by in GROUPS}
    for _ in range(rounds):
        for by in GROUPS:
            started = time.perf_counter()
            answer = client.get(f"/api/v1/reports/visits?period=year&date={YEAR}-06-01&by={by}")
            seconds[by].append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.json
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each grouping is asked")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-annual-") as tmp:
        filled = fill_central(Path(tmp) / "central", YEAR)
        print(
            f"filled {filled.visits:,} facts for {filled.centres} centres in {filled.seconds:.1f} s"
        )
        clock = FixedClock(datetime(YEAR, 12, 31, 12, tzinfo=UTC))
        app = create_app(central_config(Path(tmp) / "central"), clock=clock)
        html_seconds = time_report(app, Path(tmp) / "report.html")
        pdf_seconds = time_report(app, Path(tmp) / "report.pdf")
        size = (Path(tmp) / "report.pdf").stat().st_size
        target = TARGET_REPORT_SECONDS
        print(
            f"annual report, HTML: {html_seconds:.1f} s"
            f" (target < {target} s: {met(html_seconds, target)})"
        )
        print(
            f"annual report, PDF:  {pdf_seconds:.1f} s"
            f" (target < {target} s: {met(pdf_seconds, target)}), {size / 1024:.0f} KiB"
        )
        seconds = time_groupings(app, args.rounds)
    every = [s for found in seconds.values() for s in found]
    print(f"\nGET /api/v1/reports/visits?period=year, {args.rounds} rounds, seconds:")
    print(f"{'by':<16}{'median':>8}{'p95':>8}{'max':>8}")
    for by, found in seconds.items():
        print(
            f"{by:<16}{fmt(sorted(found)[len(found) // 2], 2):>8}"
            f"{fmt(percentile(found, 95), 2):>8}{fmt(max(found), 2):>8}"
        )
    p95 = percentile(every, 95)
    target = TARGET_GROUPING_P95_SECONDS
    print(f"all groupings: p95 {p95:.2f} s (target < {target} s: {met(p95, target)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
