"""Work started beside a server's requests in its worker process (never before a fork)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def in_background(work: Callable[..., Any], *args: Any) -> threading.Thread:
    """Run `work(*args)` in a daemon thread; a failure is logged, the server keeps going."""

    def run() -> None:
        try:
            work(*args)
        except Exception:
            log.exception("background work %s failed", getattr(work, "__name__", work))

    thread = threading.Thread(target=run, name=f"background-{work.__name__}", daemon=True)
    thread.start()
    return thread
