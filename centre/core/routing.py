"""Who is called next: appointments due, priority, then the longest (weighted) wait."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kernel.catalogue import Catalogue

# An appointment ticket goes first from this long before its time.
APPOINTMENT_LEAD = timedelta(minutes=5)


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as the router sees it."""

    id: str
    service: str
    arrived_at: datetime
    priority: bool = False
    target_staff: str | None = None
    target_counter: str | None = None
    number: str = ""
    # A checked-in appointment's time; None for a walk-in.
    due_at: datetime | None = None
    # Who transferred it "not to me": not called there while another open counter serves it.
    not_staff: str | None = None


def counter_services(
    catalogue: Catalogue, restriction: frozenset[str] | None, role: str
) -> frozenset[str]:
    """Services a person with `role` may serve at a counter limited to `restriction` (None: no
    limit): what the catalogue lets the role serve, within what the counter takes."""
    allowed = catalogue.services_for_role(role)
    return allowed if restriction is None else allowed & restriction


def eligible(
    ticket: Candidate,
    services: frozenset[str],
    counter: str,
    staff: str,
    served_elsewhere: frozenset[str] = frozenset(),
) -> bool:
    """A counter may call a ticket of a service it serves, unless it is meant for someone else,
    or this person passed it on "not to me" and another open counter serves its service
    (`served_elsewhere`). When nobody else can, it comes back rather than wait for no one."""
    if ticket.not_staff == staff and ticket.service in served_elsewhere:
        return False
    if ticket.target_counter is not None and ticket.target_counter != counter:
        return False
    if ticket.target_staff is not None and ticket.target_staff != staff:
        return False
    # A ticket sent to this very counter or person is theirs even if the service is not.
    if ticket.target_counter == counter or ticket.target_staff == staff:
        return True
    return ticket.service in services


def score(ticket: Candidate, now: datetime, weights: Mapping[str, float]) -> float:
    """Weighted seconds waited; a weight above 1 makes a service's tickets age faster."""
    waited = max(0.0, (now - ticket.arrived_at).total_seconds())
    return waited * weights.get(ticket.service, 1.0)


def rank(ticket: Candidate, now: datetime, lead: timedelta = APPOINTMENT_LEAD) -> int:
    """0: an appointment that is due; 1: priority; 2: walk-in; 3: an appointment not yet due.

    An early appointment waits for its time while walk-ins go on being served; only when
    nobody else is eligible is it called before its time."""
    if ticket.due_at is not None:
        return 0 if now >= ticket.due_at - lead else 3
    return 1 if ticket.priority else 2


def _call_key(
    now: datetime, weights: Mapping[str, float], counter: str, staff: str, lead: timedelta
) -> Callable[[Candidate], tuple]:
    """The order tickets are called in, as a sort key."""
    return lambda t: (
        rank(t, now, lead),
        # Among appointments, the earliest time first.
        t.due_at.timestamp() if t.due_at is not None else 0.0,
        # Tickets sent to this counter or person come before the general queue.
        not (t.target_counter == counter or t.target_staff == staff),
        -score(t, now, weights),
        t.arrived_at,
        t.number,
    )


def order_for_call(
    tickets: Iterable[Candidate],
    now: datetime,
    weights: Mapping[str, float],
    services: frozenset[str],
    counter: str,
    staff: str,
    lead: timedelta = APPOINTMENT_LEAD,
    served_elsewhere: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Eligible tickets in the order they should be called."""
    pool = [t for t in tickets if eligible(t, services, counter, staff, served_elsewhere)]
    pool.sort(key=_call_key(now, weights, counter, staff, lead))
    return pool


def pick_next(
    tickets: Iterable[Candidate],
    now: datetime,
    weights: Mapping[str, float],
    services: frozenset[str],
    counter: str,
    staff: str,
    lead: timedelta = APPOINTMENT_LEAD,
    served_elsewhere: frozenset[str] = frozenset(),
) -> Candidate | None:
    """The single ticket to call next (the first of `order_for_call`), or None when nobody
    eligible waits. `served_elsewhere`: the services another open counter serves now (see
    `eligible`)."""
    pool = [t for t in tickets if eligible(t, services, counter, staff, served_elsewhere)]
    # min() keeps the first of equals, as the stable sort does: the same ticket, without
    # sorting (the wait predictors call this at every step of their forecast).
    return min(pool, key=_call_key(now, weights, counter, staff, lead)) if pool else None
