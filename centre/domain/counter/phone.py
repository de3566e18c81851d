"""Phone duty at a counter: no citizen is called there meanwhile, and the calls taken are
logged as phone-channel visit facts of this centre (carried to central in their event)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.domain.context import CentreContext
from centre.domain.counter.state import Outcome, Staff, mine, outcome, record, require_free
from centre.store import counters as counter_store
from kernel import municipality, visit_store
from kernel.clock import iso, parse_iso
from kernel.db import write_transaction
from kernel.visit_facts import CALL_OUTCOMES, VisitError, call_fact, call_target

PHONE = "phone"
STARTED = "counter.phone_started"
# Carries the whole stretch (started_at, seconds): the reports sum these events alone.
ENDED = "counter.phone_ended"
LOGGED = "call.logged"
MAX_NONCE_LENGTH = 64


def end_duty(db: Database, now: datetime, counter: dict[str, Any], staff: Staff) -> None:
    """Inside the caller's transaction: the event that closes a stretch of phone duty (the
    counter's `since` is when it began), if the counter is on phone duty."""
    if counter["state"] != PHONE:
        return
    began = parse_iso(counter["since"]) or now
    seconds = max(0, round((now - began).total_seconds()))
    record(db, ENDED, now, counter, staff, started_at=iso(began), seconds=seconds)


def start(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Go on phone duty: the counter must be free (no ticket open, not on a break)."""
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        if counter["state"] == PHONE:
            return outcome(db, counter["id"])  # a double tap: already on duty
        require_free(counter)
        now = ctx.clock.now()
        counter_store.update(db, counter["id"], state=PHONE, since=iso(now))
        record(db, STARTED, now, counter, staff)
        return outcome(db, counter["id"])


def end(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Back from phone duty to the queue."""
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        if counter["state"] != PHONE:
            raise QueueError("invalid_state", reason="not_on_phone")
        now = ctx.clock.now()
        end_duty(db, now, counter, staff)
        counter_store.update(db, counter["id"], state="open", since=iso(now))
        return outcome(db, counter["id"])


def others(ctx: CentreContext) -> dict[str, str]:
    """The centres a call may be put through to, names by id: the shipped municipality file's
    other centres (a centre's config names no municipality file)."""
    return {k: v for k, v in municipality.shipped_centre_names().items() if k != ctx.id}


def report_names(ctx: CentreContext) -> dict[str, str]:
    """Centre names for this centre's reports: its own, and those its calls went to."""
    return {**others(ctx), ctx.id: ctx.name}


def _parse_call(ctx: CentreContext, data: Any) -> tuple[str, str, str | None, str]:
    """(service, outcome, where the call went or None, nonce) from a call's body, or the first
    field that is wrong."""
    if not isinstance(data, dict):
        raise QueueError("validation", field="body")
    service = data.get("service")
    if not isinstance(service, str) or service not in {s.id for s in ctx.catalogue.services}:
        raise QueueError("validation", field="service")
    result = data.get("outcome")
    if not isinstance(result, str) or result not in CALL_OUTCOMES:
        raise QueueError("validation", field="outcome")
    try:
        where = call_target(result, data.get("administration"), data.get("to"), others(ctx))
    except VisitError as err:
        raise QueueError("validation", field=err.params["field"]) from None
    nonce = data.get("nonce")
    if not isinstance(nonce, str) or not 0 < len(nonce) <= MAX_NONCE_LENGTH:
        raise QueueError("validation", field="nonce")
    return service, result, where, nonce


def call_id(centre: str, staff: Staff, nonce: str) -> str:
    """The fact's id: the same tap sent twice names the same call, so it is stored once."""
    digest = hashlib.sha256(f"{centre}\0{staff.username}\0{nonce}".encode()).hexdigest()
    return f"call:{digest[:32]}"


def log_call(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, data: Any
) -> tuple[dict[str, Any], bool]:
    """Log one call taken at this counter: (the fact, whether it is new; a repeated tap is
    not stored again). Stored with this centre's visits and sent to central in its event."""
    service, result, where, nonce = _parse_call(ctx, data)
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        now = ctx.clock.now()
        fact = call_fact(
            call_id(ctx.id, staff, nonce),
            now,
            service,
            result,
            where,
            ctx.tz,
            ctx.catalogue,
        )
        new = visit_store.add(db, ctx.id, fact)
        if new:
            record(db, LOGGED, now, counter, staff, visit=fact)
        return fact, new
