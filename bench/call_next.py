"""Benchmark 3: one counter's call-next + finish with N tickets waiting (the queue held at N)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from common import HTTP_TIMEOUT, CpuMeter, Staff, error_key, median, percentile, process_cpu_seconds
from issuing import run_issue

# Cycles are timed in rounds; between rounds the queue is topped up to N again, untimed.
ROUND = 10
ROUNDS = 20
# Voiding takes at most this many tickets per request (centre/domain/void.py).
VOID_BATCH = 200
# The server is idle when its CPU grows by less than this over IDLE_WINDOW seconds.
IDLE_CPU_SECONDS = 0.015
IDLE_WINDOW = 0.3
IDLE_TIMEOUT = 180.0


@dataclass
class CallNextRun:
    """Call-next + finish cycles at one counter with `waiting` tickets in the queue."""

    waiting: int
    cycles: int = 0
    seconds: float = 0.0  # timed rounds only
    server_cpu: float = 0.0  # server worker CPU seconds in the timed rounds
    others_cpu: float = 0.0
    call_ms: list[float] = field(default_factory=list)
    finish_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    answers: list[dict] = field(default_factory=list)  # every issue answer (numbers check)

    @property
    def per_second(self) -> float:
        return self.cycles / self.seconds if self.seconds else 0.0

    @property
    def server_ms_per_cycle(self) -> float:
        return 1000 * self.server_cpu / self.cycles if self.cycles else math.nan

    @property
    def call_p99_ms(self) -> float:
        return percentile(self.call_ms, 99)

    @property
    def call_median_ms(self) -> float:
        return median(self.call_ms)


def wait_until_idle(server_pid: int | None) -> None:
    """Until the server stops working off earlier requests (printing receipts, pushes), so a
    timed round pays only for its own cycles."""
    if server_pid is None:
        time.sleep(1.0)
        return
    deadline = time.monotonic() + IDLE_TIMEOUT
    before = process_cpu_seconds(server_pid)
    while time.monotonic() < deadline:
        time.sleep(IDLE_WINDOW)
        now = process_cpu_seconds(server_pid)
        if now - before < IDLE_CPU_SECONDS:
            return
        before = now


def _waiting_ids(desk: Staff) -> list[str]:
    answer = desk.http.get(f"{desk.url}/api/v1/queue", timeout=HTTP_TIMEOUT)
    answer.raise_for_status()
    return [t["id"] for t in answer.json()["tickets"] if t["status"] == "waiting"]


def clear_queue(desk: Staff) -> int:
    """Void every waiting ticket (reception may), so the case starts from an empty queue."""
    ids = _waiting_ids(desk)
    for start in range(0, len(ids), VOID_BATCH):
        answer = desk.http.post(
            f"{desk.url}/api/v1/tickets/void",
            json={"tickets": ids[start : start + VOID_BATCH]},
            timeout=HTTP_TIMEOUT,
        )
        answer.raise_for_status()
    return len(ids)


def _top_up(url: str, service: str, count: int, run: CallNextRun) -> None:
    if count > 0:
        issued = run_issue(url, service, count, 4 if count >= 40 else 1)
        run.answers.extend(issued.answers)
        if issued.errors:
            run.errors["issue"] = run.errors.get("issue", 0) + issued.errors


def _cycle(staff: Staff, run: CallNextRun) -> bool:
    sent = time.perf_counter()
    called = staff.post("counter/call-next")
    run.call_ms.append((time.perf_counter() - sent) * 1000)
    if called.status_code != 200 or called.json()["ticket"] is None:
        key = f"call-next: {error_key(called)}" if called.status_code != 200 else "nobody waiting"
        run.errors[key] = run.errors.get(key, 0) + 1
        return False
    sent = time.perf_counter()
    finished = staff.post("counter/finish")
    run.finish_ms.append((time.perf_counter() - sent) * 1000)
    if finished.status_code != 200:
        key = f"finish: {error_key(finished)}"
        run.errors[key] = run.errors.get(key, 0) + 1
        return False
    return True


def run_call_next(
    url: str, service: str, waiting: int, server_pid: int | None, staff: Staff, queued: int
) -> CallNextRun:
    """Fill the queue to `waiting` (`queued` are there already), then ROUNDS x ROUND cycles,
    topping up between rounds so every call sees between waiting - ROUND and waiting."""
    run = CallNextRun(waiting)
    _top_up(url, service, waiting - queued, run)
    for _ in range(ROUNDS):
        wait_until_idle(server_pid)
        meter = CpuMeter(server_pid).start()
        started = time.perf_counter()
        done = 0
        for _ in range(ROUND):
            if not _cycle(staff, run):
                break
            done += 1
        run.seconds += time.perf_counter() - started
        meter.stop()
        run.server_cpu += meter.server
        run.others_cpu += meter.others
        run.cycles += done
        if done < ROUND:
            break
        _top_up(url, service, done, run)
    return run


def run_call_next_cases(
    url: str, service: str, sizes: tuple[int, ...], server_pid: int | None
) -> list[CallNextRun]:
    """Each size in turn at counter 1 (staff1), after reception1 voided what was waiting."""
    desk = Staff(url, "reception1", "")
    staff = Staff(url, "staff1", "1")
    try:
        clear_queue(desk)
        runs, queued = [], 0
        for size in sizes:
            run = run_call_next(url, service, size, server_pid, staff, queued)
            runs.append(run)
            queued = size
        return runs
    finally:
        desk.close()
        staff.close()


def describe(run: CallNextRun) -> str:
    errors = ", ".join(f"{k} x{v}" for k, v in run.errors.items()) or "none"
    return (
        f"  {run.waiting:>5} waiting: {run.cycles} cycles in {run.seconds:.1f} s = "
        f"{run.per_second:.0f} cycles/s; call-next median {median(run.call_ms):.1f} ms, "
        f"p99 {run.call_p99_ms:.1f} ms; server CPU {run.server_ms_per_cycle:.2f} ms per cycle "
        f"(other processes {run.others_cpu:.1f} s); errors: {errors}"
    )
