"""Checks on a requested time and on what people type: each refusal has its own reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from booking.core import validation
from booking.core.calendar import HolidayCalendar
from booking.core.errors import BookingError
from booking.core.model import Policy
from booking.core.rules import check_requested_slot
from kernel.clock import FixedClock
from tests.booking.helpers import CPH, PASSPORT, TAX_DECISION, local, member, utc

HOLIDAYS = HolidayCalendar()
POLICY = Policy(min_notice=timedelta(hours=2), horizon_days=30)
STAFF = [member("anna", hours="09:00-12:00"), member("bo", hours="09:00-12:00")]


def check(start, busy=None, staff=STAFF, service=PASSPORT, now=None):
    clock = FixedClock(now or local(2026, 11, 23, 8))
    return check_requested_slot(
        service, staff, busy or {}, utc(start), clock.now(), POLICY, CPH, HOLIDAYS
    )


def reason(excinfo) -> tuple[str, dict]:
    return excinfo.value.code, excinfo.value.fields


def test_a_free_grid_time_is_bookable_with_every_free_member():
    slot = check(local(2026, 11, 24, 9, 20))
    assert slot.staff == ("anna", "bo")
    assert slot.end - slot.start == timedelta(minutes=15)


@pytest.mark.parametrize(
    ("start", "field", "code"),
    [
        (local(2026, 11, 23, 7), "start", "past"),
        (local(2026, 11, 23, 9, 0), "start", "too_soon"),
        (local(2027, 1, 4, 9, 0), "start", "beyond_horizon"),
        (local(2026, 12, 25, 9, 0), "start", "closed_day"),
        (local(2026, 11, 24, 9, 7), "start", "outside_hours"),
        (local(2026, 11, 24, 12, 0), "start", "outside_hours"),
        (local(2026, 11, 28, 9, 0), "start", "outside_hours"),
    ],
)
def test_times_that_can_never_be_booked_are_validation_errors(start, field, code):
    now = local(2026, 11, 23, 8) if code != "closed_day" else local(2026, 12, 1, 8)
    with pytest.raises(BookingError) as excinfo:
        check(start, now=now)
    assert reason(excinfo) == ("validation", {field: code})


def test_a_service_nobody_at_the_centre_may_handle_is_not_offered_there():
    with pytest.raises(BookingError) as excinfo:
        check(local(2026, 11, 24, 9), service=TAX_DECISION)
    assert reason(excinfo) == ("validation", {"centre": "service_not_offered"})


def test_a_real_slot_with_every_member_busy_is_taken():
    start = utc(local(2026, 11, 24, 9, 20))
    block = (start, start + PASSPORT.block)
    with pytest.raises(BookingError) as excinfo:
        check(local(2026, 11, 24, 9, 20), busy={"anna": [block], "bo": [block]})
    assert excinfo.value.code == "slot_taken"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12 34 56 78", "+4512345678"),
        ("+45 12-34-56-78", "+4512345678"),
        ("0045 12345678", "+4512345678"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_phone_numbers_are_stored_in_international_form(typed, expected):
    assert validation.phone(typed) == expected


@pytest.mark.parametrize("typed", ["1234", "abc", "+45 1234 5678 9", "", "+0 12345678"])
def test_malformed_phone_numbers_are_refused(typed):
    with pytest.raises(BookingError) as excinfo:
        validation.phone(typed)
    assert excinfo.value.fields == {"phone": "invalid"}


def test_email_is_checked_and_its_domain_lower_cased():
    assert validation.email(" Jens.Hansen@Example.DK ") == "Jens.Hansen@example.dk"
    for bad in ("jens", "jens@", "@example.dk", "a b@example.dk", "jens@example"):
        with pytest.raises(BookingError):
            validation.email(bad)
    with pytest.raises(BookingError) as excinfo:
        validation.email("a" * 60 + "@" + "b" * 200 + ".dk")
    assert excinfo.value.fields == {"email": "too_long"}


def test_contact_needs_an_email_or_a_phone_and_reports_both_problems():
    assert validation.contact({"email": "a@b.dk"}) == ("a@b.dk", None)
    assert validation.contact({"phone": "12345678"}) == (None, "+4512345678")
    with pytest.raises(BookingError) as excinfo:
        validation.contact({})
    assert excinfo.value.fields == {"contact": "required"}
    with pytest.raises(BookingError) as excinfo:
        validation.contact({"email": "nope", "phone": "1"})
    assert excinfo.value.fields == {"email": "invalid", "phone": "invalid"}


def test_names_are_trimmed_and_limited():
    assert validation.name("  Ida   Ærø ") == "Ida Ærø"
    for bad, code in (
        ("", "required"),
        ("x" * 101, "too_long"),
        ("Ida\x00", "invalid"),
        (5, "invalid"),
    ):
        with pytest.raises(BookingError) as excinfo:
            validation.name(bad)
        assert excinfo.value.fields == {"name": code}


def test_times_need_their_utc_offset():
    moment = validation.instant("2026-11-24T09:00:00+01:00")
    assert moment == utc(local(2026, 11, 24, 9))
    assert validation.instant("2026-11-24T08:00:00Z") == moment
    for bad, code in (
        ("2026-11-24T09:00:00", "needs_offset"),
        ("tomorrow", "invalid"),
        (None, "required"),
        (12, "invalid"),
    ):
        with pytest.raises(BookingError) as excinfo:
            validation.instant(bad)
        assert excinfo.value.fields == {"start": code}


def test_days_are_iso_dates():
    assert validation.day("2026-11-24", "from") == date(2026, 11, 24)
    with pytest.raises(BookingError) as excinfo:
        validation.day("24.11.2026", "from")
    assert excinfo.value.fields == {"from": "invalid"}
