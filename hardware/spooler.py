"""Printing outside the request: a queue and one worker, so a slow printer never blocks a kiosk."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from hardware.transports import PrinterError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintJob:
    ticket_id: str
    name: str  # file name / job label, e.g. the ticket number
    render: Callable[[], bytes]


ResultCallback = Callable[[PrintJob, bool, str | None], None]


class PrintSpooler:
    """Takes jobs at once; a worker thread sends them and reports each outcome."""

    def __init__(self, transport, on_result: ResultCallback) -> None:
        self.transport = transport
        self.on_result = on_result
        self._jobs: queue.Queue[PrintJob | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="print-spooler", daemon=True)
            self._thread.start()

    def submit(self, job: PrintJob) -> None:
        self._idle.clear()
        self._jobs.put(job)
        self.start()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """For tests and shutdown: wait until every submitted job has an outcome."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            ok, error = True, None
            try:
                self.transport.send(job.name, job.render())
            except PrinterError as err:
                ok, error = False, err.code
            except Exception as err:  # a printer bug must not kill the worker
                log.exception("printing %s failed", job.name)
                ok, error = False, type(err).__name__
            try:
                self.on_result(job, ok, error)
            except Exception:
                log.exception("recording the print outcome of %s failed", job.name)
            if self._jobs.empty():
                self._idle.set()
