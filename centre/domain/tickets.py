"""Issuing tickets and reading a ticket's status."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from centre.core.chosen_wait import ShownWait
from centre.core.errors import QueueError
from centre.core.hours import check_can_issue
from centre.core.numbering import format_number
from centre.core.transitions import WAITING
from centre.core.waits import HonestWait
from centre.domain import live_wait, tax_presence
from centre.domain.context import CentreContext
from centre.domain.stats import ServiceFigures, figures_for, note_json
from centre.store import events as event_store
from centre.store import settings as settings_store
from centre.store import staff as staff_store
from centre.store import tickets as ticket_store
from kernel.clock import iso
from kernel.db import write_transaction
from kernel.languages import LANGUAGES
from kernel.numbering import opaque_token

MAX_NONCE_LENGTH = 100
# Who may send a nonce: each sender's nonces live apart, and none of them can ever take the
# form the system itself uses (check-ins use "checkin:<kiosk id>:<code>").
NONCE_SCOPES = ("kiosk", "staff")


@dataclass(frozen=True)
class Issued:
    """A ticket just issued (or found again by its nonce), with the figures to show."""

    ticket: dict[str, Any]
    people_ahead: int
    estimated_wait_minutes: int | None
    created: bool
    # Why no wait is promised (stats.note_json), when estimated_wait_minutes is None.
    wait_note: dict[str, Any] | None = None
    # The range the citizen is shown ("about 10-15 minutes"); None when no wait is promised.
    wait_range: tuple[int, int] | None = None


def _check_inputs(language: object, nonce: object) -> None:
    if language not in LANGUAGES:
        raise QueueError("validation", field="language")
    if nonce is not None and (
        not isinstance(nonce, str) or not nonce or len(nonce) > MAX_NONCE_LENGTH
    ):
        raise QueueError("validation", field="nonce")


def scoped_nonce(scope: tuple[str, str], nonce: object) -> str | None:
    """The nonce as stored: the sender's kind and id first, so senders cannot meet."""
    kind, sender = scope
    if kind not in NONCE_SCOPES or not sender:
        raise ValueError(f"no nonce scope {kind!r}")
    return None if nonce is None else f"{kind}:{sender}:{nonce}"


def _found_again(ctx: CentreContext, db: Database, nonce: str | None) -> Issued | None:
    existing = ticket_store.by_nonce(db, nonce) if nonce is not None else None
    if existing is None:
        return None
    ahead, wait, shown = _position(ctx, db, existing)
    # A retry is answered with the range its ticket keeps as shown (the first answer may never
    # have reached the kiosk), while a wait may still be promised at all.
    kept = stored_range(existing) if shown is not None else None
    return Issued(
        existing,
        ahead,
        wait.minutes,
        created=False,
        wait_note=note_json(wait.note),
        wait_range=kept or (shown.range if shown else None),
    )


def _position(
    ctx: CentreContext,
    db: Database,
    ticket: dict[str, Any],
    figures: dict[str, ServiceFigures] | None = None,
    live: live_wait.LiveQueue | None = None,
) -> tuple[int, HonestWait, ShownWait | None]:
    """People ahead and the wait promised to a waiting ticket now, by the chosen predictor
    from where it stands (0 minutes and no range once it is no longer waiting)."""
    if ticket["status"] != WAITING:
        return 0, HonestWait(0), None
    ahead = ticket_store.ahead_of(db, ticket)
    service_figures = (figures or {}).get(ticket["service"]) or figures_for(
        ctx, db, ticket["service"]
    )
    return ahead, *promised(ctx, db, ticket, service_figures.wait_for(ahead), live)


def promised(
    ctx: CentreContext,
    db: Database,
    ticket: dict[str, Any],
    honest: HonestWait,
    live: live_wait.LiveQueue | None = None,
) -> tuple[HonestWait, ShownWait | None]:
    """The chosen predictor's wait where a wait may be promised at all (a counter that serves
    it is staffed); else the reason, as before, and no range."""
    if honest.minutes is None:
        return honest, None
    shown = (
        live_wait.wait_in(live, ticket) if live is not None else live_wait.wait_for(ctx, db, ticket)
    )
    return HonestWait(shown.minutes), shown


def issue_estimate(
    ctx: CentreContext,
    db: Database,
    ticket: dict[str, Any],
    honest: HonestWait,
    rows: live_wait.QueueRows,
    settings: dict[str, dict],
) -> tuple[HonestWait, ShownWait | None]:
    """`promised` for a ticket being issued, from the rows and settings the issue has read
    (the live queue is built only where a wait is promised)."""
    if honest.minutes is None:
        return honest, None
    weights = {service: v["weight"] for service, v in settings.items()}
    live = live_wait.read(ctx, db, (ticket["service"],), rows, weights)
    return promised(ctx, db, ticket, honest, live)


def issue_ticket(
    ctx: CentreContext,
    db: Database,
    service_id: object,
    language: object = "da",
    nonce: object = None,
    priority: bool = False,
    target_staff: str | None = None,
    source: str = "kiosk",
    by: str | None = None,
    scope: tuple[str, str] | None = None,
) -> Issued:
    """Commit a new ticket with the next number, or return the one this nonce already made.

    A nonce needs the sender's `scope` (("kiosk", id) or ("staff", username))."""
    _check_inputs(language, nonce)
    if nonce is not None and scope is None:
        raise ValueError("a nonce needs its sender's scope")
    stored_nonce = scoped_nonce(scope, nonce) if scope is not None else None
    service = ctx.catalogue.service(service_id)
    try:
        return _issue(ctx, db, service, language, stored_nonce, priority, target_staff, source, by)
    except ticket_store.Duplicate:
        # Another writer committed this nonce between our look and our insert: theirs stands.
        again = _found_again(ctx, db, stored_nonce)
        if again is None:
            raise QueueError("invalid_state") from None
        return again


def _issue(
    ctx: CentreContext,
    db: Database,
    service,
    language: object,
    nonce: str | None,
    priority: bool,
    target_staff: str | None,
    source: str,
    by: str | None,
) -> Issued:
    with write_transaction(db):
        again = _found_again(ctx, db, nonce)
        if again is not None:
            return again
        if service.requires_appointment:
            raise QueueError("appointment_required", service=service.id)
        if source == "kiosk" and not ctx.walk_in_today(service.id):
            # An appointment-only day for this service: the kiosk offers to book; reception
            # may still give a number.
            raise QueueError("appointment_required", service=service.id, today=True)
        now = ctx.clock.now()
        day = ctx.today()
        settings = settings_store.all(db)
        if settings.get(service.id, {}).get("stopped_on") == day:
            raise QueueError("service_stopped", service=service.id)
        if target_staff is not None and staff_store.get(db, target_staff) is None:
            raise QueueError("unknown_staff", staff=target_staff)
        # The queue's rows, read once: the counts here and the live estimate come from them.
        rows = live_wait.read_rows(db)
        figures = figures_for(ctx, db, service.id, rows.waiting_count(service.id), rows.staffed())
        ahead = figures.waiting
        if priority:
            ahead = rows.waiting_count(service.id, priority_only=True)
        honest = figures.wait_for(ahead)
        if source == "kiosk":
            # Reception may still hand out a number near closing; the kiosk may not.
            check_can_issue(
                ctx.hours, now, figures.planned_wait_for(ahead), service.service_minutes
            )
            # Nor a tax decision while no secondee is here or expected today (reception may
            # know one is on the way).
            if service.id in tax_presence.unavailable_services(ctx, db):
                raise QueueError("no_tax_secondee", service=service.id)
        seq = ticket_store.next_sequence(db, day, service.prefix)
        ticket = {
            "id": uuid.uuid4().hex,
            "token": opaque_token(),
            "day": day,
            "prefix": service.prefix,
            "seq": seq,
            "number": format_number(service.prefix, seq),
            "service": service.id,
            "status": WAITING,
            "priority": 1 if priority else 0,
            "language": language,
            "source": source,
            "nonce": nonce,
            "created_at": iso(now),
            "arrived_at": iso(now),
            "target_staff": target_staff,
            "call_count": 0,
        }
        # What the citizen is shown is kept on the ticket (and later in its visit fact).
        wait, shown = issue_estimate(ctx, db, ticket, honest, rows, settings)
        ticket.update(live_wait.stored(shown))
        ticket_store.insert(db, ticket)
        event_store.append(
            db,
            "ticket.issued",
            now,
            ticket_id=ticket["id"],
            staff=by,
            number=ticket["number"],
            service=service.id,
            source=source,
            priority=bool(priority),
        )
    return Issued(
        ticket,
        ahead,
        wait.minutes,
        created=True,
        wait_note=note_json(wait.note),
        wait_range=shown.range if shown else None,
    )


def stored_range(ticket: dict[str, Any]) -> tuple[int, int] | None:
    """The range kept on the ticket at issue (None: no wait was promised)."""
    low, high = ticket.get("wait_shown_low"), ticket.get("wait_shown_high")
    return None if low is None or high is None else (low, high)


def find_ticket(db: Database, ticket_id: object) -> dict[str, Any]:
    if not isinstance(ticket_id, str) or len(ticket_id) > 64:
        raise QueueError("unknown_ticket")
    ticket = ticket_store.get(db, ticket_id)
    if ticket is None:
        raise QueueError("unknown_ticket")
    return ticket


def find_by_token(db: Database, token: str) -> dict[str, Any]:
    ticket = ticket_store.by_token(db, token) if len(token) <= 64 else None
    if ticket is None:
        raise QueueError("unknown_ticket")
    return ticket


def ticket_status(
    ctx: CentreContext,
    db: Database,
    ticket: dict[str, Any],
    figures: dict[str, ServiceFigures] | None = None,
    live: live_wait.LiveQueue | None = None,
) -> dict[str, Any]:
    """What a citizen may see about a ticket: no names, no staff identities. A waiting
    ticket's wait is estimated again from where it stands now, so it shrinks as the queue
    moves (the range shown at issue stays on the ticket row for the reports).

    `figures` (from stats.service_figures) and `live` (live_wait.read) save the queries when
    many tickets are asked."""
    ahead, wait, shown = _position(ctx, db, ticket, figures, live)
    waiting = ticket["status"] == WAITING
    return {
        "id": ticket["id"],
        "number": ticket["number"],
        "service": ticket["service"],
        "status": ticket["status"],
        "position": ahead if ticket["status"] == WAITING else None,
        "estimated_wait_minutes": wait.minutes if waiting else None,
        "estimated_wait_range": list(shown.range) if waiting and shown else None,
        "wait_note": note_json(wait.note) if waiting else None,
        "counter": ticket["counter"] if ticket["status"] in ("called", "serving") else None,
    }
