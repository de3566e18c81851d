"""The staffing plan per hour (kernel/staffing_plan.py): Erlang C for walk-ins, booked times
as load they take, staff beside it, and the hours that fall short."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kernel.erlang import agents_needed
from kernel.plan_export import to_csv
from kernel.staffing_plan import minutes_per_hour, plan_hours, walk_in_need

CPH = ZoneInfo("Europe/Copenhagen")
DAY = date(2026, 12, 7)
SECONDS = {"passport": 600.0, "health_card": 300.0, "tax_decision": 1200.0}
TARGETS = {"passport": 900.0, "health_card": 600.0, "tax_decision": 1800.0}


def plan(walk_ins=None, booked=None, staffed=None, slots=((DAY, 10),), level=0.8):
    return plan_hours(slots, walk_ins or {}, booked or {}, staffed or {}, SECONDS, TARGETS, level)


def test_the_counters_are_erlang_c_for_the_hours_pooled_load():
    walk_ins = {(DAY, 10, "passport"): 10.0, (DAY, 10, "health_card"): 5.0}
    [hour] = plan(walk_ins)
    # 15 arrivals, their mean service time, the stricter target (health card's 10 minutes).
    mean = (10 * 600 + 5 * 300) / 15
    assert hour.walk_in_counters == agents_needed(15, mean, 600, 0.8)
    assert hour.load_erlangs == pytest.approx(10 * 600 / 3600 + 5 * 300 / 3600)
    assert hour.needed == hour.walk_in_counters


def test_a_higher_service_level_needs_at_least_as_many_counters():
    walk_ins = {(DAY, 10, "passport"): 30.0}
    low = plan(walk_ins, level=0.6)[0].needed
    high = plan(walk_ins, level=0.95)[0].needed
    assert high == agents_needed(30, 600, 900, 0.95) and high > low


def test_booked_appointments_add_the_counters_they_take():
    walk_ins = {(DAY, 10, "passport"): 6.0}
    [alone] = plan(walk_ins)
    [booked] = plan(walk_ins, booked={(DAY, 10): 90.0})
    assert booked.booked_counters == 2
    assert booked.needed == alone.needed + 2
    # An hour with only bookings needs their counters.
    [only] = plan(booked={(DAY, 11): 45.0}, slots=())
    assert (only.hour, only.walk_in_counters, only.needed) == (11, 0, 1)


def test_hours_short_of_staff_are_flagged_and_others_not():
    walk_ins = {(DAY, 10, "passport"): 12.0, (DAY, 11, "passport"): 12.0}
    needed = agents_needed(12, 600, 900, 0.8)
    staffed = {(DAY, 10): needed - 0.5, (DAY, 11): float(needed)}
    ten, eleven = plan(walk_ins, staffed=staffed, slots=())
    assert ten.short == 0.5 and eleven.short == 0.0


def test_an_open_hour_nobody_is_expected_in_needs_no_counter():
    [hour] = plan()
    assert (hour.walk_ins, hour.needed, hour.short) == (0.0, 0, 0.0)


def test_walk_in_need_of_nobody_is_zero():
    assert walk_in_need({"passport": 0.0}, SECONDS, TARGETS, 0.8) == (0.0, 0.0, 0)


def test_minutes_per_hour_split_a_span_at_local_hours():
    spans = [(datetime(2026, 12, 7, 9, 0, tzinfo=CPH), datetime(2026, 12, 7, 12, 30, tzinfo=CPH))]
    spans.append(
        (datetime(2026, 12, 7, 11, 15, tzinfo=CPH), datetime(2026, 12, 7, 12, 0, tzinfo=CPH))
    )
    assert minutes_per_hour(spans, CPH) == {
        (DAY, 9): 60.0, (DAY, 10): 60.0, (DAY, 11): 105.0, (DAY, 12): 30.0
    }  # fmt: skip


def test_minutes_per_hour_count_real_minutes_across_the_autumn_clock_change():
    # 25 October 2026: 03:00 summer time becomes 02:00 winter time; 00:00-04:00 is 5 hours.
    from datetime import UTC

    start = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # 00:00 local
    end = datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 04:00 local
    found = minutes_per_hour([(start, end)], CPH)
    day = date(2026, 10, 25)
    assert sum(found.values()) == 300.0
    assert found[day, 2] == 120.0 and found[day, 3] == 60.0


def test_the_csv_has_one_row_per_hour_with_the_shortfall():
    view = {
        "hours": [
            {"day": "2026-12-07", "hour": 10, "walk_ins": 12.0, "load_erlangs": 2.0,
             "walk_in_counters": 4, "booked_minutes": 30.0, "booked_counters": 1, "needed": 5,
             "staffed": 3.5, "short": 1.5},
        ]
    }  # fmt: skip
    text = to_csv(view).decode("utf-8-sig").splitlines()
    assert text[0].split(",")[-3:] == ["needed", "staffed", "short"]
    assert text[1] == "2026-12-07,10,12.0,2.0,4,30.0,1,5,3.5,1.5"
