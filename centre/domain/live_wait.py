"""The live wait estimate: the queue as the centre's tables hold it, handed to the chosen
predictor (`centre.core.chosen_wait`) for a ticket being issued or one that waits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from centre.core.chosen_wait import ShownWait, shown_wait
from centre.core.predictors import CounterState, QueueState
from centre.core.routing import Candidate
from centre.core.waits import average_service_minutes
from centre.domain.context import CentreContext
from centre.store import live_queue
from centre.store import settings as settings_store
from kernel.clock import parse_iso


@dataclass(frozen=True)
class LiveQueue:
    """Everything of a QueueState but the ticket: read once, asked for any waiting ticket."""

    now: datetime
    waiting: tuple[Candidate, ...]
    counters: tuple[CounterState, ...]
    last_wait_minutes: Mapping[str, float]
    service_minutes: Mapping[str, float]
    weights: Mapping[str, float]
    lead: timedelta

    def state_for(self, ticket: Candidate) -> QueueState:
        """The state as the predictors take it: `ticket` apart from those waiting with it."""
        return QueueState(
            now=self.now,
            ticket=ticket,
            waiting=tuple(t for t in self.waiting if t.id != ticket.id),
            counters=self.counters,
            last_wait_minutes=self.last_wait_minutes,
            service_minutes=self.service_minutes,
            weights=self.weights,
            lead=self.lead,
        )


@dataclass(frozen=True)
class QueueRows:
    """The rows every wait figure starts from, read once: the waiting tickets and the staffed
    counters (open or on a break). A ticket issue counts and checks from them too, rather than
    asking the tables again."""

    waiting: list[dict[str, Any]]
    at_work: list[dict[str, Any]]

    def waiting_count(self, service: str, priority_only: bool = False) -> int:
        """Tickets of `service` waiting (only priority ones with `priority_only`)."""
        return sum(
            1
            for t in self.waiting
            if t["service"] == service and (t["priority"] or not priority_only)
        )

    def staffed(self) -> list[tuple[str, str, str]]:
        """(counter, role, state) of every staffed counter, as `counters.staffed_with_roles`."""
        return [(c["counter"], c["role"], c["state"]) for c in self.at_work]


def read_rows(db: Database) -> QueueRows:
    return QueueRows(live_queue.waiting(db), live_queue.counters_at_work(db))


def candidate(ticket: Mapping[str, Any]) -> Candidate:
    """A ticket row (or one about to be inserted) as the router sees it."""
    return Candidate(
        id=ticket["id"],
        service=ticket["service"],
        arrived_at=parse_iso(ticket["arrived_at"]),
        priority=bool(ticket.get("priority")),
        target_staff=ticket.get("target_staff"),
        target_counter=ticket.get("target_counter"),
        number=ticket.get("number") or "",
        due_at=parse_iso(ticket.get("appointment_at")),
        not_staff=ticket.get("not_staff"),
    )


# Waiting rows already seen as candidates, by every column `_WAITING` reads: a ticket waits
# through many estimates, and building a Candidate costs more than finding it. Keyed by the
# whole row, an entry can never be out of date; cleared when full.
_SEEN: dict[tuple, Candidate] = {}
_SEEN_MAX = 4096


def waiting_candidates(waiting: Iterable[Mapping[str, Any]]) -> tuple[Candidate, ...]:
    """`candidate` of each waiting row (as `live_queue.waiting` reads them)."""
    found = []
    for row in waiting:
        key = tuple(row.values())
        seen = _SEEN.get(key)
        if seen is None:
            if len(_SEEN) >= _SEEN_MAX:
                _SEEN.clear()
            seen = _SEEN[key] = candidate(row)
        found.append(seen)
    return tuple(found)


def _minutes(later: datetime, earlier: datetime) -> float:
    return max(0.0, (later - earlier).total_seconds() / 60)


def _wait_from(ticket: Mapping[str, Any]) -> datetime:
    """Where a wait starts, as the visit fact counts it: arrival, or the booked time when the
    citizen checked in early."""
    arrived, booked = parse_iso(ticket["arrived_at"]), parse_iso(ticket["appointment_at"])
    return max(arrived, booked) if booked is not None else arrived


def read(
    ctx: CentreContext,
    db: Database,
    asked: Iterable[str] | None = None,
    rows: QueueRows | None = None,
    weights: Mapping[str, float] | None = None,
) -> LiveQueue:
    """The queue now: every waiting ticket, the counters open to call (one on a break or on
    phone duty is left out: when it is back is not known, so it is not counted on), the recent
    mean visit of each service met here, the manager's weights, and the last wait of the day
    for the services of the tickets `asked` about (a predictor reads only its own ticket's;
    None: every waiting service). `rows` and `weights` (`settings.weights`), when the caller
    already read them in this transaction, are not read again."""
    now = ctx.clock.now()
    rows = rows if rows is not None else read_rows(db)
    waiting = waiting_candidates(rows.waiting)
    at_work = rows.at_work
    services = {t.service for t in waiting} | {c["service"] for c in at_work if c["service"]}
    asked = services if asked is None else set(asked)
    services |= asked
    catalogue = {s.id: s for s in ctx.catalogue.services}
    means = {
        service: average_service_minutes(
            visits, catalogue[service].service_minutes if service in catalogue else 0.0
        )
        for service, visits in live_queue.recent_visit_minutes(db, services).items()
    }
    counters = tuple(
        CounterState(
            counter=c["counter"],
            staff=c["staff"],
            services=ctx.counter_services(c["counter"], c["role"]),
            busy_since=parse_iso(c["busy_since"]) if c["service"] else None,
            busy_minutes=means.get(c["service"], 0.0) if c["service"] else 0.0,
        )
        for c in at_work
        if c["state"] == "open"
    )
    last_wait = {
        r["service"]: _minutes(parse_iso(r["first_called_at"]), _wait_from(r))
        for r in live_queue.last_called(db, ctx.today(), asked)
    }
    return LiveQueue(
        now,
        waiting,
        counters,
        last_wait,
        means,
        settings_store.weights(db) if weights is None else weights,
        ctx.appointment_lead,
    )


def wait_for(ctx: CentreContext, db: Database, ticket: Mapping[str, Any]) -> ShownWait:
    """The chosen predictor's wait for one ticket, waiting or about to be inserted."""
    return wait_in(read(ctx, db, (ticket["service"],)), ticket)


def wait_in(queue: LiveQueue, ticket: Mapping[str, Any]) -> ShownWait:
    """The same from a queue already read (many tickets asked at once)."""
    return shown_wait(queue.state_for(candidate(ticket)))


def stored(shown: ShownWait | None) -> dict[str, Any]:
    """The ticket columns that keep what was shown at issue (all None: no wait promised)."""
    if shown is None:
        return dict.fromkeys(
            ("wait_predictor", "wait_estimate_minutes", "wait_shown_low", "wait_shown_high")
        )
    return {
        "wait_predictor": shown.predictor,
        "wait_estimate_minutes": shown.estimate_minutes,
        "wait_shown_low": shown.low,
        "wait_shown_high": shown.high,
    }
