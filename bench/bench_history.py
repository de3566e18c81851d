"""A central database with a year of 8 centres' visits (about 400,000), for the report benchmarks.

Run from the repository root: `.venv/bin/python bench/bench_history.py [--year 2026]`. It makes
the central demo's database (8 centres, staff and schedules) in a temporary folder, stores the
year's generated visits and first free times (kernel/history.py, the generator of
`enindgang demo-history` and the demo) and prints how many and how long it took.

For a report benchmark: `fill_central(data_dir, year)` returns the filled database's path and the
figures; `central_config(data_dir)` the config to start `enindgang central` on it with.
BENCH_KEEP_DATA=1 keeps the folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# After the path is set:
from booking.config import BookingConfig  # noqa: E402
from booking.demo import demo_config, ensure_demo_data  # noqa: E402
from booking.domain import history  # noqa: E402
from booking.domain.context import BookingContext  # noqa: E402
from kernel.db import connect  # noqa: E402
from kernel.runtime_clock import process_clock  # noqa: E402

SEED = 2026


@dataclass(frozen=True)
class Filled:
    database: Path
    visits: int
    first_free: int
    centres: int
    seconds: float


def central_config(data_dir: Path) -> BookingConfig:
    """The central demo's config over `data_dir` (8 centres, no per-address limit)."""
    return demo_config(data_dir, rate_limit=False)


def fill_central(data_dir: Path, year: int = 2026, seed: int = SEED) -> Filled:
    """Central's database in `data_dir` with the demo's centres and staff and the generated
    visits and first free times of the whole `year`; `seconds` is the time of the filling
    alone (running it again on the same folder adds nothing and takes a moment)."""
    config = central_config(data_dir)
    ensure_demo_data(config)
    ctx = BookingContext.build(config, process_clock())
    db = connect(config.database_path)
    try:
        started = time.perf_counter()
        done = history.fill(ctx, db, seed, date(year, 1, 1), date(year, 12, 31))
        seconds = time.perf_counter() - started
    finally:
        db.close()
    return Filled(config.database_path, done.visits, done.first_free, len(done.centres), seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2026, help="the calendar year to fill")
    year = parser.parse_args().year
    data_dir = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        cpu = time.process_time()
        filled = fill_central(data_dir, year)
        cpu = time.process_time() - cpu
        size = filled.database.stat().st_size / 1e6
        print(
            f"history {year}: {filled.visits:,} visit facts and {filled.first_free:,} first-free "
            f"figures for {filled.centres} centres in {filled.seconds:.1f} s "
            f"({filled.visits / filled.seconds:,.0f} facts/s; CPU {cpu:.1f} s; "
            f"database {size:.0f} MB)"
        )
    finally:
        if os.environ.get("BENCH_KEEP_DATA") == "1":
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
