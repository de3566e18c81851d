"""Benchmark 2: from a counter's call-next answer to `ticket_called` on each waiting-room screen."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field

import requests
import socketio
from common import CpuMeter, Staff, error_key, median, percentile

# How long to wait for every screen to show one call before counting it as missed.
EVENT_TIMEOUT_SECONDS = 5.0


class Screen:
    """One waiting-room display: a Socket.IO client on /display over WebSocket."""

    def __init__(self, url: str, arrived: threading.Condition) -> None:
        self.url = url
        self.arrived = arrived
        self.calls: dict[str, float] = {}  # number -> perf_counter when first received
        self.repeats = 0  # the same number announced again (recall); none expected here
        self.has_state = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("ticket_called", self._on_called, namespace="/display")
        self.client.on("state", self._on_state, namespace="/display")

    def _on_called(self, data: dict) -> None:
        now = time.perf_counter()  # first thing: the lock below is not part of the latency
        with self.arrived:
            if data.get("number") in self.calls:
                self.repeats += 1
            else:
                self.calls[data.get("number")] = now
            self.arrived.notify_all()

    def _on_state(self, data: dict) -> None:
        self.has_state.set()

    def connect(self) -> None:
        self.client.connect(
            self.url, namespaces=["/display"], transports=["websocket"], wait_timeout=10
        )
        if not self.has_state.wait(10):
            raise RuntimeError("display connected but got no state snapshot")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already gone: nothing to clean up
            self.client.disconnect()


@dataclass
class DisplayRun:
    """Latencies of calls to screens, matched by ticket number."""

    screens: int
    cycles: int
    completed: int = 0
    seconds: float = 0.0
    call_ms: list[float] = field(default_factory=list)  # call-next HTTP round trip
    finish_ms: list[float] = field(default_factory=list)
    from_answer_ms: list[float] = field(default_factory=list)  # per (call, screen)
    from_request_ms: list[float] = field(default_factory=list)  # per (call, screen)
    missed: int = 0  # (call, screen) pairs with no event within EVENT_TIMEOUT_SECONDS
    before_answer: int = 0  # events that reached the screen before the HTTP answer
    stray: int = 0  # events for numbers this benchmark did not call
    repeats: int = 0
    http_errors: dict[str, int] = field(default_factory=dict)
    stopped_because: str | None = None
    cpu: CpuMeter | None = None

    @property
    def pairs(self) -> int:
        return len(self.from_answer_ms)

    def stats(self, values: list[float]) -> tuple[float, float, float]:
        return median(values), percentile(values, 99), max(values, default=float("nan"))


def _note_error(run: DisplayRun, what: str, answer: requests.Response) -> None:
    key = f"{what}: {error_key(answer)}"
    run.http_errors[key] = run.http_errors.get(key, 0) + 1


def run_display_latency(
    url: str, screens: int, cycles: int, server_pid: int | None = None
) -> DisplayRun:
    """`cycles` times: call-next, wait for every screen to get that number, then finish."""
    run = DisplayRun(screens, cycles)
    arrived = threading.Condition()
    clients = [Screen(url, arrived) for _ in range(screens)]
    staff = Staff(url, "staff1", "1")
    called: set[str] = set()
    try:
        for screen in clients:
            screen.connect()
        run.cpu = CpuMeter(server_pid).start()
        started = time.perf_counter()
        for _ in range(cycles):
            sent = time.perf_counter()
            answer = staff.post("counter/call-next")
            answered = time.perf_counter()
            if answer.status_code != 200:
                _note_error(run, "call-next", answer)
                run.stopped_because = f"call-next answered {error_key(answer)}"
                break
            ticket = answer.json()["ticket"]
            if ticket is None:
                run.stopped_because = "nobody left waiting"
                break
            number = ticket["number"]
            called.add(number)
            run.call_ms.append((answered - sent) * 1000)
            with arrived:
                arrived.wait_for(
                    lambda n=number: all(n in s.calls for s in clients),
                    timeout=EVENT_TIMEOUT_SECONDS,
                )
                seen = [s.calls.get(number) for s in clients]
            for at in seen:
                if at is None:
                    run.missed += 1
                    continue
                run.from_answer_ms.append((at - answered) * 1000)
                run.from_request_ms.append((at - sent) * 1000)
                run.before_answer += at < answered
            finish_sent = time.perf_counter()
            finished = staff.post("counter/finish")
            run.finish_ms.append((time.perf_counter() - finish_sent) * 1000)
            if finished.status_code != 200:
                _note_error(run, "finish", finished)
                run.stopped_because = f"finish answered {error_key(finished)}"
                break
            run.completed += 1
        run.seconds = time.perf_counter() - started
        run.cpu.stop()
        time.sleep(0.2)  # late strays, if any, still count
        with arrived:
            run.stray = sum(len(set(s.calls) - called) for s in clients)
            run.repeats = sum(s.repeats for s in clients)
    finally:
        for screen in clients:
            screen.close()
        staff.close()
    return run
