"""`enindgang demo`: two centres and the central service as separate processes, in step."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import requests

from tests.conftest import free_port, wait_for_port


def reachable(url: str) -> bool:
    return requests.get(f"{url}/api/v1/centre", timeout=5).json()["central"]["reachable"]


def wait_until(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.2)


def test_demo_runs_two_centres_and_central_with_todays_bookings_in_step(tmp_path):
    port = free_port()
    log = open(tmp_path / "demo.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "enindgang", "demo", "--port", str(port), "--data", str(tmp_path)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    first, second = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"
    central = f"http://127.0.0.1:{port + 10}"
    try:
        for each in (port, port + 1, port + 10):
            wait_for_port(each, timeout=40)
        wait_until(lambda: reachable(first) and reachable(second), timeout=30)
        ids = {requests.get(f"{url}/api/v1/centre").json()["id"] for url in (first, second)}
        assert ids == {"norrebro", "osterbro"}
        replica = sqlite3.connect(str(tmp_path / "norrebro.sqlite3"))
        wait_until(lambda: replica.execute("SELECT COUNT(*) FROM bookings_replica").fetchone()[0]
                   >= 5, timeout=10)  # fmt: skip
        replica.close()
        overview = requests.get(f"{central}/api/v1/overview", timeout=5).json()
        assert {c["id"] for c in overview["centres"]} >= {"norrebro", "osterbro"}
        output = (tmp_path / "demo.log").read_text()
        assert f":{port + 10}" in output and f":{port + 1}" in output
        assert "Demo appointments today" in output
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()
    # Stopping the demo stops its central service and second centre too.
    wait_until(lambda: not _listening(port + 10) and not _listening(port + 1), timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0
