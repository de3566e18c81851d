"""Printing outside the request: one worker, a deadline per job, one retry, a status poll."""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hardware.errors import OFFLINE, PAPER_OUT, RESET, TIMEOUT, PrinterError, as_printer_error

log = logging.getLogger(__name__)

# Connection-level failures worth one more try on a fresh connection.
RETRY_CODES = frozenset({OFFLINE, RESET})
# The least time a job gets, even when it waited behind a printer in trouble.
MIN_BUDGET = 0.3
# A transport that keeps to its own deadline reports back within this much after it.
GRACE = 0.2
# After a failure, look at the printer again this soon (it may be back).
RECHECK_SECONDS = 3.0

_POLL = object()
_STOP = object()


@dataclass(frozen=True)
class PrintJob:
    ticket_id: str
    name: str  # file name / job label, e.g. the ticket number
    render: Callable[[], bytes]
    reprint: bool = False
    submitted: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    error: str | None  # offline, timeout, paper_out, reset (or render when the layout failed)
    detail: str
    attempts: int
    seconds: float


ResultCallback = Callable[[PrintJob, PrintOutcome], None]
StateCallback = Callable[[dict[str, Any]], None]


def printer_state(online: bool, paper: str, error: str | None = None) -> dict[str, Any]:
    """The state staff see: {"online", "paper": ok|low|out|unknown, "error": code|None}."""
    if paper == "out":
        error = PAPER_OUT
    elif online:
        error = None
    else:
        error = error or OFFLINE
    return {"online": online, "paper": paper, "error": error}


class PrintSpooler:
    """Takes jobs at once; one worker thread prints them and reports outcomes and state.

    `submit()` only queues, so a dead printer never blocks the kiosk. The worker gives every
    job a deadline (`timeout` seconds); a printer that stalls past it is abandoned and the next
    job goes on. A job that failed on a dead or reset connection is tried once more on a fresh
    one. When no job has asked the printer for a while, the worker polls its status (every
    `poll_interval` seconds; never for the virtual printer) and reports each change of state
    through `on_state`, so staff see "paper low / out / offline" at once.
    """

    def __init__(
        self,
        transport,
        on_result: ResultCallback,
        on_state: StateCallback | None = None,
        timeout: float = 3.0,
        poll_interval: float = 10.0,
    ) -> None:
        self.transport = transport
        self.on_result = on_result
        self.on_state = on_state
        self.timeout = timeout
        self.poll_interval = poll_interval if getattr(transport, "polls", False) else 0.0
        self.state: dict[str, Any] = printer_state(True, "ok")
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pending: dict[str, int] = {}
        self._count = 0
        self._idle = threading.Event()
        self._idle.set()
        self._stuck: threading.Thread | None = None

    # -- the caller's side -----------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="print-spooler", daemon=True)
                self._thread.start()

    def submit(self, job: PrintJob) -> None:
        """Queue a job and return at once."""
        with self._lock:
            self._count += 1
            self._pending[job.ticket_id] = self._pending.get(job.ticket_id, 0) + 1
            self._idle.clear()
        self._jobs.put(job)
        self.start()

    def is_pending(self, ticket_id: str) -> bool:
        with self._lock:
            return ticket_id in self._pending

    def poll_now(self) -> None:
        """Ask the printer for its state soon (between jobs)."""
        self._jobs.put(_POLL)
        self.start()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """For tests and shutdown: wait until every submitted job has an outcome."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is not None:
            self._jobs.put(_STOP)
            self._thread.join(timeout)
            self._thread = None
        self.transport.close()

    # -- the worker ------------------------------------------------------------------------------

    def _run(self) -> None:
        next_poll = time.monotonic() if self.poll_interval else math.inf
        while True:
            wait = None if next_poll == math.inf else max(0.0, next_poll - time.monotonic())
            try:
                item = self._jobs.get(timeout=wait)
            except queue.Empty:
                item = _POLL
            if item is _STOP:
                return
            if isinstance(item, PrintJob):
                outcome = self._print(item)
                if self.poll_interval:
                    # A job asks the printer's state itself: the next poll can wait, so a
                    # stalled printer does not make every job wait for a poll as well.
                    interval = self.poll_interval
                    if not outcome.ok:
                        interval = min(interval, RECHECK_SECONDS)
                    next_poll = time.monotonic() + interval
                continue
            if item is _POLL or time.monotonic() >= next_poll:
                self._poll()
                if self.poll_interval:
                    next_poll = time.monotonic() + self.poll_interval

    def _attempt(
        self, call: Callable[[float], Any], deadline: float
    ) -> tuple[Any, PrinterError | None]:
        """Run one transport call on its own thread; give up on it at its deadline."""
        if self._stuck is not None:
            if self._stuck.is_alive():
                return None, PrinterError(TIMEOUT, "the printer is still stuck on an earlier job")
            self._stuck = None
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["value"] = call(deadline)
            except Exception as err:  # a driver bug must not kill the worker
                if not isinstance(err, PrinterError):
                    log.warning("printer call failed: %r", err)
                box["error"] = as_printer_error(err)

        thread = threading.Thread(target=run, name="print-attempt", daemon=True)
        thread.start()
        thread.join(max(0.0, deadline - time.monotonic()) + GRACE)
        if thread.is_alive():
            # The driver ignores its deadline: cut the connection and move on without it.
            self.transport.abort()
            thread.join(GRACE)
            if thread.is_alive():
                self._stuck = thread
            return None, PrinterError(TIMEOUT, f"no answer within {self.timeout:g} s")
        return box.get("value"), box.get("error")

    def _print(self, job: PrintJob) -> PrintOutcome:
        started = time.monotonic()
        # A healthy printer gives every job a full budget; one in trouble does not let a queue
        # of jobs wait one timeout each: they share the budget counted from their submission.
        if self.state["error"] is None:
            deadline = started + self.timeout
        else:
            deadline = max(job.submitted + self.timeout, started + MIN_BUDGET)
        attempts, error, state = 0, None, None
        try:
            data = job.render()
        except Exception as err:
            log.exception("rendering print job %s failed", job.name)
            error = PrinterError("render", repr(err))
        else:
            while True:
                attempts += 1
                state, error = self._attempt(
                    lambda d: self.transport.send(job.name, data, d), deadline
                )
                if error is None or attempts > 1 or error.code not in RETRY_CODES:
                    break
                if deadline - time.monotonic() < MIN_BUDGET / 3:
                    break
                self.transport.close()  # reconnect: the next attempt opens a fresh connection
        outcome = PrintOutcome(
            ok=error is None,
            error=error.code if error else None,
            detail=error.detail if error else "",
            attempts=attempts,
            seconds=round(time.monotonic() - started, 3),
        )
        if outcome.ok:
            state = state or {}
            self._set_state(printer_state(True, state.get("paper", "unknown")))
        elif outcome.error == PAPER_OUT:
            self._set_state(printer_state(True, "out"))
        elif outcome.error != "render":
            self._set_state(printer_state(False, "unknown", outcome.error))
        with self._lock:
            left = self._pending.get(job.ticket_id, 1) - 1
            if left:
                self._pending[job.ticket_id] = left
            else:
                self._pending.pop(job.ticket_id, None)
        try:
            self.on_result(job, outcome)
        except Exception:
            log.exception("recording the print outcome of %s failed", job.name)
        with self._lock:
            self._count -= 1
            if self._count == 0:
                self._idle.set()
        return outcome

    def _poll(self) -> None:
        status, error = self._attempt(self.transport.status, time.monotonic() + self.timeout)
        if error is not None:
            self._set_state(printer_state(False, "unknown", error.code))
            return
        self._set_state(
            printer_state(
                bool(status.get("online")), status.get("paper", "unknown"), status.get("error")
            )
        )

    def _set_state(self, state: dict[str, Any]) -> None:
        if state == self.state:
            return
        self.state = state
        if self.on_state is not None:
            try:
                self.on_state(dict(state))
            except Exception:
                log.exception("reporting the printer state failed")
