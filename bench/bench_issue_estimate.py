"""What the live wait estimate adds to a ticket issue, on a busy centre (target: under 1 ms).

Run from the repository root: `.venv/bin/python bench/bench_issue_estimate.py`. No server:
a centre app on a fixed clock (a Tuesday at 11:00) over a fresh SQLite file in a temp dir,
filled as a busy morning: 60 tickets waiting over six walk-in services (some with priority,
some checked-in appointments), 8 counters staffed (7 by counter staff, 1 by a tax secondee; 6
of them mid-visit), 400 visits finished earlier today (the recent mean visits and the last
wait per service come from them), and a manager's weight. It then times, each 500 times:

1. the estimate alone: reading the live queue (`centre.domain.live_wait.read`) and running
   the chosen predictor on it for a new ticket (`live_wait.wait_for`), split into the two;
2. the whole kiosk issue (`centre.domain.tickets.issue_ticket`) with the estimate, and the
   same with the estimate left out (`tickets.issue_estimate`: the honest wait of the queue's
   length alone, as before; the issue still reads the queue's rows, which its counts now come
   from, so the difference is building the live queue and predicting), interleaved so both
   see the same machine; each issued ticket is deleted again (untimed), so every issue sees
   the same 60 waiting;
3. what a citizen sees before taking a number, per request: the services API's body
   (`centre.domain.overview.services_view`, every service's wait from the chosen predictor
   for a walk-in issued now, `centre.domain.service_waits`), and the waits of one push of the
   realtime hub (the figures, one live-queue read for every service, the per-service
   prediction), each beside the same without the per-service prediction (the queue-length
   figures alone, as before).

It prints median, p99 and max in milliseconds, the added cost of the estimate to a whole
issue (difference of the medians), and a verdict line that holds both CPU figures, the
estimate alone and the cost added to an issue, each "met" / "NOT met" against 1 ms.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# After the path is set:
from common import median, percentile  # noqa: E402

from centre.app import create_app  # noqa: E402
from centre.config import from_dict  # noqa: E402
from centre.core.chosen_wait import CHOSEN_PREDICTOR, shown_wait  # noqa: E402
from centre.domain import live_wait, overview, service_waits  # noqa: E402
from centre.domain import tickets as ticket_domain  # noqa: E402
from centre.domain.stats import service_figures  # noqa: E402
from centre.store import counters as counter_store  # noqa: E402
from centre.store import settings as settings_store  # noqa: E402
from centre.store import staff as staff_store  # noqa: E402
from centre.store import tickets as ticket_store  # noqa: E402
from kernel.clock import FixedClock, iso  # noqa: E402
from kernel.db import write_transaction  # noqa: E402

TARGET_MS = 1.0
RUNS = 500
WAITING = 60
COUNTERS = 8
FINISHED_TODAY = 400
CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=CPH)
WALK_INS = ("moving", "health_card", "pension", "housing", "digital_help", "tax_questions")
HOURS = {day: "08:00-18:00" for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}


def _ticket(n: int, service: str, arrived: datetime, status: str, **more) -> dict:
    return {
        "id": f"bench-{n}",
        "token": f"token-{n}",
        "day": NOW.date().isoformat(),
        "prefix": "B",
        "seq": n,
        "number": f"B{n:03d}",
        "service": service,
        "status": status,
        "priority": 0,
        "language": "da",
        "source": "kiosk",
        "created_at": iso(arrived),
        "arrived_at": iso(arrived),
        "call_count": 0,
        **more,
    }


def busy_centre(data_dir: Path):
    """The app and its connection, filled as a busy Tuesday at 11:00."""
    raw = {
        "centre": {"id": "bench", "name": "Bench"},
        "opening_hours": HOURS,
        "counters": {str(n): {} for n in range(1, COUNTERS + 1)},
        "printer": {"transport": "virtual"},
    }
    app = create_app(from_dict(raw, data_dir, data_dir / "var"), FixedClock(NOW), testing=True)
    ext = app.extensions["enindgang"]
    db = ext["pool"].get()
    rng = random.Random(12)
    with write_transaction(db):
        n = 0
        for done in range(FINISHED_TODAY):
            n += 1
            arrived = NOW - timedelta(minutes=180 - done * 0.4)
            called = arrived + timedelta(minutes=rng.uniform(2, 30))
            finished = called + timedelta(minutes=rng.uniform(4, 15))
            ticket_store.insert(
                db,
                _ticket(
                    n,
                    rng.choice(WALK_INS),
                    arrived,
                    "done",
                    called_at=iso(called),
                    first_called_at=iso(called),
                    started_at=iso(called),
                    finished_at=iso(min(finished, NOW)),
                ),
            )
        for waiting in range(WAITING):
            n += 1
            arrived = NOW - timedelta(minutes=WAITING - waiting)
            more = {"priority": 1} if waiting % 15 == 0 else {}
            if waiting % 10 == 5:
                more = {"appointment_at": iso(NOW + timedelta(minutes=waiting % 30))}
            ticket_store.insert(db, _ticket(n, rng.choice(WALK_INS), arrived, "waiting", **more))
        for counter in range(1, COUNTERS + 1):
            role = "tax" if counter == COUNTERS else "staff"
            username = f"{role}{counter}"
            staff_store.insert(db, username, username, role, "x", iso(NOW))
            ticket_id = None
            if counter <= 6:
                n += 1
                since = NOW - timedelta(minutes=counter)
                ticket_id = f"bench-{n}"
                service = "tax_questions" if role == "tax" else rng.choice(WALK_INS[:-1])
                ticket_store.insert(
                    db,
                    _ticket(
                        n,
                        service,
                        since - timedelta(minutes=20),
                        "serving",
                        called_at=iso(since),
                        first_called_at=iso(since),
                        started_at=iso(since),
                        counter=str(counter),
                        staff=username,
                    ),
                )
            counter_store.update(
                db,
                str(counter),
                state="open",
                staff=username,
                since=iso(NOW - timedelta(hours=2)),
                ticket_id=ticket_id,
            )
        settings_store.set_weight(db, "pension", 1.5)
    return ext["context"], db


def timed(step: Callable[[], object], cpu: list[float]) -> float:
    """Wall-clock milliseconds of one call; its CPU milliseconds appended to `cpu` (on a
    machine shared with other work the CPU time is the steadier figure)."""
    started, started_cpu = time.perf_counter(), time.thread_time()
    step()
    cpu.append((time.thread_time() - started_cpu) * 1000)
    return (time.perf_counter() - started) * 1000


def line(name: str, times: list[float], cpu: list[float]) -> str:
    return (
        f"  {name:<36} wall median {median(times):.3f} ms, p99 {percentile(times, 99):.3f} ms"
        f", max {max(times):.3f} ms; CPU median {median(cpu):.3f} ms"
    )


def forget(db, ticket_id: str) -> None:
    """Undo one timed issue, so the next sees the same queue."""
    with write_transaction(db):
        db.execute("DELETE FROM events WHERE ticket_id = ?", [ticket_id])
        db.execute("DELETE FROM tickets WHERE id = ?", [ticket_id])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ctx, db = busy_centre(Path(tmp))
        new = _ticket(9999, "moving", NOW, "waiting")
        queue = live_wait.read(ctx, db, ("moving",))
        # The machine as it was: these are CPU-bound microseconds, slowed by whatever else runs.
        reference = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"machine: load average {load} on {os.cpu_count()} CPUs; sum(range(1000)) takes "
            f"{reference:.1f} us (compare runs by it)"
        )
        print(
            f"busy centre: {len(queue.waiting)} waiting, {len(queue.counters)} counters open, "
            f"{FINISHED_TODAY} visits finished today; chosen predictor {CHOSEN_PREDICTOR}; "
            f"the new moving ticket is shown {live_wait.wait_for(ctx, db, new).range} min"
        )
        cpu: dict[str, list[float]] = {
            k: []
            for k in (
                "read",
                "predict",
                "estimate",
                "with",
                "without",
                "api",
                "api_before",
                "push",
                "push_before",
            )
        }
        reads = [
            timed(lambda: live_wait.read(ctx, db, ("moving",)), cpu["read"]) for _ in range(RUNS)
        ]
        state = queue.state_for(live_wait.candidate(new))
        predicts = [timed(lambda: shown_wait(state), cpu["predict"]) for _ in range(RUNS)]
        estimates = [
            timed(lambda: live_wait.wait_for(ctx, db, new), cpu["estimate"]) for _ in range(RUNS)
        ]

        with_estimate: list[float] = []
        without: list[float] = []
        real = ticket_domain.issue_estimate

        def issue(kind: str) -> float:
            issued: list[str] = []
            spent = timed(
                lambda: issued.append(ticket_domain.issue_ticket(ctx, db, "moving").ticket["id"]),
                cpu[kind],
            )
            forget(db, issued[0])
            return spent

        for _ in range(RUNS):
            ticket_domain.issue_estimate = real
            with_estimate.append(issue("with"))
            # As before the estimate: the queue's length alone, no range kept.
            ticket_domain.issue_estimate = lambda ctx, db, ticket, honest, *rest: (honest, None)
            without.append(issue("without"))
        ticket_domain.issue_estimate = real

        every = [s.id for s in ctx.catalogue.services]

        def push_waits() -> None:
            figures = service_figures(ctx, db)
            live = live_wait.read(ctx, db, every)
            service_waits.service_waits(ctx, db, figures, live)

        def push_before() -> None:
            # The hub as before: the queue-length figures of every service.
            figures = service_figures(ctx, db)
            [(f.estimated_wait_minutes, f.wait_note) for f in figures.values()]

        real_waits = overview.service_waits

        def before_waits(ctx, db, figures, live=None):
            return {
                s: service_waits.ServiceWait(f.estimated_wait_minutes, None, f.wait_note)
                for s, f in figures.items()
            }

        api, api_before, push, pushed_before = [], [], [], []
        for _ in range(RUNS):
            overview.service_waits = real_waits
            api.append(timed(lambda: overview.services_view(ctx, db, "da"), cpu["api"]))
            overview.service_waits = before_waits
            api_before.append(
                timed(lambda: overview.services_view(ctx, db, "da"), cpu["api_before"])
            )
            push.append(timed(push_waits, cpu["push"]))
            pushed_before.append(timed(push_before, cpu["push_before"]))
        overview.service_waits = real_waits

        print(f"\n{RUNS} runs each (milliseconds)")
        print(line("read the live queue", reads, cpu["read"]))
        print(line(f"run {CHOSEN_PREDICTOR}, round the range", predicts, cpu["predict"]))
        print(line("the estimate (read + predict)", estimates, cpu["estimate"]))
        print(line("whole kiosk issue with the estimate", with_estimate, cpu["with"]))
        print(line("whole kiosk issue without it", without, cpu["without"]))
        services = len(every)
        print(line(f"services API body ({services} services)", api, cpu["api"]))
        print(line("services API body, queue length only", api_before, cpu["api_before"]))
        print(line("one push's waits (figures+read+predict)", push, cpu["push"]))
        print(line("one push's waits, queue length only", pushed_before, cpu["push_before"]))
        print(
            f"\nper services request the per-service prediction adds "
            f"{median(cpu['api']) - median(cpu['api_before']):.3f} ms CPU, per push "
            f"{median(cpu['push']) - median(cpu['push_before']):.3f} ms CPU"
        )
        added = median(with_estimate) - median(without)
        added_cpu = median(cpu["with"]) - median(cpu["without"])
        alone_cpu = median(cpu["estimate"])
        print(
            f"\nadded to a ticket issue (difference of the medians): {added:.3f} ms wall-clock, "
            f"{added_cpu:.3f} ms CPU; the estimate alone {median(estimates):.3f} ms wall, "
            f"{alone_cpu:.3f} ms CPU"
        )
        print(
            f"verdict (CPU medians, target under {TARGET_MS:.0f} ms each): the estimate alone "
            f"{alone_cpu:.3f} ms -> {verdict(alone_cpu)}; added to a ticket issue "
            f"{added_cpu:.3f} ms -> {verdict(added_cpu)}"
        )


def verdict(ms: float) -> str:
    return "met" if ms < TARGET_MS else "NOT met"


if __name__ == "__main__":
    main()
