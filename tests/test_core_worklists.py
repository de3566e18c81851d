"""Pure rules for what a member of staff is shown: their queue, the day's booked times."""

from __future__ import annotations

from datetime import UTC, date
from zoneinfo import ZoneInfo

from centre.core.worklists import day_bounds, visible_appointments, visible_queue

CPH = ZoneInfo("Europe/Copenhagen")


def waiting(number, service="moving", staff=None, counter=None):
    return {"number": number, "service": service, "target_staff": staff, "target_counter": counter}


QUEUE = [
    waiting("F001"),
    waiting("S001", service="tax_decision"),
    waiting("F002", staff="staff2"),
    waiting("F003", counter="2"),
    waiting("F004", staff="staff1"),
]


def test_counter_staff_see_what_is_meant_for_them_first_then_what_they_may_serve():
    shown = visible_queue(QUEUE, "staff", "staff1", "2", {"moving"})
    assert [t["number"] for t in shown] == ["F003", "F004", "F001"]


def test_reception_sees_the_whole_queue_as_it_stands():
    assert visible_queue(QUEUE, "reception", "reception1", None, set()) == QUEUE


def test_a_tax_secondee_sees_only_the_booked_times_of_services_they_may_serve():
    rows = [{"code": "A", "service": "moving"}, {"code": "B", "service": "tax_decision"}]
    assert visible_appointments(rows, "tax", {"tax_decision"}) == [rows[1]]
    assert visible_appointments(rows, "manager", set()) == rows


def test_the_day_of_a_clock_change_is_23_or_25_hours_long():
    def hours(day):
        start, end = day_bounds(day, CPH)
        assert (start.hour, end.hour, end.date() - start.date()) == (0, 0, day.resolution)
        return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600

    assert hours(date(2026, 3, 29)) == 23
    assert hours(date(2026, 10, 25)) == 25
    assert hours(date(2026, 11, 24)) == 24
