"""Booked times nobody came for: each becomes a "missed" visit fact, once, before the replica
forgets the booking (a new day's snapshot clears yesterday's)."""

from __future__ import annotations

from sqlite_utils import Database

from centre.domain.checkins import CheckinPolicy
from centre.domain.context import CentreContext
from centre.store import events as event_store
from centre.store import replica as replica_store
from kernel import visit_store
from kernel.catalogue import UnknownService
from kernel.clock import iso
from kernel.db import write_transaction
from kernel.visit_facts import missed_fact


def record(ctx: CentreContext, db: Database, policy: CheckinPolicy | None = None) -> int:
    """Store a fact and an "appointment.missed" event for every booked time whose check-in
    closed without the citizen; how many were new."""
    now = ctx.clock.now()
    closes_after = (policy or CheckinPolicy()).after
    found = 0
    with write_transaction(db):
        for booking in replica_store.unkept(db, iso(now - closes_after), iso(now)):
            try:
                fact = missed_fact(
                    booking["code"], booking["service"], booking["start_at"], ctx.tz, ctx.catalogue
                )
            except UnknownService:
                continue  # a service this centre's catalogue lacks: nothing to count it under
            if visit_store.add(db, ctx.id, fact):
                event_store.append(
                    db, "appointment.missed", now, service=booking["service"], visit=fact
                )
                found += 1
    return found
