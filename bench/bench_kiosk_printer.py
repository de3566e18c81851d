"""Kiosk issue latency with a healthy, a slow (1 s per write) and a dead network printer.

The printer is the fake network printer from the tests (a TCP listener on 127.0.0.1); the
centre is the real server (`enindgang centre run`, gunicorn). Printing runs outside the
request, so the kiosk's p99 must not grow with the printer's trouble.

Run: .venv/bin/python bench/bench_kiosk_printer.py [--tickets 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import KIOSK_TOML, kiosk_session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kernel.catalogue import DEFAULT_CATALOGUE  # noqa: E402
from tests import servers  # noqa: E402
from tests.fake_printer import FakePrinter  # noqa: E402

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def write_config(folder: Path, printer_port: int) -> Path:
    # Tiny service times, so the closing-time rule never refuses a ticket in this run.
    catalogue = json.loads(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    for category in catalogue["categories"]:
        for service in category["services"]:
            service["service_minutes"] = 0.001
    (folder / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    hours = "".join(f'{day} = "00:00-24:00"\n' for day in DAYS)
    config = folder / "centre.toml"
    config.write_text(
        '[centre]\nid = "bench"\nname = "Borgerservice Bench"\ncatalogue = "catalogue.json"\n'
        f'data_dir = "data"\n[opening_hours]\n{hours}[counters]\n"1" = {{}}\n'
        f'[printer]\ntransport = "network"\nhost = "127.0.0.1"\nport = {printer_port}\n'
        "timeout_seconds = 3\n" + KIOSK_TOML,
        encoding="utf-8",
    )
    return config


def measure(mode: str, tickets: int) -> dict:
    printer = FakePrinter().start()
    printer.set_mode(mode)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = write_config(folder, printer.port)
        server = servers.centre_run(config, folder / "server.log", "--no-rate-limit")
        try:
            server.start()
            session = kiosk_session(server.url)
            url = f"{server.url}/api/v1/tickets"
            latencies, failures = [], 0
            for _ in range(tickets):
                body = {"service": "moving", "language": "da", "nonce": uuid.uuid4().hex}
                started = time.perf_counter()
                answer = session.post(url, json=body, timeout=10)
                latencies.append((time.perf_counter() - started) * 1000)
                failures += answer.status_code != 201
            spent = time.monotonic()
            if mode == "ok":  # how long the printer takes to catch up (not the kiosk's wait)
                printer.wait_for_jobs(tickets, timeout=120)
            drained = time.monotonic() - spent
            latencies.sort()
            return {
                "mode": mode,
                "n": tickets,
                "median": statistics.median(latencies),
                "p99": latencies[int(len(latencies) * 0.99) - 1],
                "max": latencies[-1],
                "non_201": failures,
                "printed": len(printer.jobs),
                "drain_s": drained,
            }
        finally:
            server.stop()
            printer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=300, help="tickets per printer state")
    tickets = parser.parse_args().tickets
    rows = [measure(mode, tickets) for mode in ("ok", "slow", "refuse")]
    names = {"ok": "healthy", "slow": "slow (1 s/write)", "refuse": "dead (refuses)"}
    print(f"kiosk issue latency, concurrency 1, {tickets} tickets per printer state (ms)")
    print(f"{'printer':<18} {'median':>8} {'p99':>8} {'max':>8} {'non-201':>8} {'printed':>8}")
    # "printed": tickets the fake printer received; for the healthy printer the run waits
    # until all are printed and says how long the spooler needed after the last ticket.
    for r in rows:
        print(
            f"{names[r['mode']]:<18} {r['median']:>8.1f} {r['p99']:>8.1f} {r['max']:>8.1f} "
            f"{r['non_201']:>8} {r['printed']:>8}"
        )
    print(f"healthy printer finished printing {rows[0]['drain_s']:.1f} s after the last ticket")


if __name__ == "__main__":
    main()
