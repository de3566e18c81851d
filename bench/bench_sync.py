"""Centre sync: booking at central -> centre replica latency, and catch-up after an outage.

Run: `.venv/bin/python bench/bench_sync.py [--bookings 30] [--tickets 1000]`.
Starts `enindgang central demo` and one centre (`enindgang centre run`, [central] every 3 s) on
free loopback ports in a temp dir, and stops both at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from common import free_port, median, percentile, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.security import generate_password_hash  # noqa: E402

from centre.store import staff as staff_store  # noqa: E402
from centre.store.db import connect, init_db, write_transaction  # noqa: E402

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def start(command: list[str], port: int, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    wait_for_port(port)
    return proc


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def centre_config(tmp: Path, central_url: str) -> Path:
    hours = "\n".join(f'{d} = "00:00-24:00"' for d in DAYS)
    path = tmp / "norrebro.toml"
    path.write_text(
        f'[centre]\nid = "norrebro"\nname = "Nørrebro"\ndata_dir = "{tmp / "centre"}"\n\n'
        f'[opening_hours]\n{hours}\n\n[counters.1]\n\n[printer]\ntransport = "virtual"\n\n'
        f'[central]\nurl = "{central_url}"\nkey = "demo-norrebro-sync-key"\n'
        "max_backoff_seconds = 5\n"
    )
    db_path = tmp / "centre" / "norrebro.sqlite3"
    init_db(db_path)
    db = connect(db_path)
    with write_transaction(db):
        staff_store.insert(
            db,
            "staff1",
            "Bench",
            "staff",
            generate_password_hash("demo"),
            datetime.now(UTC).isoformat(),
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


def busy_traffic(centre: str, tickets: int) -> None:
    staff = requests.Session()
    token = staff.post(
        f"{centre}/api/v1/login",
        json={"username": "staff1", "password": "demo", "counter": "1"},
    ).json()["csrf_token"]
    staff.headers["X-CSRFToken"] = token
    kiosk = requests.Session()
    for _ in range(tickets):
        kiosk.post(f"{centre}/api/v1/tickets", json={"service": "health_card"}, timeout=10)
        staff.post(f"{centre}/api/v1/counter/call-next", timeout=10)
        staff.post(f"{centre}/api/v1/counter/finish", timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=30)
    parser.add_argument("--tickets", type=int, default=1000)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        central_port, centre_port = free_port(), free_port()
        central_url = f"http://127.0.0.1:{central_port}"
        central_cmd = [
            python, "-m", "centre.cli", "central", "demo", "--no-rate-limit",
            "--port", str(central_port), "--data", str(tmp / "central"),
        ]  # fmt: skip
        central = start(central_cmd, central_port, tmp / "central.log")
        config = centre_config(tmp, central_url)
        centre_cmd = [
            python, "-m", "centre.cli", "centre", "run", "--config", str(config),
            "--port", str(centre_port), "--threads", "20",
        ]  # fmt: skip
        centre = start(centre_cmd, centre_port, tmp / "centre.log")
        replica = tmp / "centre" / "norrebro.sqlite3"
        try:
            time.sleep(4)  # the first pull
            latency = replica_latency(central_url, replica, args.bookings)
            print(
                f"booking at central -> centre replica ({len(latency)} bookings, pull every 3 s):"
                f" median {median(latency):.2f} s, p99 {percentile(latency, 99):.2f} s"
            )
            kill(central)
            busy_traffic(f"http://127.0.0.1:{centre_port}", args.tickets)
            time.sleep(2)  # the last printouts write their events
            last = query(replica, "SELECT MAX(seq) FROM events")[0][0]
            behind = last - query(replica, "SELECT last_uploaded_seq FROM sync_state")[0][0]
            central = start(central_cmd, central_port, tmp / "central.log")
            back = time.monotonic()
            while query(replica, "SELECT last_uploaded_seq FROM sync_state")[0][0] < last:
                time.sleep(0.02)
            took = time.monotonic() - back
            print(
                f"catch-up after an outage: {behind} events in {took:.2f} s after central was"
                f" back ({behind / took:.0f} events/s, including the wait for the next retry)"
            )
        finally:
            kill(centre)
            kill(central)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
