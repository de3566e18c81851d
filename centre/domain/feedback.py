"""A citizen's anonymous answer after a visit (by ticket token), and the manager's tallies."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.feedback import Tally, check_answer, check_can_answer, tally
from centre.domain.context import CentreContext
from centre.domain.tickets import find_by_token
from centre.store import feedback as feedback_store
from kernel.db import write_transaction


def can_answer(db: Database, ticket: dict[str, Any]) -> bool:
    """Whether the status page should still ask this ticket's holder."""
    return not feedback_store.has_answered(db, ticket["id"])


def answer(db: Database, token: object, solved: object, smiley: object = None) -> None:
    """Count the answer of the ticket this token opens: finished visits only, once each.

    Only the ticket's day, service and counter go with the answer; the ticket is merely
    marked as answered, so no stored answer can be traced back to it."""
    if not isinstance(token, str) or not token:
        raise QueueError("unknown_ticket")
    given = check_answer(solved, smiley)
    with write_transaction(db):
        ticket = find_by_token(db, token)
        check_can_answer(ticket["status"], answered=False)
        if not feedback_store.mark_answered(db, ticket["id"]):
            check_can_answer(ticket["status"], answered=True)
        feedback_store.add(
            db,
            ticket["day"],
            ticket["service"],
            ticket["counter"] or "",
            given.solved,
            given.smiley,
        )


def day_tallies(ctx: CentreContext, db: Database, day: object = None) -> tuple[str, list[Tally]]:
    """The answers of one day (today unless `day`, YYYY-MM-DD), per service and counter."""
    if day is None:
        day = ctx.today()
    else:
        try:
            day = date.fromisoformat(day).isoformat()  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise QueueError("validation", field="day") from None
    return day, tally(feedback_store.counts(db, day))


def public(entry: Tally) -> dict[str, Any]:
    return {
        "service": entry.service,
        "counter": entry.counter,
        "answers": entry.answers,
        "solved": entry.solved,
        "not_solved": entry.not_solved,
        "smileys": {str(s): n for s, n in entry.smileys.items()},
        "average_smiley": entry.average_smiley,
    }
