"""Central records, once a day, each centre's first free time per booked service."""

from __future__ import annotations

from datetime import date, timedelta

from booking.core.calendar import HolidayCalendar, working_days_between
from booking.mail.ticker import run_round
from booking.store import first_free as first_free_store
from booking.store import setup as setup_store
from kernel.clock import iso
from kernel.db import write_transaction
from tests.booking.helpers import local


def away(db, staff_id: str, start, end) -> None:
    with write_transaction(db):
        setup_store.add_absence(db, staff_id, iso(start), iso(end), "ferie")


def recorded(db, day: str) -> dict[tuple[str, str], int | None]:
    return {
        (r["centre"], r["service"]): r["working_days"]
        for r in first_free_store.between(db, day, day)
    }


def test_each_centre_and_booked_service_gets_the_working_days_to_its_first_free_time(
    central, central_db, clock
):
    # Monday 23 November 08:00. Nørrebro's two passport staff are away Monday to Wednesday:
    # the first free time is Thursday, three working days on. Østerbro's only one is away
    # past the booking window (60 days): no free time at all.
    away(central_db, "anna", local(2026, 11, 23), local(2026, 11, 26))
    away(central_db, "bo", local(2026, 11, 23), local(2026, 11, 26))
    away(central_db, "carl", local(2026, 11, 1), local(2027, 3, 1))
    result = run_round(central, purge=False)
    assert result["first_free"] == 4
    assert recorded(central_db, "2026-11-23") == {
        ("norrebro", "passport"): 3,
        ("norrebro", "driving_licence"): 3,
        ("osterbro", "passport"): None,
        ("osterbro", "driving_licence"): None,
    }


def test_a_free_time_later_today_is_zero_working_days_and_the_weekend_does_not_count(
    central, central_db, clock
):
    run_round(central, purge=False)
    assert set(recorded(central_db, "2026-11-23").values()) == {0}
    # Friday 27 November, 15:00: with two hours' notice nothing is left today; Monday is one
    # working day on.
    clock.set(local(2026, 11, 27, 15))
    run_round(central, purge=False)
    assert set(recorded(central_db, "2026-11-27").values()) == {1}


def test_the_day_is_recorded_once_however_often_the_ticker_runs(central, central_db, clock):
    assert run_round(central, purge=False)["first_free"] == 4
    clock.advance(hours=3)
    assert run_round(central, purge=False)["first_free"] == 0
    assert first_free_store.count(central_db) == 4
    clock.advance(days=1)
    assert run_round(central, purge=False)["first_free"] == 4
    assert first_free_store.count(central_db) == 8


def test_only_services_that_must_be_booked_are_recorded(central, central_db):
    run_round(central, purge=False)
    services = {service for _, service in recorded(central_db, "2026-11-23")}
    assert services == {"passport", "driving_licence"}


def test_working_days_skip_weekends_and_public_holidays():
    holidays = HolidayCalendar()
    wednesday = date(2026, 12, 23)
    # Thursday 24th works; Christmas Day and Boxing Day (Friday, Saturday) do not; Monday does.
    assert working_days_between(wednesday, date(2026, 12, 28), holidays) == 2
    assert working_days_between(wednesday, wednesday, holidays) == 0
    friday = date(2026, 11, 27)
    assert working_days_between(friday, friday + timedelta(days=3), holidays) == 1
