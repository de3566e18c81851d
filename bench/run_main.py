"""Runs bench/main.py against a fresh bench centre, started and stopped by the test harness.

The bench centre is the demo centre (open 00:00-24:00, counters 1-6, virtual printer, kiosks
pair by opening /kiosk) with one change: every service takes 0.06 s by the catalogue, so the
kiosk's closing-time rule (estimated wait must end before closing) never refuses the thousands
of tickets issued here. It runs with `--no-rate-limit` in a temp folder, deleted afterwards
unless BENCH_KEEP_DATA=1; bench/main.py is stopped after BENCH_TIMEOUT_SECONDS (600).

Run: `.venv/bin/python bench/run_main.py` (bench/run does, with the clock set to 10:00).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kernel.catalogue import DEFAULT_CATALOGUE  # noqa: E402  (after the path is set)
from tests import servers  # noqa: E402

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def write_config(work: Path) -> Path:
    data = json.loads(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    for category in data["categories"]:
        for service in category["services"]:
            service["service_minutes"] = 0.001
    (work / "catalogue.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    config = work / "centre.toml"
    config.write_text(
        '[centre]\nid = "demo"\nname = "Borgerservice Bench"\ncatalogue = "catalogue.json"\n'
        "[opening_hours]\n" + "".join(f'{d} = "00:00-24:00"\n' for d in DAYS)
        + "[counters]\n" + "".join(f'"{n}" = {{}}\n' for n in range(1, 7))
        + '[printer]\ntransport = "virtual"\n'
        # Kiosks pair by opening /kiosk, as in the demo (the server runs with --no-rate-limit).
        + "[kiosk]\nauto_pair = true\n",
        encoding="utf-8",
    )  # fmt: skip
    return config


def run(work: Path, timeout: float) -> int:
    data, log = work / "data", work / "server.log"
    config = write_config(work)
    # Reception voids the waiting queue before the call-next case (bench/call_next.py).
    for username, name, role in [
        ("staff1", "Bench Staff", "staff"),
        ("reception1", "Bench Reception", "reception"),
    ]:
        subprocess.run(
            servers.enindgang("centre", "add-staff", "--config", str(config), "--data", str(data))
            + ["--username", username, "--name", name, "--role", role, "--password", "demo"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    server = servers.centre_run(config, log, "--data", str(data), "--no-rate-limit")
    print(f"starting: {' '.join(server.command)} (log: {log})", flush=True)
    try:
        server.start()
    except servers.ServerFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    try:
        bench = [sys.executable, str(ROOT / "bench" / "main.py"), "--url", server.url]
        bench += ["--server-pid", str(server.pid), "--server-log", str(log)]
        try:
            return subprocess.run(bench, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            print(f"benchmarks did not finish within {timeout:.0f} s; stopped", file=sys.stderr)
            return 124
    finally:
        server.stop()
        print("server stopped", flush=True)


def main() -> int:
    timeout = float(os.environ.get("BENCH_TIMEOUT_SECONDS", "600"))
    work = Path(tempfile.mkdtemp(prefix="enindgang-bench."))
    try:
        return run(work, timeout)
    finally:
        if os.environ.get("BENCH_KEEP_DATA") == "1":
            print(f"kept data and server log in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
