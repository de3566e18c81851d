"""Which messages go out: queued in the same transaction as the change, reminders once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlite_utils import Database

from booking.core.calendar import local_day, local_instant
from booking.domain import links
from booking.domain.context import BookingContext
from booking.store import bookings as booking_store
from booking.store import links as link_store
from booking.store import outbox
from kernel.clock import iso
from kernel.db import retrying, write_transaction

CONFIRMATION = "confirmation"
REMINDER = "reminder"
MOVED = "moved"
CANCELLED = "cancelled"
# How long a failed message waits before its next try, after its 1st, 2nd, 3rd and 4th
# failure (the 5th is the last: outbox.MAX_ATTEMPTS); a gateway or mail server down for a
# couple of hours does not lose a message.
RETRY_DELAYS = (
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
)  # fmt: skip
# How long a sender holds the messages it claimed: past it, a sender that died mid-round
# leaves them to the others. Longer than a round of 100 messages at the SMTP timeout takes
# in practice, so that a slow but living sender is not overtaken (which would send twice).
CLAIM_LASTS = timedelta(minutes=15)


def channels(booking: dict) -> list[str]:
    """Every way the citizen gave us: an e-mail, an SMS, or both."""
    return [name for name, key in (("email", "email"), ("sms", "phone")) if booking.get(key)]


def enqueue(db: Database, booking: dict, kind: str, now: datetime, ref: str = "") -> int:
    """Queue a message about a booking (call inside the transaction that changes it)."""
    return sum(
        outbox.add(db, booking["id"], kind, ref, channel, iso(now)) for channel in channels(booking)
    )


def reminder_time(ctx: BookingContext, appointment_day) -> datetime:
    """Reminders for a day's appointments are due the day before, from the reminder hour."""
    day_before = appointment_day - timedelta(days=1)
    return local_instant(day_before, time(ctx.config.reminder_hour), ctx.tz)


@retrying
def produce_reminders(ctx: BookingContext, db: Database) -> int:
    """Queue tomorrow's reminders once the reminder hour has come; each exactly once.

    Safe to run as often as wanted: a reminder is unique per booking, appointment time and
    channel. Bookings made after the reminder time got their confirmation just now: no reminder.
    """
    now = ctx.now()
    tomorrow = local_day(now, ctx.tz) + timedelta(days=1)
    due = reminder_time(ctx, tomorrow)
    if now < due:
        return 0
    start = local_instant(tomorrow, time(0), ctx.tz)
    end = local_instant(tomorrow, time.max, ctx.tz)
    created = 0
    with write_transaction(db):
        for booking in booking_store.due_for_reminder(db, iso(start), iso(end), iso(due)):
            created += enqueue(db, booking, REMINDER, now, ref=booking["start_at"])
    return created


def is_stale(message: dict, booking: dict | None) -> bool:
    """A message that no longer fits the booking (cancelled, moved since, data purged)."""
    if booking is None or booking["purged_at"]:
        return True
    if message["kind"] == CANCELLED:
        return booking["status"] != "cancelled"
    if booking["status"] != "confirmed":
        return True
    if message["kind"] == REMINDER:
        return message["ref"] != booking["start_at"]
    if message["kind"] == MOVED:
        return message["ref"] != booking["start_at"]
    return False


def retry_time(now: datetime, failures: int) -> datetime:
    """When a message that has failed `failures` times is tried again."""
    return now + RETRY_DELAYS[min(failures, len(RETRY_DELAYS)) - 1]


@dataclass(frozen=True)
class Claimed:
    """What a sender took in one claim: the messages to send now, each with its booking; the
    ids of those to skip because they no longer fit their booking; and the fresh manage link
    made for each message that carries one ({message id: (link id, token)})."""

    due: list[tuple[dict, dict]] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    links: dict[int, tuple[int, str]] = field(default_factory=dict)


@retrying
def claim(ctx: BookingContext, db: Database, claimer: str, limit: int) -> Claimed:
    """Claim queued messages for this sender: no other sender, in any process, gets them
    while the claim lasts. One write, with the links made, and none when nothing waits (a
    read first: every worker's round would otherwise take the write lock every time)."""
    now = ctx.now()
    if not outbox.any_claimable(db, iso(now)):
        return Claimed()
    found = Claimed()
    with write_transaction(db):
        for message in outbox.claim(db, claimer, iso(now), iso(now + CLAIM_LASTS), limit):
            booking = booking_store.by_id(db, message["booking_id"])
            if is_stale(message, booking):
                found.stale.append(message["id"])
            else:
                found.due.append((message, booking))
        # Made (as hashes) before sending, so a link is never sent that would not work.
        for message, booking in found.due:
            if message["kind"] != CANCELLED:
                found.links[message["id"]] = links.issue(db, booking["id"], iso(now))
    return found


@retrying
def record_outcomes(
    ctx: BookingContext,
    db: Database,
    outcomes: list[tuple[int, str, str | None]],
    unused_links: list[int],
    untried: list[int] | None = None,
) -> None:
    """In one write: each message sent, skipped, failed (tried again later, with its redacted
    error) or rejected (a wrong number: given up at once); the links made for messages that
    did not go out are deleted; the claims of messages not tried are given back."""
    if not outcomes and not unused_links and not untried:
        return
    now = ctx.now()
    with write_transaction(db):
        for link_id in unused_links:
            link_store.delete(db, link_id)
        outbox.release(db, untried or [])
        for message_id, outcome, error in outcomes:
            if outcome == "failed":
                retry_at = retry_time(now, outbox.attempts(db, message_id) + 1)
                outbox.mark_failed(db, message_id, error or "", iso(retry_at))
            elif outcome == "rejected":
                outbox.mark_rejected(db, message_id, error or "")
            else:
                outbox.mark_done(db, message_id, iso(now), outcome)
