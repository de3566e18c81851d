"""The sync agent: a thread that pulls bookings by cursor and uploads the event outbox."""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from centre.domain.checkins import replica_row
from centre.domain.context import CentreContext
from centre.store import events as event_store
from centre.store import replica as replica_store
from centre.sync.client import CentralClient, CentralRefused, CentralUnavailable
from kernel.clock import iso
from kernel.db import connect, write_transaction

log = logging.getLogger(__name__)

BATCH = 200
# Central refuses bodies over 64 KiB: stay well below whatever the events hold.
MAX_BATCH_BYTES = 48 * 1024
PULL_LIMIT = 500
MAX_BACKOFF_SECONDS = 60.0


class SyncAgent:
    def __init__(
        self,
        ctx: CentreContext,
        database_path: Path | str,
        client: CentralClient,
        interval: float = 3.0,
        max_backoff: float = MAX_BACKOFF_SECONDS,
        page_size: int = PULL_LIMIT,
    ) -> None:
        self.ctx = ctx
        self.database_path = str(database_path)
        self.client = client
        self.interval = interval
        self.max_backoff = max_backoff
        self.page_size = page_size
        self.reachable = False
        self.since: datetime | None = None
        self.failures = 0
        self._round = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._db = None

    # -- state for the centre's pages ------------------------------------------------------
    def status(self) -> dict[str, Any]:
        since = self.since.astimezone(self.ctx.tz).isoformat() if self.since else None
        return {"reachable": self.reachable, "since": since}

    def _mark(self, reachable: bool) -> None:
        if reachable != self.reachable or self.since is None:
            self.reachable = reachable
            self.since = self.ctx.clock.now()
            log.info("central service %s", "reachable" if reachable else "unreachable")

    # -- the thread ------------------------------------------------------------------------
    def start(self) -> SyncAgent:
        self._thread = threading.Thread(target=self._loop, name="sync-agent", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def wake(self) -> None:
        """Something happened worth sending now (a check-in): do not wait for the interval."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            ok = self.run_once()
            # Exponential back-off while central is away, so a returning central is not flooded.
            delay = (
                self.interval
                if ok
                else min(self.interval * 2 ** min(self.failures, 10), self.max_backoff)
            )
            self._wake.wait(delay)
            self._wake.clear()

    def _connection(self):
        if self._db is None:
            self._db = connect(self.database_path)
        return self._db

    def run_once(self) -> bool:
        """One round: pull, then upload. True when central answered everything."""
        with self._round:
            try:
                self.pull()
                self.upload()
            except CentralUnavailable as err:
                self.failures += 1
                self._mark(False)
                log.warning("central service unreachable: %s", err)
                return False
            except CentralRefused as err:
                self.failures += 1
                self._mark(False)
                log.error("central service refused this centre: %s", err)
                return False
            except Exception:
                self.failures += 1
                log.exception("sync round failed")
                return False
            self.failures = 0
            self._mark(True)
            return True

    # -- bookings down -----------------------------------------------------------------------
    def pull(self) -> int:
        """Every change after the stored cursor; a new day starts again from a full snapshot."""
        db = self._connection()
        today = self.ctx.today()
        state = replica_store.state(db)
        cursor = state["cursor"] if state["cursor_day"] == today else None
        received = 0
        for _ in range(1000):
            answer = self.client.pull(cursor, self.page_size)
            bookings, next_cursor = answer.get("bookings"), answer.get("cursor")
            if not isinstance(bookings, list) or not isinstance(next_cursor, str):
                raise CentralUnavailable("central sent a malformed page")
            now = iso(self.ctx.clock.now())
            with write_transaction(db):
                if cursor is None:
                    # A snapshot is the whole window: whatever it lacks is gone.
                    replica_store.clear(db)
                for booking in bookings:
                    if booking.get("status") == "removed":
                        replica_store.delete(db, str(booking.get("code")))
                    else:
                        replica_store.upsert(db, replica_row(booking), now)
                # Stored with the bookings, in one transaction: a crash never splits them.
                replica_store.set_cursor(db, next_cursor, today)
            received += len(bookings)
            cursor = next_cursor
            if not answer.get("more"):
                break
        return received

    # -- events up ---------------------------------------------------------------------------
    def upload(self) -> int:
        """The outbox after the last confirmed event, in order, batch by batch."""
        db = self._connection()
        sent = 0
        while True:
            last = replica_store.state(db)["last_uploaded_seq"]
            pending = event_store.after(db, last, BATCH)
            if not pending:
                return sent
            batch, size = [], 0
            for event in pending:
                item = {
                    "id": event["id"],
                    "seq": event["seq"],
                    "at": event["at"],
                    "type": event["type"],
                    "ticket_id": event["ticket_id"],
                    "counter": event["counter"],
                    "data": json.loads(event["data"] or "{}"),
                }
                size += len(json.dumps(item))
                if batch and size > MAX_BATCH_BYTES:
                    break
                batch.append(item)
            self.client.upload(batch)
            # Only now, after central confirmed: a lost answer means the batch is sent again.
            with write_transaction(db):
                replica_store.set_last_uploaded(db, batch[-1]["seq"])
                event_store.mark_uploaded(db, last, batch[-1]["seq"], iso(self.ctx.clock.now()))
            sent += len(batch)
