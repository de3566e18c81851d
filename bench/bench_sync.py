"""Centre sync: booking at central -> centre replica latency, and catch-up after an outage.

Run: `.venv/bin/python bench/bench_sync.py [--bookings 30] [--visits-per-hour 1500]`.
Starts `enindgang central demo` and one centre (`enindgang centre run`, [central] every 3 s) on
free loopback ports in a temp dir, and stops both at the end. The outage stands for an hour of
busy traffic, played as fast as the centre takes it (we do not wait an hour).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import requests
from common import (
    HTTP_TIMEOUT,
    KIOSK_TOML,
    Staff,
    error_key,
    kiosk_session,
    median,
    percentile,
    ticket_body,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.security import generate_password_hash  # noqa: E402

from centre.store import staff as staff_store  # noqa: E402
from centre.store.db import init_db  # noqa: E402
from kernel.catalogue import Catalogue  # noqa: E402
from kernel.db import connect, write_transaction  # noqa: E402
from tests import servers  # noqa: E402

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# An hour of busy traffic at a big centre. We have no measured visit counts for Copenhagen's
# centres, so this is an assumption, chosen generously: a big centre with ~25 counters, each
# serving a visit of ~10 minutes (the catalogue's walk-in services take 6-15), manages about
# 25 x 6 = 150 visits an hour flat out. The default is ten times that; at ~5 events a visit
# (issued, printed, called, serving, finished) an hour's outage then leaves ~7,500 events.
VISITS_PER_HOUR = 1500
# Six counters play it, each with its own staff login: enough to interleave the way a
# centre's counters do; the events are the same whichever counter makes them.
COUNTERS = 6
NO_SHOW_SHARE = 0.08  # assumed too: called, called again, then marked no-show
BREAK_EVERY = 50  # visits a counter serves between two short breaks
MAX_BACKOFF_SECONDS = 5


def centre_config(tmp: Path, central_url: str, counters: int, max_backoff: float) -> Path:
    hours = "\n".join(f'{d} = "00:00-24:00"' for d in DAYS)
    tables = "\n".join(f"[counters.{n}]" for n in range(1, counters + 1))
    path = tmp / "norrebro.toml"
    path.write_text(
        f'[centre]\nid = "norrebro"\nname = "Nørrebro"\ndata_dir = "{tmp / "centre"}"\n\n'
        f'[opening_hours]\n{hours}\n\n{tables}\n\n[printer]\ntransport = "virtual"\n\n'
        f"{KIOSK_TOML}\n"
        f'[central]\nurl = "{central_url}"\nkey = "demo-norrebro-sync-key"\n'
        f"max_backoff_seconds = {max_backoff}\n"
    )
    db_path = tmp / "centre" / "norrebro.sqlite3"
    init_db(db_path)
    db = connect(db_path)
    password = generate_password_hash("demo")
    with write_transaction(db):
        for n in range(1, counters + 1):
            staff_store.insert(
                db, f"staff{n}", f"Bench {n}", "staff", password, datetime.now(UTC).isoformat()
            )
    db.close()
    return path


def query(path: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(str(path), timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def replica_latency(central: str, replica: Path, n: int) -> list[float]:
    slots = requests.get(
        f"{central}/api/v1/availability", params={"service": "health_card", "centre": "norrebro"}
    ).json()["slots"]
    seconds = []
    for i, slot in enumerate(slots[:n]):
        # At a random moment of the 3 s pull cycle, not just after a pull.
        time.sleep(random.uniform(0, 3))
        body = {
            "service": "health_card",
            "centre": "norrebro",
            "start": slot["start"],
            "name": "Bench",
            "email": f"bench{i}@example.dk",
        }
        answer = requests.post(f"{central}/api/v1/bookings", json=body, timeout=10)
        booked = time.monotonic()
        code = answer.json()["code"]
        while not query(replica, "SELECT 1 FROM bookings_replica WHERE code = ?", [code]):
            if time.monotonic() - booked > 30:
                raise SystemExit(f"{code} never reached the replica")
            time.sleep(0.01)
        seconds.append(time.monotonic() - booked)
    return seconds


def walk_in_services() -> list[str]:
    """What counter staff serve without an appointment (tax decisions need the tax office)."""
    return [
        s.id
        for s in Catalogue.load(None).services
        if "staff" in s.roles and not s.requires_appointment
    ]


def counter_hour(url: str, counter: int, visits: int, answers: Counter, lock) -> None:
    """One counter's share: each citizen takes a ticket at the kiosk, then is served or is a
    no-show; now and then a short break. Several counters run at once, as in a centre."""
    rng = random.Random(counter)
    services = walk_in_services()
    staff = Staff(url, f"staff{counter}", str(counter))
    kiosk = kiosk_session(url)

    def note(what: str, response: requests.Response) -> None:
        key = f"{what} {response.status_code}" if response.ok else f"{what} {error_key(response)}"
        with lock:
            answers[key] += 1

    try:
        for n in range(visits):
            ticket = kiosk.post(
                f"{url}/api/v1/tickets",
                json=ticket_body(rng.choice(services)),
                timeout=HTTP_TIMEOUT,
            )
            note("ticket", ticket)
            note("call-next", staff.post("counter/call-next"))
            no_show = rng.random() < NO_SHOW_SHARE
            for step in ("recall", "no-show") if no_show else ("start", "finish"):
                note(step, staff.post(f"counter/{step}"))
            if (n + 1) % BREAK_EVERY == 0:
                note("break", staff.post("counter/break"))
                note("resume", staff.post("counter/resume"))
    finally:
        staff.close()
        kiosk.close()


def busy_hour(url: str, visits: int, counters: int) -> Counter:
    """`visits` citizens over `counters` counters, as fast as the centre answers."""
    answers: Counter = Counter()
    lock = threading.Lock()
    shares = [visits // counters + (1 if n < visits % counters else 0) for n in range(counters)]
    threads = [
        threading.Thread(target=counter_hour, args=(url, n + 1, share, answers, lock))
        for n, share in enumerate(shares)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def uploaded(replica: Path) -> int:
    return query(replica, "SELECT last_uploaded_seq FROM sync_state")[0][0]


def wait_for_printouts(replica: Path, timeout: float = 60) -> None:
    """Printing writes its event after the kiosk answered: wait until every ticket has one."""
    sql = "SELECT SUM(type = 'ticket.issued'), SUM(type IN ('print.ok', 'print.failed'))"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        issued, printed = query(replica, f"{sql} FROM events")[0]
        if issued == printed:
            return
        time.sleep(0.05)
    raise SystemExit("the printouts never all wrote their events")


def catch_up(replica: Path, start_seq: int, last: int, back: float) -> tuple[float, int, float]:
    """(seconds until the first batch was confirmed, the seq confirmed then, seconds until all)."""
    first_at, first_seq = None, start_seq
    while True:
        seq, now = uploaded(replica), time.monotonic()
        if first_at is None and seq > start_seq:
            first_at, first_seq = now, seq
        if seq >= last:
            return first_at - back, first_seq, now - back
        if now - back > 600:
            raise SystemExit(f"not caught up after 600 s: {seq} of {last}")
        time.sleep(0.005)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=30)
    parser.add_argument(
        "--visits-per-hour",
        type=int,
        default=VISITS_PER_HOUR,
        help="citizens in the hour central is away (played as fast as the centre answers)",
    )
    parser.add_argument("--counters", type=int, default=COUNTERS)
    parser.add_argument("--max-backoff", type=float, default=MAX_BACKOFF_SECONDS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        # No generated year storing itself in the background while this measures.
        central = servers.central_demo(
            tmp / "central", tmp / "central.log", "--no-rate-limit", "--history-days", "0"
        )
        central_url = central.url
        config = centre_config(tmp, central_url, args.counters, args.max_backoff)
        centre = servers.centre_run(
            config, tmp / "centre.log", "--threads", "20", "--no-rate-limit"
        )
        centre_url = centre.url
        replica = tmp / "centre" / "norrebro.sqlite3"
        try:
            central.start()
            centre.start()
            time.sleep(4)  # the first pull
            latency = replica_latency(central_url, replica, args.bookings)
            print(
                f"booking at central -> centre replica ({len(latency)} bookings, pull every 3 s):"
                f" median {median(latency):.2f} s, p99 {percentile(latency, 99):.2f} s"
            )
            central.kill()
            start_seq = uploaded(replica)
            played = time.monotonic()
            answers = busy_hour(centre_url, args.visits_per_hour, args.counters)
            played = time.monotonic() - played
            wait_for_printouts(replica)
            last = query(replica, "SELECT MAX(seq) FROM events")[0][0]
            behind = last - start_seq
            kinds = query(
                replica,
                "SELECT type, COUNT(*) FROM events WHERE seq > ? GROUP BY type ORDER BY 2 DESC",
                [start_seq],
            )
            print(
                f"outage: central down for 'an hour' of {args.visits_per_hour} visits at"
                f" {args.counters} counters, played in {played:.1f} s"
            )
            print("  answers: " + ", ".join(f"{k} x{v}" for k, v in sorted(answers.items())))
            print(
                f"  events produced: {behind} ("
                + ", ".join(f"{kind} {count}" for kind, count in kinds)
                + ")"
            )
            central.start()  # on the same port and data
            back = time.monotonic()
            waited, first_seq, took = catch_up(replica, start_seq, last, back)
            upload = took - waited
            print(
                f"catch-up: {behind} events in {took:.2f} s after central was back"
                f" ({behind / took:.0f} events/s, including the wait for the next retry)"
            )
            print(
                f"  first retry reached central after {waited:.2f} s (back-off wait, then a pull"
                f" and the first batch of {first_seq - start_seq}; max_backoff_seconds ="
                f" {args.max_backoff:g} here, 60 by default)"
            )
            print(
                f"  pure upload after that: {last - first_seq} events in {upload:.2f} s"
                f" ({(last - first_seq) / max(upload, 1e-6):.0f} events/s)"
            )
        finally:
            centre.kill()
            central.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
