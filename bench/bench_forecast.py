"""Forecast + plan for one centre over the generated year at central: the time of one plan.

Run from the repository root: `.venv/bin/python bench/bench_forecast.py [--week 2026-W40]`. It
fills central's demo database with the generated year of 8 centres (bench/bench_history.py's
`fill_central`), then times `booking.domain.staff_plan.plan_view` (read the hourly walk-ins,
forecast the week, backtest the last 8 weeks, plan every hour against the staff schedules) for
each centre, five times each, and prints the median and the slowest call, the backtest's WAPE
and the hours that fall short.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# After the path is set:
from bench_history import central_config, fill_central  # noqa: E402

from booking.domain import setup, staff_plan  # noqa: E402
from booking.domain.context import BookingContext  # noqa: E402
from kernel.db import connect  # noqa: E402
from kernel.runtime_clock import process_clock  # noqa: E402

REPEATS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="2026-W40", help="the week to plan, YYYY-Www")
    week = parser.parse_args().week
    data_dir = Path(tempfile.mkdtemp(prefix="bench-forecast-"))
    try:
        filled = fill_central(data_dir)
        print(f"history: {filled.visits:,} visits of {filled.centres} centres")
        ctx = BookingContext.build(central_config(data_dir), process_clock())
        db = connect(filled.database)
        monday = staff_plan.parse_week(week)
        for centre in setup.centres(db):
            times = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                view = staff_plan.plan_view(ctx, db, centre["id"], monday, 0.8)
                times.append((time.perf_counter() - started) * 1000)
            short = sum(1 for h in view["hours"] if h["short"])
            wape = view["backtest"]["wape"]
            print(
                f"  {centre['id']} {week}: median {statistics.median(times):.0f} ms, "
                f"max {max(times):.0f} ms; WAPE {wape:.1%} over "
                f"{view['backtest']['weeks']} weeks, trend {view['trend']}, "
                f"{len(view['hours'])} hours, {short} short"
            )
        db.close()
    finally:
        if os.environ.get("BENCH_KEEP_DATA") == "1":
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
