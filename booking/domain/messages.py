"""Which messages go out: queued in the same transaction as the change, reminders once."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlite_utils import Database

from booking.core.calendar import local_day, local_instant
from booking.domain.context import BookingContext
from booking.store import bookings as booking_store
from booking.store import outbox
from kernel.clock import iso
from kernel.db import write_transaction

CONFIRMATION = "confirmation"
REMINDER = "reminder"
MOVED = "moved"
CANCELLED = "cancelled"


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
