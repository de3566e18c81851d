"""A finished visit (or a phone call) as one fact row: what the reports count, with no
personal data.

The centre builds the fact when a ticket ends (finished, no-show, voided) or a booked time
passes without check-in, stores it and sends the same dict to central inside the event, so
the centre's reports and central's reports for that centre are built from identical rows."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from kernel.catalogue import FALLBACK_TASK, Catalogue, Service, UnknownService
from kernel.clock import iso, parse_iso
from kernel.errors import CodedError
from kernel.tasks import ADMINISTRATIONS, Task
from kernel.tasks import by_id as tasks_by_id

# How a served visit ended; "resolved" is the one-tap default.
OUTCOMES = ("resolved", "handed_over", "referred", "come_back")
# What became of a ticket or a booked time.
STATUSES = ("served", "no_show", "voided", "missed")
# How the citizen came; "phone" is a call to the contact centre.
CHANNELS = ("kiosk", "reception", "appointment", "phone")
# How a call ended: a question answered, a time booked, handed over to an administration, put
# through to a centre or department (an administration's). Only phone facts carry them; where
# the call went is in `handed_to`: the administration's code, or the centre's id.
CALL_OUTCOMES = ("answered", "booked", "handed_over", "put_through")
# A centre id as the municipality file writes one (a call put through names its centre so).
_CENTRE_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")
# A ticket's `source` as the channel the reports group by.
CHANNEL_OF_SOURCE = {"kiosk": "kiosk", "reception": "reception", "checkin": "appointment"}
MAX_TASKS = 20


class VisitError(CodedError):
    """A visit outcome that cannot be recorded (code "validation", with the field)."""


def parse_outcome(
    service: Service | None, outcome: object, administration: object, tasks: object
) -> tuple[str, str | None, list[str]]:
    """Staff's answer at finish as (outcome, handed-to administration, task ids), with the
    defaults filled in: resolved, and the service's main task (on a hand-over, the service's
    first task that administration owns)."""
    outcome = "resolved" if outcome is None else outcome
    if outcome not in OUTCOMES:
        raise VisitError("validation", field="outcome")
    if outcome == "handed_over":
        if administration not in ADMINISTRATIONS:
            raise VisitError("validation", field="administration")
    elif administration is not None:
        raise VisitError("validation", field="administration")
    known = tasks_by_id()
    if tasks is None:
        listed = service.task_list() if service else []
        owned = [t.id for t in listed if t.administration == administration]
        chosen = owned[:1] or [main_task(service).id]
    elif (
        not isinstance(tasks, list)
        or not 0 < len(tasks) <= MAX_TASKS
        or not all(isinstance(t, str) and t in known for t in tasks)
        or len(set(tasks)) != len(tasks)
    ):
        raise VisitError("validation", field="tasks")
    else:
        chosen = list(tasks)
    return outcome, administration if outcome == "handed_over" else None, chosen


def _seconds(later: str | None, earlier: datetime | None) -> int | None:
    if not later or earlier is None:
        return None
    return max(0, round((parse_iso(later) - earlier).total_seconds()))


def _when(moment: datetime, tz: tzinfo) -> dict[str, Any]:
    local = moment.astimezone(tz)
    return {
        "day": local.date().isoformat(),
        "hour": local.hour,
        "weekday": local.weekday(),
    }


def main_task(service: Service | None) -> Task:
    """The service's main task; a service the catalogue no longer has counts as way-finding."""
    return service.main_task if service else tasks_by_id()[FALLBACK_TASK]


def _service(catalogue: Catalogue, service_id: str) -> Service | None:
    try:
        return catalogue.service(service_id)
    except UnknownService:
        return None


def _task_fields(catalogue: Catalogue, service_id: str, tasks: Sequence[str] | None):
    chosen = list(tasks) if tasks else [main_task(_service(catalogue, service_id)).id]
    main = tasks_by_id()[chosen[0]]
    return {
        "task": main.id,
        "administration": main.administration,
        "level": main.level,
        "tasks": chosen,
    }


def ticket_fact(
    ticket: Mapping[str, Any],
    status: str,
    ended_at: datetime,
    tz: tzinfo,
    catalogue: Catalogue,
    outcome: str | None = None,
    handed_to: str | None = None,
    tasks: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The fact for a ticket that ended as `status` at `ended_at`.

    The wait runs from arrival, or from the booked time when a citizen checked in early, to
    the first call; a ticket never called has no wait. Service time runs from the start (or
    the call) to the end, for served visits only."""
    if status not in STATUSES[:3]:
        raise ValueError(f"not a ticket status: {status}")
    arrived = parse_iso(ticket["arrived_at"])
    booked = ticket.get("appointment_at")
    wait_from = max(arrived, parse_iso(booked)) if booked else arrived
    served = status == "served"
    begun = ticket.get("started_at") or ticket.get("called_at")
    return {
        "id": ticket["id"],
        "at": ticket["arrived_at"],
        **_when(arrived, tz),
        "service": ticket["service"],
        "channel": CHANNEL_OF_SOURCE.get(ticket.get("source") or "kiosk", "kiosk"),
        "status": status,
        "outcome": (outcome or "resolved") if served else None,
        "handed_to": handed_to if served else None,
        **_task_fields(catalogue, ticket["service"], tasks if served else None),
        "wait_seconds": _seconds(
            ticket.get("first_called_at") or ticket.get("called_at"), wait_from
        ),
        "service_seconds": (
            max(0, round((ended_at - parse_iso(begun)).total_seconds()))
            if served and begun
            else None
        ),
        # The wait the citizen was shown at the kiosk (None: no range was promised).
        "wait_shown_low": ticket.get("wait_shown_low"),
        "wait_shown_high": ticket.get("wait_shown_high"),
    }


def missed_fact(
    code: str, service_id: str, start_at: str, tz: tzinfo, catalogue: Catalogue
) -> dict[str, Any]:
    """The fact for a booked time that passed without the citizen checking in."""
    return {
        "id": f"booking:{code}",
        "at": start_at,
        **_when(parse_iso(start_at), tz),
        "service": service_id,
        "channel": "appointment",
        "status": "missed",
        "outcome": None,
        "handed_to": None,
        **_task_fields(catalogue, service_id, None),
        "wait_seconds": None,
        "service_seconds": None,
        "wait_shown_low": None,
        "wait_shown_high": None,
    }


def call_target(
    outcome: object, administration: object, to: object, centres: Collection[str]
) -> str | None:
    """Where a call went, checked: the administration of a hand-over (`administration`), or
    the place a call was put through to (`to`: one of `centres`' ids or an administration's
    code); None for the other outcomes, which name neither. VisitError("validation") names
    the field and the reason ("required" or "invalid")."""
    if outcome == "handed_over":
        if administration is None or administration == "":
            raise VisitError("validation", field="administration", reason="required")
        # Checked as a str first: an unhashable value must not reach the membership test.
        if not isinstance(administration, str) or administration not in ADMINISTRATIONS:
            raise VisitError("validation", field="administration", reason="invalid")
    elif administration is not None:
        raise VisitError("validation", field="administration", reason="invalid")
    if outcome == "put_through":
        if to is None or to == "":
            raise VisitError("validation", field="to", reason="required")
        if not isinstance(to, str) or (to not in ADMINISTRATIONS and to not in centres):
            raise VisitError("validation", field="to", reason="invalid")
        return to
    if to is not None:
        raise VisitError("validation", field="to", reason="invalid")
    return administration if outcome == "handed_over" else None


def call_fact(
    call_id: str,
    at: datetime,
    service_id: str,
    outcome: str,
    handed_to: str | None,
    tz: tzinfo,
    catalogue: Catalogue,
) -> dict[str, Any]:
    """The fact for a call about `service_id` that ended as `outcome` (one of CALL_OUTCOMES),
    `handed_to` where it went as `call_target` checked it: the administration on a hand-over,
    the centre id or administration on a call put through, else None. A call has no queue wait
    and no measured service time; its task is the service's, the service's first task the
    administration owns when it went to one."""
    if outcome not in CALL_OUTCOMES:
        raise VisitError("validation", field="outcome")
    if outcome == "put_through":
        if not _target_fits(handed_to):
            raise VisitError("validation", field="to")
    elif handed_to not in ((*ADMINISTRATIONS,) if outcome == "handed_over" else (None,)):
        raise VisitError("validation", field="administration")
    service = _service(catalogue, service_id)
    listed = service.task_list() if service else []
    owned = [t.id for t in listed if t.administration == handed_to] if handed_to else []
    return {
        "id": call_id,
        "at": iso(at),
        **_when(at, tz),
        "service": service_id,
        "channel": "phone",
        "status": "served",
        "outcome": outcome,
        "handed_to": handed_to,
        **_task_fields(catalogue, service_id, owned[:1] or None),
        "wait_seconds": None,
        "service_seconds": None,
        "wait_shown_low": None,
        "wait_shown_high": None,
    }


def _target_fits(target: object) -> bool:
    """A call put through names an administration or a centre id (the uploading centre and
    central know the same municipality file, but an older centre's fact may name none)."""
    return isinstance(target, str) and (
        target in ADMINISTRATIONS or _CENTRE_ID.fullmatch(target) is not None
    )


FIELDS = (
    "id",
    "at",
    "day",
    "hour",
    "weekday",
    "service",
    "channel",
    "status",
    "outcome",
    "handed_to",
    "task",
    "administration",
    "level",
    "tasks",
    "wait_seconds",
    "service_seconds",
    "wait_shown_low",
    "wait_shown_high",
)
# Added after the first centres went live: a fact without them is read as "no range shown".
LATER_FIELDS = ("wait_shown_low", "wait_shown_high")


def completed(fact: object) -> object:
    """A fact from a centre that predates LATER_FIELDS, with those fields as None."""
    if isinstance(fact, dict) and set(fact) == set(FIELDS) - set(LATER_FIELDS):
        return {**fact, **dict.fromkeys(LATER_FIELDS)}
    return fact


def valid(fact: object) -> bool:
    """Whether an uploaded fact has the shape the reports count (central checks each one)."""
    if not isinstance(fact, dict) or set(fact) != set(FIELDS):
        return False
    ints = ("hour", "weekday", "level")
    optional_ints = ("wait_seconds", "service_seconds", "wait_shown_low", "wait_shown_high")
    strings = ("id", "at", "day", "service", "task", "administration")
    return (
        all(isinstance(fact[k], str) and 0 < len(fact[k]) <= 80 for k in strings)
        and all(isinstance(fact[k], int) and not isinstance(fact[k], bool) for k in ints)
        and all(
            fact[k] is None or (isinstance(fact[k], int) and fact[k] >= 0) for k in optional_ints
        )
        and fact["channel"] in CHANNELS
        and fact["status"] in STATUSES
        and _outcome_fits(fact)
        and _handed_to_fits(fact)
        and isinstance(fact["tasks"], list)
        and len(fact["tasks"]) <= MAX_TASKS
        and all(isinstance(t, str) and len(t) <= 80 for t in fact["tasks"])
    )


def _outcome_fits(fact: dict) -> bool:
    """A call's outcome only on a phone fact, and a phone fact only as an answered call."""
    if fact["channel"] == "phone":
        return fact["status"] == "served" and fact["outcome"] in CALL_OUTCOMES
    return fact["outcome"] in (None, *OUTCOMES)


def _handed_to_fits(fact: dict) -> bool:
    """An administration (or none) where a visit or call was handed over; a call put through
    may name a centre (older facts of calls put through name nothing)."""
    if fact["channel"] == "phone" and fact["outcome"] == "put_through":
        return fact["handed_to"] is None or _target_fits(fact["handed_to"])
    return fact["handed_to"] in (None, *ADMINISTRATIONS)
