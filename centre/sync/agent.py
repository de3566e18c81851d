"""The sync agent: a thread that pulls bookings by cursor and uploads the event outbox."""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from centre.domain import missed, tax_presence
from centre.domain import sync as sync_domain
from centre.domain.context import CentreContext
from centre.sync.client import CentralClient, CentralRefused, CentralUnavailable
from kernel.db import connect

log = logging.getLogger(__name__)

BATCH = 200
# Central refuses bodies over 64 KiB: stay well below whatever the events hold.
MAX_BATCH_BYTES = 48 * 1024
PULL_LIMIT = 500
MAX_BACKOFF_SECONDS = 60.0
# Central's schedule of the tax secondees changes seldom: asked for every few minutes (and on
# the first round and a new day), not every round.
TAX_SCHEDULE_EVERY = timedelta(minutes=5)


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
        # When a round last went through whole (pull and upload): the sync lag of /healthz.
        self.last_success: datetime | None = None
        self._round = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._db = None
        self._tax_pulled: datetime | None = None

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
                # Before the pull: a new day's snapshot forgets yesterday's bookings.
                missed.record(self.ctx, self._connection())
                self.pull()
                self.upload()
                self.pull_tax_schedule()
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
            self.last_success = self.ctx.clock.now()
            return True

    # -- bookings down -----------------------------------------------------------------------
    def pull(self) -> int:
        """Every change after the stored cursor; a new day starts again from a full snapshot."""
        db = self._connection()
        today, cursor = sync_domain.pull_start(self.ctx, db)
        received = 0
        for _ in range(1000):
            answer = self.client.pull(cursor, self.page_size)
            bookings, next_cursor = answer.get("bookings"), answer.get("cursor")
            if not isinstance(bookings, list) or not isinstance(next_cursor, str):
                raise CentralUnavailable("central sent a malformed page")
            sync_domain.apply_bookings(
                self.ctx, db, bookings, next_cursor, today, snapshot=cursor is None
            )
            received += len(bookings)
            cursor = next_cursor
            if not answer.get("more"):
                break
        return received

    # -- the tax secondees' schedule down ---------------------------------------------------
    def pull_tax_schedule(self, force: bool = False) -> bool:
        """Central's schedule of this centre's secondees, when it is due; True when stored."""
        now = self.ctx.clock.now()
        last = self._tax_pulled
        due = (
            force
            or last is None
            or now - last >= TAX_SCHEDULE_EVERY
            or last.astimezone(self.ctx.tz).date() != now.astimezone(self.ctx.tz).date()
        )
        if not due:
            return False
        try:
            answer = self.client.tax_schedule()
        except CentralRefused as err:
            if err.status != 404:
                raise
            # An older central without the schedule: the centre goes on as before it had one.
            log.warning("central sends no tax-secondee schedule (%s)", err)
            self._tax_pulled = now
            return False
        try:
            tax_presence.store_schedule(self.ctx, self._connection(), answer)
        except ValueError as err:
            raise CentralUnavailable(f"central sent a malformed tax schedule: {err}") from None
        self._tax_pulled = now
        return True

    # -- events up ---------------------------------------------------------------------------
    def upload(self) -> int:
        """The outbox after the last confirmed event, in order, batch by batch."""
        db = self._connection()
        sent = 0
        while True:
            last, pending = sync_domain.events_to_upload(db, BATCH)
            if not pending:
                return sent
            batch, size = [], 0
            for item in pending:
                size += len(json.dumps(item))
                if batch and size > MAX_BATCH_BYTES:
                    break
                batch.append(item)
            self.client.upload(batch)
            # Only now, after central confirmed: a lost answer means the batch is sent again.
            sync_domain.confirm_upload(self.ctx, db, last, batch[-1]["seq"])
            sent += len(batch)
