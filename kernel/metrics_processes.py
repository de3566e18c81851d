"""Prometheus metrics across gunicorn worker processes: each worker writes its counts to files in
one directory, and whichever worker answers /metrics reads them all (prometheus_client's
multiprocess mode)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prometheus_client import multiprocess, values

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
PREFIX = "enindgang-metrics-"


def directory() -> str | None:
    """The directory the workers write their metrics to, when in multiprocess mode."""
    return os.environ.get(VARIABLE) or None


def start(given: str | None = None) -> dict[str, Callable[..., Any]]:
    """In gunicorn's master, before the workers fork: a fresh metrics directory for this run
    (the one in PROMETHEUS_MULTIPROC_DIR emptied, or a new temporary one, removed at exit),
    and the gunicorn hooks that go with it."""
    given = given or directory()
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        # Counts of an earlier run must not be added to this one's.
        for old in folder.glob("*.db"):
            old.unlink()
    else:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    os.environ[VARIABLE] = str(folder)
    # prometheus_client picks the kind of value when it is first imported, which here is
    # before the command line is read: pick again, now that the directory is set. The
    # workers fork from here, so each of them writes to the directory.
    values.ValueClass = values.get_value_class()

    def child_exit(server: Any, worker: Any) -> None:
        # A dead worker's counts stay (they happened); its live gauges go.
        multiprocess.mark_process_dead(worker.pid, str(folder))

    hooks: dict[str, Callable[..., Any]] = {"child_exit": child_exit}
    if not given:
        hooks["on_exit"] = lambda server: shutil.rmtree(folder, ignore_errors=True)
    return hooks
