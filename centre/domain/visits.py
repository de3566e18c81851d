"""Ending a visit: its fact row, stored here and carried to central in the closing event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from centre.domain.context import CentreContext
from kernel import visit_store
from kernel.visit_facts import ticket_fact


def close(
    ctx: CentreContext,
    db: Database,
    ticket: dict[str, Any],
    status: str,
    now: datetime,
    outcome: str | None = None,
    handed_to: str | None = None,
    tasks: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Inside the caller's transaction: store the ended ticket's fact and return it (the
    caller puts it in the event, so central stores the very same row)."""
    fact = ticket_fact(ticket, status, now, ctx.tz, ctx.catalogue, outcome, handed_to, tasks)
    visit_store.add(db, ctx.id, fact)
    return fact
