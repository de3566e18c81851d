"""The annual report on a year of visits: how long `central report` takes (HTML and PDF), and
each report grouping over the year through central's report API.

Run: `.venv/bin/python bench/bench_annual_report.py [--facts 400000] [--centres 8] [--rounds 5]`.
Fills a central database in a temp dir with a year (2026) of made-up visit facts, then times
the annual report end to end and GET /api/v1/reports/visits?period=year for every grouping
(through Flask's test client: the store query, the sums, the labels and the JSON, not the
network). Exit status 0 means it ran; a slow figure prints "NOT met". The facts come from
`year_of_facts` below, a simple stand-in: the demo's history generator is not on main yet.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import fmt, percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from booking import annual_output  # noqa: E402
from booking.app import create_app  # noqa: E402
from booking.config import BookingConfig, CentreSeed  # noqa: E402
from booking.domain.accounts import add_account  # noqa: E402
from kernel import visit_store  # noqa: E402
from kernel.catalogue import Catalogue  # noqa: E402
from kernel.clock import FixedClock  # noqa: E402
from kernel.db import write_transaction  # noqa: E402
from kernel.reports import GROUPS  # noqa: E402

YEAR = 2026
TARGET_REPORT_SECONDS = 30
TARGET_GROUPING_P95_SECONDS = 2
# Made-up shares, only to spread the facts over every column the report reads.
CHANNELS = (("kiosk", 0.6), ("appointment", 0.25), ("reception", 0.1), ("phone", 0.05))
STATUSES = (("served", 0.9), ("no_show", 0.05), ("voided", 0.02), ("missed", 0.03))
OUTCOMES = (("resolved", 0.8), ("handed_over", 0.1), ("referred", 0.05), ("come_back", 0.05))
PASSWORD = "bench-password"


def pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def working_days(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def year_of_facts(count: int, centres: list[str], seed: int = 11):
    """(centre, fact) pairs spread evenly over the year's weekdays and the centres."""
    rng = random.Random(seed)
    services = Catalogue.load().services
    days = working_days(YEAR)
    for n in range(count):
        day = days[n * len(days) // count]
        service = rng.choice(services)
        task = service.main_task
        status = pick(rng, STATUSES)
        served = status == "served"
        outcome = pick(rng, OUTCOMES) if served else None
        hour = rng.randint(9, 16)
        yield (
            centres[n % len(centres)],
            {
                "id": f"b{n}",
                "at": f"{day.isoformat()}T{hour - 1:02d}:{rng.randint(0, 59):02d}:00+00:00",
                "day": day.isoformat(),
                "hour": hour,
                "weekday": day.weekday(),
                "service": service.id,
                "channel": "appointment" if status == "missed" else pick(rng, CHANNELS),
                "status": status,
                "outcome": outcome,
                "handed_to": "FAF" if outcome == "handed_over" else None,
                "task": task.id,
                "administration": task.administration,
                "level": task.level,
                "tasks": [task.id],
                "wait_seconds": None if status == "missed" else int(rng.expovariate(1 / 600)),
                "service_seconds": rng.randint(120, 1200) if served else None,
            },
        )


def fill(app, count: int, centres: list[str]) -> float:
    started = time.perf_counter()
    db = app.extensions["enindgang"]["pool"].get()
    batch: dict[str, list[dict]] = {c: [] for c in centres}
    for centre, fact in year_of_facts(count, centres):
        batch[centre].append(fact)
    with write_transaction(db):
        for centre, facts in batch.items():
            visit_store.add_many(db, centre, facts)
    return time.perf_counter() - started


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
    parser.add_argument("--facts", type=int, default=400_000)
    parser.add_argument("--centres", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5, help="times each grouping is asked")
    args = parser.parse_args()
    centres = [f"centre{n + 1}" for n in range(args.centres)]
    with tempfile.TemporaryDirectory(prefix="bench-annual-") as tmp:
        config = BookingConfig(
            data_dir=Path(tmp) / "central",
            centres=[CentreSeed(c, f"Borgerservice {n + 1}") for n, c in enumerate(centres)],
            rate_limit=None,
            secret_key="bench-secret",
        )
        app = create_app(config, clock=FixedClock(datetime(YEAR, 12, 31, 12, tzinfo=UTC)))
        filled = fill(app, args.facts, centres)
        print(f"filled {args.facts:,} facts for {len(centres)} centres in {filled:.1f} s")
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
