"""Benchmark 1: issuing tickets through POST /api/v1/tickets, like kiosks, at a concurrency."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
from common import (
    HTTP_TIMEOUT,
    CpuMeter,
    error_key,
    kiosk_session,
    median,
    percentile,
    ticket_body,
)


@dataclass
class IssueRun:
    """What one run of `count` ticket requests at `concurrency` measured."""

    concurrency: int
    count: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)  # "201", "409 closing_soon", ...
    answers: list[dict] = field(default_factory=list)  # JSON of every 200/201 answer
    cpu: CpuMeter | None = None

    @property
    def created(self) -> int:
        return self.outcomes.get("201", 0)

    @property
    def errors(self) -> int:
        return self.count - self.created

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return median(self.latencies_ms)

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 99)

    @property
    def max_ms(self) -> float:
        return max(self.latencies_ms, default=float("nan"))


def _issue_one(http: requests.Session, url: str, service: str) -> tuple[str, float, dict | None]:
    body = ticket_body(service)
    started = time.perf_counter()
    try:
        answer = http.post(f"{url}/api/v1/tickets", json=body, timeout=HTTP_TIMEOUT)
    except requests.RequestException as err:
        return f"exception {type(err).__name__}", (time.perf_counter() - started) * 1000, None
    elapsed_ms = (time.perf_counter() - started) * 1000
    if answer.status_code in (200, 201):
        return str(answer.status_code), elapsed_ms, answer.json()
    return error_key(answer), elapsed_ms, None


def run_issue(
    url: str, service: str, count: int, concurrency: int, server_pid: int | None = None
) -> IssueRun:
    """`count` requests shared by `concurrency` threads, each with its own keep-alive session."""
    run = IssueRun(concurrency, count)
    lock = threading.Lock()
    taken = 0
    ready = threading.Barrier(concurrency + 1)

    def take() -> bool:
        nonlocal taken
        with lock:
            if taken >= count:
                return False
            taken += 1
            return True

    def worker() -> None:
        results = []
        with kiosk_session(url) as http:
            ready.wait()
            while take():
                results.append(_issue_one(http, url, service))
        with lock:
            for outcome, ms, answer in results:
                run.outcomes[outcome] += 1
                run.latencies_ms.append(ms)
                if answer is not None:
                    run.answers.append(answer)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    run.cpu = CpuMeter(server_pid).start()
    started = time.perf_counter()
    ready.wait()
    for thread in threads:
        # Bounded: every request has a timeout, so a thread ends within count x timeout at worst.
        thread.join(timeout=600)
    run.seconds = time.perf_counter() - started
    run.cpu.stop()
    return run
