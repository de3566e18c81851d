"""Benchmark of the central booking service against its real server (`enindgang central demo`).

Run from the repository root: `.venv/bin/python bench/bench_booking.py`. It starts
`enindgang central demo --no-rate-limit` on a free loopback port with a fresh data directory,
then measures:

1. availability of one service (passport) over 60 days at all 8 centres: median and p99 ms;
2. a booking rush: 500 clients book concurrently from 2,000 free slots (centre + time) until
   every one of them answers "just taken"; each slot holds as many bookings as it has free
   passport staff. Bookings/s, p99 of the booking requests, and the double bookings found in
   the database afterwards (appointments of one staff member that overlap: must be 0);
3. the availability query again, now with the rush's bookings in the database.

Options: `--workers N` runs the server with N gunicorn worker processes (default 1);
`--database URL` puts it on that (empty) PostgreSQL database, `--database throwaway` on a
throwaway PostgreSQL cluster started as the tests start theirs (tests/pg_cluster.py).
Options (environment): BENCH_CLIENTS (500), BENCH_SLOTS (2000), BENCH_AVAILABILITY_RUNS (30),
BENCH_THREADS (server threads per worker, 16),
BENCH_KEEP_DATA=1 keeps the data directory and the server log.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
from common import percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kernel.db import connect  # noqa: E402  (after the path is set)
from kernel.runtime_clock import process_clock  # noqa: E402
from tests import pg_cluster, servers  # noqa: E402

TZ = ZoneInfo("Europe/Copenhagen")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "500"))
SLOTS = int(os.environ.get("BENCH_SLOTS", "2000"))
AVAILABILITY_RUNS = int(os.environ.get("BENCH_AVAILABILITY_RUNS", "30"))
SERVICE = "passport"
HTTP_TIMEOUT = (10, 60)
RUSH_DEADLINE_SECONDS = 600


def availability(base: str, days: int = 60) -> tuple[list[float], int]:
    """Timings (ms) of the 60-day, all-centre availability query, and its slot count."""
    first = process_clock().now().astimezone(TZ).date()
    params = {
        "service": SERVICE,
        "from": first.isoformat(),
        "to": (first + timedelta(days=days - 1)).isoformat(),
    }
    timings, count = [], 0
    with requests.Session() as http:
        http.get(f"{base}/api/v1/availability", params=params, timeout=HTTP_TIMEOUT)  # warm-up
        for _ in range(AVAILABILITY_RUNS):
            started = time.perf_counter()
            answer = http.get(f"{base}/api/v1/availability", params=params, timeout=HTTP_TIMEOUT)
            timings.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
            count = len(answer.json()["slots"])
    return timings, count


def rush_slots(base: str) -> list[dict]:
    """The first SLOTS free passport slots (centre + time) across all centres."""
    first = process_clock().now().astimezone(TZ).date()
    found: list[dict] = []
    for page in range(0, 92, 30):
        params = {
            "service": SERVICE,
            "from": (first + timedelta(days=page)).isoformat(),
            "to": (first + timedelta(days=page + 29)).isoformat(),
        }
        answer = requests.get(f"{base}/api/v1/availability", params=params, timeout=HTTP_TIMEOUT)
        found.extend(answer.json()["slots"])
        if len(found) >= SLOTS:
            break
    return found[:SLOTS]


class Rush:
    """CLIENTS threads pick random slots still open and book them until none is left."""

    def __init__(self, base: str, slots: list[dict]) -> None:
        self.base = base
        self.open = list(slots)
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.answers: Counter[str] = Counter()
        self.start = threading.Barrier(CLIENTS)
        self.deadline = time.monotonic() + RUSH_DEADLINE_SECONDS
        self.sequence = 0

    def _next(self) -> tuple[dict, int] | None:
        with self.lock:
            if not self.open or time.monotonic() > self.deadline:
                return None
            self.sequence += 1
            return random.choice(self.open), self.sequence

    def _close(self, slot: dict) -> None:
        with self.lock:
            if slot in self.open:
                self.open.remove(slot)

    def client(self) -> None:
        with requests.Session() as http:
            self.start.wait(timeout=120)
            while (picked := self._next()) is not None:
                slot, n = picked
                body = {"service": SERVICE, **slot, "name": f"Borger {n}"}
                body["email"] = f"borger{n}@example.dk"
                started = time.perf_counter()
                try:
                    answer = http.post(
                        f"{self.base}/api/v1/bookings", json=body, timeout=HTTP_TIMEOUT
                    )
                    status = answer.status_code
                    key = f"{status} {answer.json()['error']['code']}" if status >= 400 else "201"
                except requests.RequestException as err:
                    status, key = 0, type(err).__name__
                elapsed = (time.perf_counter() - started) * 1000
                with self.lock:
                    self.latencies.append(elapsed)
                    self.answers[key] += 1
                if status != 201:
                    self._close(slot)  # taken (or refused): this slot is done

    def run(self) -> float:
        threads = [threading.Thread(target=self.client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started


def double_bookings(database: Path | str) -> tuple[int, int, int]:
    """(confirmed bookings, overlapping appointments of one staff member, buffer overlaps)."""
    db = connect(database)
    try:
        total = db.execute("SELECT COUNT(*) FROM bookings WHERE status = 'confirmed'").fetchone()[0]
        pairs = """
            SELECT COUNT(*) FROM bookings a JOIN bookings b
              ON a.staff_id = b.staff_id AND a.id < b.id
             WHERE a.status = 'confirmed' AND b.status = 'confirmed'
               AND a.start_at < b.{end_b} AND b.start_at < a.{end_a}
        """
        overlaps = db.execute(pairs.format(end_a="end_at", end_b="end_at")).fetchone()[0]
        buffers = db.execute(pairs.format(end_a="block_end_at", end_b="block_end_at")).fetchone()[0]
    finally:
        db.close()
    return total, overlaps, buffers


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} ms, p99 {percentile(values, 99):.0f} ms"


def server_errors(answers: Counter[str]) -> int:
    """Answers that are the server's fault: a 5xx, or no answer at all."""
    return sum(n for key, n in answers.items() if not key[:1].isdigit() or key.startswith("5"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
    parser.add_argument(
        "--database", default=None, help="a PostgreSQL URL, or 'throwaway' (default: SQLite)"
    )
    args = parser.parse_args()
    workers = args.workers
    data = Path(tempfile.mkdtemp(prefix="enindgang-bench-booking-"))
    threads = os.environ.get("BENCH_THREADS", "16")
    cluster = pg_cluster.Cluster().start() if args.database == "throwaway" else None
    database: Path | str = data / "central" / "central.sqlite3"
    options: tuple[str, ...] = ()
    if args.database:
        database = cluster.database() if cluster else args.database
        options = ("--database", database)
    server = servers.central_demo(
        data / "central", data / "server.log", "--no-rate-limit", "--threads", threads,
        "--workers", str(workers), *options,
        # No generated year storing itself in the background while this measures.
        "--history-days", "0",
    )  # fmt: skip
    base = server.url
    print(
        f"starting enindgang central demo --no-rate-limit --workers {workers} on {base}"
        f" (data in {data}{', on PostgreSQL' if args.database else ''})",
        flush=True,
    )
    try:
        server.start()
        timings, count = availability(base)
        print(
            f"availability, {SERVICE}, 60 days, all 8 centres: {count} slots; {ms(timings)}"
            f" ({AVAILABILITY_RUNS} runs)",
            flush=True,
        )
        slots = rush_slots(base)
        print(f"booking rush: {CLIENTS} clients, {len(slots)} slots ...", flush=True)
        rush = Rush(base, slots)
        seconds = rush.run()
        booked = rush.answers["201"]
        total, overlaps, buffers = double_bookings(database)
        print(
            f"booking rush: {booked} bookings in {seconds:.1f} s"
            f" = {booked / seconds:.0f} bookings/s;"
            f" {sum(rush.answers.values())} requests, {ms(rush.latencies)}"
        )
        print("  answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(rush.answers.items())))
        errors = server_errors(rush.answers)
        print(
            f"  in the database: {total} confirmed bookings, double bookings: {overlaps},"
            f" buffer overlaps: {buffers}; server errors: {errors}"
        )
        after, count_after = availability(base)
        print(f"availability after the rush: {count_after} slots; {ms(after)}")
        return 0 if overlaps == 0 and total == booked and errors == 0 else 1
    finally:
        server.stop()
        if cluster is not None:
            cluster.stop()
        if os.environ.get("BENCH_KEEP_DATA"):
            print(f"data and server log kept in {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
