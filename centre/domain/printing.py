"""Paper copies as the event log keeps them: each print's outcome, the printer's state, and the
prints a stop interrupted. The printer glue (`centre/printing.py`) calls one function a step."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from centre.domain.context import CentreContext
from centre.domain.tickets import ticket_status
from centre.store import events as event_store
from centre.store import print_log
from centre.store import tickets as ticket_store
from kernel.db import write_transaction

# A print still queued when the process stopped (a crash, a power cut, a restart).
INTERRUPTED = "interrupted"
# Tickets that may still want their paper copy: not yet at a counter, or called to it.
NEEDS_PAPER = ("waiting", "called", "parked")


def mark_interrupted(ctx: CentreContext, db: Database, transport: str) -> list[dict[str, Any]]:
    """Today's tickets still without their paper copy (id, number, pending, last_error).

    Print jobs live in memory only, so those queued when the process died were never
    printed; each gets the print.failed event it would have had (error "interrupted")."""
    with write_transaction(db):
        missing = print_log.without_paper(db, ctx.today(), NEEDS_PAPER)
        for ticket in missing:
            if ticket["pending"] > 0:
                ticket["last_error"] = INTERRUPTED
                event_store.append(
                    db,
                    "print.failed",
                    ctx.clock.now(),
                    ticket_id=ticket["id"],
                    number=ticket["number"],
                    error=INTERRUPTED,
                    detail="queued for printing when the centre stopped",
                    attempts=0,
                    unanswered=ticket["pending"],
                    transport=transport,
                )
    return missing


def record_print(
    ctx: CentreContext,
    db: Database,
    ticket_id: str,
    number: str,
    ok: bool,
    error: str | None,
    detail: str | None,
    attempts: int,
    seconds: float,
    reprint: bool,
    transport: str,
) -> None:
    """One print attempt's outcome, as a print.ok or print.failed event."""
    with write_transaction(db):
        event_store.append(
            db,
            "print.ok" if ok else "print.failed",
            ctx.clock.now(),
            ticket_id=ticket_id,
            number=number,
            error=error,
            detail=detail,
            attempts=attempts,
            seconds=seconds,
            reprint=reprint,
            transport=transport,
        )


def record_printer_state(ctx: CentreContext, db: Database, state: dict[str, Any]) -> None:
    """The printer's new state (online, paper, error) as a printer.state event."""
    with write_transaction(db):
        event_store.append(db, "printer.state", ctx.clock.now(), **state)


def copy_of(
    ctx: CentreContext, db: Database, ticket_id: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A ticket and its status now (position, wait) for printing it again; None if unknown."""
    ticket = ticket_store.get(db, ticket_id)
    if ticket is None:
        return None
    return ticket, ticket_status(ctx, db, ticket)
