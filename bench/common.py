"""Shared helpers for the benchmarks: percentiles, HTTP sessions, CPU readings, table lines."""

from __future__ import annotations

import math
import os
import statistics
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import requests

# (connect, read) seconds: a stuck server must end the benchmark, not hang it.
HTTP_TIMEOUT = (5, 30)
# Bench centres pair a browser that opens /kiosk by themselves (as the demo does) and run with
# `--no-rate-limit`: a benchmark takes far more tickets a minute than a person at a kiosk.
KIOSK_TOML = "[kiosk]\nauto_pair = true\n"


def kiosk_session(url: str) -> requests.Session:
    """A keep-alive session the bench centre has paired as a kiosk (its cookie kept)."""
    session = requests.Session()
    answer = session.get(f"{url}/kiosk", timeout=HTTP_TIMEOUT)
    if answer.status_code != 200 or "enindgang_kiosk" not in session.cookies:
        raise RuntimeError(f"the centre did not pair this kiosk: {answer.status_code}")
    return session


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p99 of 2,000 values is the 1,980th smallest)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def fmt(value: float, digits: int = 1) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def ticket_body(service: str) -> dict:
    return {"service": service, "language": "da", "nonce": str(uuid.uuid4())}


def error_key(response: requests.Response) -> str:
    """'409 closing_soon' style label for a non-2xx answer."""
    try:
        code = response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = "?"
    return f"{response.status_code} {code}"


class Staff:
    """A logged-in staff session at a counter, sending the CSRF token on every POST."""

    def __init__(self, url: str, username: str, counter: str, password: str = "demo") -> None:
        self.url = url
        self.http = requests.Session()
        answer = self.http.post(
            f"{url}/api/v1/login",
            json={"username": username, "password": password, "counter": counter},
            timeout=HTTP_TIMEOUT,
        )
        answer.raise_for_status()
        self.http.headers["X-CSRFToken"] = answer.json()["csrf_token"]

    def post(self, path: str) -> requests.Response:
        return self.http.post(f"{self.url}/api/v1/{path}", json={}, timeout=HTTP_TIMEOUT)

    def close(self) -> None:
        self.http.close()


def worker_pid(master_pid: int | None) -> int | None:
    """The gunicorn worker (the one process that serves everything) under the master."""
    if not master_pid:
        return None
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def process_cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds a process has used so far (NaN if unknown)."""
    if pid is None:
        return math.nan
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used (every core, not idle or iowait)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return math.nan
    # user nice system idle iowait irq softirq steal (guest time is already in user)
    busy = fields[0] + fields[1] + fields[2] + sum(fields[5:8])
    return busy / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f}"


@dataclass
class CpuMeter:
    """CPU used between start() and stop() by the server worker, by this client process, and
    by everything else on the machine (other work makes the figures noisy)."""

    server_pid: int | None
    server: float = math.nan
    client: float = math.nan
    others: float = math.nan

    def start(self) -> CpuMeter:
        self._server0 = process_cpu_seconds(self.server_pid)
        self._client0 = time.process_time()
        self._machine0 = machine_busy_seconds()
        return self

    def stop(self) -> CpuMeter:
        self.server = process_cpu_seconds(self.server_pid) - self._server0
        self.client = time.process_time() - self._client0
        machine = machine_busy_seconds() - self._machine0
        self.others = max(0.0, machine - self.server - self.client)
        return self

    def describe(self) -> str:
        return (
            f"CPU s: server worker {self.server:.1f}, this client {self.client:.1f}, "
            f"other processes {self.others:.1f}"
        )
