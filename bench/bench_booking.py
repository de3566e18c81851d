"""Benchmark of the central booking service against its real server (`enindgang central demo`).

Run from the repository root: `.venv/bin/python bench/bench_booking.py`. It starts
`enindgang central demo --no-rate-limit` on a free loopback port with a fresh data directory,
then measures:

1. availability of one service (passport) over 60 days at all 8 centres: median and p99 ms;
2. a booking rush: N clients book concurrently from 2,000 free slots (centre + time) until
   every one of them answers "just taken"; each slot holds as many bookings as it has free
   passport staff. Bookings/s, p99 of the booking requests, and the double bookings found in
   the database afterwards (appointments of one staff member that overlap: must be 0);
3. the availability query again, now with the rush's bookings in the database.

The clients are asyncio tasks on one event loop (aiohttp), each with its own keep-alive
connection and no pause between requests, so the load generator leaves the two cores of this
machine to the server and the database as far as it can; the CPU each side used is printed.
A closed loop of N clients with no pause has, by Little's law, a mean latency of N divided by
the requests per second the server manages.

Options:
  --workers N        gunicorn worker processes (default 1);
  --database URL     that (empty) PostgreSQL database; `throwaway` starts a throwaway
                     cluster that flushes every commit to disk (as SQLite here does);
  --clients LIST     client counts, comma-separated, one rush each on a fresh database
                     (default BENCH_CLIENTS, 500);
  --compare          SQLite 1 worker, PostgreSQL 1 worker and PostgreSQL 2 workers side by
                     side (throwaway clusters), for each client count; a table at the end.
Environment: BENCH_SLOTS (2000), BENCH_AVAILABILITY_RUNS (30), BENCH_THREADS (server threads
per worker; central's default, 8), BENCH_KEEP_DATA=1 keeps the data directories and the server logs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import requests
from common import machine_busy_seconds, percentile, process_cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kernel.db import connect  # noqa: E402  (after the path is set)
from kernel.runtime_clock import process_clock  # noqa: E402
from tests import pg_cluster, servers  # noqa: E402

TZ = ZoneInfo("Europe/Copenhagen")
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


def tree_cpu_seconds(pid: int | None) -> float:
    """CPU seconds of a process and all its descendants, the reaped ones included."""
    if pid is None:
        return float("nan")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # Children that have ended count in their parent's cutime + cstime.
        total += (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    total += process_cpu_seconds(pid)
    return total + sum(tree_cpu_seconds(int(child)) for child in children)


@dataclass
class Rush:
    """`clients` tasks pick random slots still open and book them until none is left."""

    base: str
    slots: list[dict]
    clients: int
    latencies: list[float] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.open = list(self.slots)
        self.sequence = 0
        self.deadline = time.monotonic() + RUSH_DEADLINE_SECONDS

    def _next(self) -> tuple[dict, int] | None:
        if not self.open or time.monotonic() > self.deadline:
            return None
        self.sequence += 1
        return random.choice(self.open), self.sequence

    async def _client(self, http: aiohttp.ClientSession, start: asyncio.Event) -> None:
        await start.wait()
        while (picked := self._next()) is not None:
            slot, n = picked
            body = {"service": SERVICE, **slot, "name": f"Borger {n}"}
            body["email"] = f"borger{n}@example.dk"
            started = time.perf_counter()
            try:
                async with http.post(f"{self.base}/api/v1/bookings", json=body) as answer:
                    status = answer.status
                    if status >= 400:
                        key = f"{status} {(await answer.json())['error']['code']}"
                    else:
                        await answer.read()
                        key = "201"
            except (TimeoutError, aiohttp.ClientError, ValueError) as err:
                status, key = 0, type(err).__name__
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.answers[key] += 1
            if status != 201 and slot in self.open:
                self.open.remove(slot)  # taken (or refused): this slot is done

    async def _run(self) -> float:
        timeout = aiohttp.ClientTimeout(total=HTTP_TIMEOUT[1], connect=HTTP_TIMEOUT[0])
        # One connection per client, kept alive: a citizen's browser does not share one.
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
            start = asyncio.Event()
            tasks = [asyncio.create_task(self._client(http, start)) for _ in range(self.clients)]
            await asyncio.sleep(0)
            started = time.perf_counter()
            start.set()
            await asyncio.gather(*tasks)
            return time.perf_counter() - started

    def run(self) -> float:
        return asyncio.run(self._run())


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


def confirmations_sent_after(database: Path | str, deadline_seconds: float = 600) -> float:
    """Seconds until the outbox holds no unsent message (NaN if not within the deadline): the
    server sends the rush's confirmations beside the bookings, giving way to them."""
    started = time.monotonic()
    while time.monotonic() - started < deadline_seconds:
        db = connect(database)
        try:
            waiting = db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        finally:
            db.close()
        if waiting == 0:
            return time.monotonic() - started
        time.sleep(0.5)
    return float("nan")


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} ms, p99 {percentile(values, 99):.0f} ms"


def server_errors(answers: Counter[str]) -> int:
    """Answers that are the server's fault: a 5xx, or no answer at all."""
    return sum(n for key, n in answers.items() if not key[:1].isdigit() or key.startswith("5"))


@dataclass
class Result:
    """One rush on one setup, as a row of the table."""

    setup: str
    clients: int
    bookings_per_second: float
    requests_per_second: float
    median_ms: float
    p99_ms: float
    availability_p99_before: float
    availability_p99_soon: float
    availability_p99_after: float
    double_bookings: int
    server_errors: int
    cpu_ms: dict[str, float]
    ok: bool


def one_rush(setup: str, workers: int, database_url: str | None, clients: int) -> Result:
    """A fresh server (and database) for one rush of `clients` clients; its figures printed."""
    data = Path(tempfile.mkdtemp(prefix="enindgang-bench-booking-"))
    threads = os.environ.get("BENCH_THREADS")  # else central's own default
    cluster = pg_cluster.Cluster().start(durable=True) if database_url == "throwaway" else None
    database: Path | str = data / "central" / "central.sqlite3"
    options: tuple[str, ...] = ()
    if database_url:
        database = cluster.database() if cluster else database_url
        options = ("--database", str(database))
    if threads:
        options += ("--threads", threads)
    server = servers.central_demo(
        data / "central", data / "server.log", "--no-rate-limit",
        "--workers", str(workers), *options,
        # No generated year storing itself in the background while this measures.
        "--history-days", "0",
    )  # fmt: skip
    base = server.url
    print(f"\n== {setup}, {clients} clients: enindgang central demo on {base} (data in {data})")
    try:
        server.start()
        timings, count = availability(base)
        print(f"availability, {SERVICE}, 60 days, all 8 centres: {count} slots; {ms(timings)}")
        slots = rush_slots(base)
        print(f"booking rush: {clients} clients, {len(slots)} slots ...", flush=True)
        rush = Rush(base, slots, clients)
        db_pid = cluster.postmaster_pid() if cluster else None
        before = (tree_cpu_seconds(server.pid), tree_cpu_seconds(db_pid), time.process_time())
        machine0 = machine_busy_seconds()
        seconds = rush.run()
        machine = machine_busy_seconds() - machine0
        used = (tree_cpu_seconds(server.pid), tree_cpu_seconds(db_pid), time.process_time())
        booked = rush.answers["201"]
        requests_made = sum(rush.answers.values())
        total, overlaps, buffers = double_bookings(database)
        print(
            f"booking rush: {booked} bookings in {seconds:.1f} s"
            f" = {booked / seconds:.0f} bookings/s; {requests_made} requests"
            f" = {requests_made / seconds:.0f}/s, {ms(rush.latencies)}"
        )
        print("  answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(rush.answers.items())))
        errors = server_errors(rush.answers)
        print(
            f"  in the database: {total} confirmed bookings, double bookings: {overlaps},"
            f" buffer overlaps: {buffers}; server errors: {errors}"
        )
        cpu = {
            name: (after - first) * 1000 / max(requests_made, 1)
            for name, first, after in zip(
                ("server", "database", "client"), before, used, strict=True
            )
        }
        cpu["machine"] = machine * 1000 / max(requests_made, 1)
        print(
            "  CPU ms per request: "
            + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items() if v == v)
            + f" (the machine's 2 cores give {2000 * seconds / max(requests_made, 1):.2f})"
        )
        soon, count_after = availability(base)
        print(
            f"availability after the rush, while its confirmations go out: {count_after} slots;"
            f" {ms(soon)}"
        )
        drained = confirmations_sent_after(database)
        print(f"  every confirmation sent {drained:.0f} s after the rush (and that query) ended")
        after, count_after = availability(base)
        print(f"availability once they are out: {count_after} slots; {ms(after)}")
        return Result(
            setup,
            clients,
            booked / seconds,
            requests_made / seconds,
            statistics.median(rush.latencies),
            percentile(rush.latencies, 99),
            percentile(timings, 99),
            percentile(soon, 99),
            percentile(after, 99),
            overlaps,
            errors,
            cpu,
            overlaps == 0 and total == booked and errors == 0,
        )
    finally:
        server.stop()
        if cluster is not None:
            cluster.stop()
        if os.environ.get("BENCH_KEEP_DATA"):
            print(f"data and server log kept in {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


def table(results: list[Result]) -> str:
    lines = [
        "| setup | clients | bookings/s | requests/s | median ms | p99 ms | availability p99 ms"
        " before / just after / once confirmations are out | double bookings | server errors"
        " | server CPU ms/request |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.setup} | {r.clients} | {r.bookings_per_second:.0f} |"
            f" {r.requests_per_second:.0f} | {r.median_ms:.0f} | {r.p99_ms:.0f} |"
            f" {r.availability_p99_before:.0f} / {r.availability_p99_soon:.0f}"
            f" / {r.availability_p99_after:.0f} |"
            f" {r.double_bookings} | {r.server_errors} | {r.cpu_ms['server']:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
    parser.add_argument(
        "--database", default=None, help="a PostgreSQL URL, or 'throwaway' (default: SQLite)"
    )
    parser.add_argument(
        "--clients",
        default=os.environ.get("BENCH_CLIENTS", "500"),
        help="client counts, comma-separated (default 500)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="SQLite 1 worker, PostgreSQL 1 and 2 workers side by side",
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.clients.split(",")]
    if args.compare:
        setups = [
            ("SQLite, 1 worker", 1, None),
            ("PostgreSQL, 1 worker", 1, "throwaway"),
            ("PostgreSQL, 2 workers", 2, "throwaway"),
        ]
    else:
        kind = "PostgreSQL" if args.database else "SQLite"
        plural = "s" if args.workers > 1 else ""
        setups = [(f"{kind}, {args.workers} worker{plural}", args.workers, args.database)]
    results = [
        one_rush(name, workers, database, clients)
        for clients in counts
        for name, workers, database in setups
    ]
    print("\n" + table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
