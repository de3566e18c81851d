"""Slot computation with an injected clock: pool, hours, breaks, absences, buffers, window."""

from __future__ import annotations

from datetime import date, timedelta

from booking.core.calendar import HolidayCalendar, day_bounds
from booking.core.model import Policy, ServiceRule
from booking.core.slots import BusyIndex, choose_staff, free_slots, nearest
from kernel.clock import FixedClock
from tests.booking.helpers import (
    CPH,
    DEFAULT_POLICY,
    HEALTH_CARD,
    PASSPORT,
    TAX_DECISION,
    TAX_QUESTIONS,
    local,
    member,
    utc,
)

HOLIDAYS = HolidayCalendar()
# Monday 23 November 2026, 08:00 in Copenhagen: before the centres open.
MONDAY_8 = local(2026, 11, 23, 8)
TUESDAY = date(2026, 11, 24)
HALF_HOUR = ServiceRule("half_hour", minutes=30)
NIGHT = frozenset({"half_hour"})


def slots_on(day, service, staff, busy=None, now=None, policy=DEFAULT_POLICY):
    clock = FixedClock(now or MONDAY_8)
    return free_slots(
        service, staff, busy or {}, day_bounds(day, CPH), clock.now(), policy, CPH, HOLIDAYS
    )


def local_times(slots) -> list[str]:
    return [slot.start.astimezone(CPH).strftime("%H:%M") for slot in slots]


def test_slots_follow_weekly_hours_on_a_grid_of_length_plus_buffer():
    slots = slots_on(TUESDAY, PASSPORT, [member("anna", hours="09:00-10:00")])
    # 15 minutes + 5 buffer: a 20-minute grid; the last appointment ends by 10:00.
    assert local_times(slots) == ["09:00", "09:20", "09:40"]
    assert all(slot.end - slot.start == timedelta(minutes=15) for slot in slots)
    assert all(slot.centre == "norrebro" for slot in slots)


def test_no_slots_on_days_without_working_hours():
    saturday = date(2026, 11, 28)
    assert slots_on(saturday, PASSPORT, [member("anna")]) == []


def test_pooled_slot_stays_bookable_until_every_qualified_member_is_busy():
    staff = [member("anna", hours="09:00-10:00"), member("bo", hours="09:00-10:00")]
    nine = utc(local(2026, 11, 24, 9))
    block = (nine, nine + PASSPORT.block)
    one_busy = slots_on(TUESDAY, PASSPORT, staff, busy={"anna": [block]})
    assert local_times(one_busy)[0] == "09:00"
    assert one_busy[0].staff == ("bo",)
    both_busy = slots_on(TUESDAY, PASSPORT, staff, busy={"anna": [block], "bo": [block]})
    assert local_times(both_busy) == ["09:20", "09:40"]


def test_members_not_listed_for_a_service_do_not_count():
    staff = [member("anna"), member("bo", services=frozenset({"health_card"}))]
    slots = slots_on(TUESDAY, PASSPORT, staff)
    assert {slot.staff for slot in slots} == {("anna",)}


def test_lunch_break_removes_slots_and_the_grid_restarts_after_it():
    staff = [member("anna", hours="11:00-13:30", lunch="12:00-12:30")]
    times = local_times(slots_on(TUESDAY, PASSPORT, staff))
    # 11:40 ends at 11:55 (its buffer may run into the break), 12:00 would be inside the break.
    assert times == ["11:00", "11:20", "11:40", "12:30", "12:50", "13:10"]


def test_absence_removes_slots_of_that_member_only():
    absent = (local(2026, 11, 24, 0), local(2026, 11, 25, 0))
    staff = [member("anna", absences=[absent]), member("bo", hours="09:00-10:00")]
    tuesday = slots_on(TUESDAY, PASSPORT, staff)
    assert {slot.staff for slot in tuesday} == {("bo",)}
    wednesday = slots_on(date(2026, 11, 25), PASSPORT, staff)
    assert ("anna", "bo") in {slot.staff for slot in wednesday}


def test_part_day_absence_restarts_the_grid_when_the_member_is_back():
    absent = (local(2026, 11, 24, 9, 30), local(2026, 11, 24, 10, 0))
    staff = [member("anna", hours="09:00-11:00", absences=[absent])]
    times = local_times(slots_on(TUESDAY, PASSPORT, staff))
    assert times == ["09:00", "10:00", "10:20", "10:40"]


def test_extra_day_adds_working_hours_on_a_saturday():
    saturday = date(2026, 11, 28)
    staff = [member("anna", extra_days={saturday: "10:00-11:00"})]
    assert local_times(slots_on(saturday, PASSPORT, staff)) == ["10:00", "10:20", "10:40"]


def test_buffer_of_an_existing_booking_keeps_the_next_appointment_apart():
    staff = [member("anna", hours="09:00-10:00")]
    nine = utc(local(2026, 11, 24, 9))
    # A passport booking at 09:00 keeps anna busy until 09:20 (15 minutes + 5 buffer).
    busy = {"anna": [(nine, nine + PASSPORT.block)]}
    times = local_times(slots_on(TUESDAY, HEALTH_CARD, staff, busy=busy))
    assert times[:3] == ["09:24", "09:30", "09:36"]
    assert "09:18" not in times


def test_buffer_of_the_new_appointment_must_not_run_into_the_next_booking():
    staff = [member("anna", hours="09:00-10:00")]
    nine_thirty = utc(local(2026, 11, 24, 9, 30))
    busy = {"anna": [(nine_thirty, nine_thirty + HEALTH_CARD.block)]}
    # 09:20 + 15 minutes ends 09:35 and would overlap; 09:00 ends with its buffer at 09:20.
    times = local_times(slots_on(TUESDAY, PASSPORT, staff, busy=busy))
    assert times == ["09:00", "09:40"]


def test_minimum_notice_hides_slots_that_start_too_soon():
    now = local(2026, 11, 24, 9, 5)
    policy = Policy(min_notice=timedelta(hours=2), horizon_days=60)
    slots = slots_on(TUESDAY, PASSPORT, [member("anna")], now=now, policy=policy)
    assert local_times(slots)[0] == "11:20"
    assert all(slot.start >= utc(now) + timedelta(hours=2) for slot in slots)


def test_booking_horizon_ends_on_the_last_day():
    policy = Policy(min_notice=timedelta(0), horizon_days=7)
    staff = [member("anna")]
    last = MONDAY_8.date() + timedelta(days=7)
    assert slots_on(last, PASSPORT, staff, policy=policy)
    assert slots_on(last + timedelta(days=1), PASSPORT, staff, policy=policy) == []


def test_centres_are_closed_on_danish_public_holidays():
    now = local(2026, 12, 1, 8)
    staff = [member("anna", extra_days={date(2026, 12, 26): "10:00-12:00"})]
    christmas_day = date(2026, 12, 25)  # a Friday
    assert slots_on(christmas_day, PASSPORT, staff, now=now) == []
    # An extra day does not open a holiday (Second Day of Christmas, a Saturday).
    assert slots_on(date(2026, 12, 26), PASSPORT, staff, now=now) == []
    assert slots_on(date(2026, 12, 28), PASSPORT, staff, now=now)
    easter_monday = date(2027, 3, 29)
    later = local(2027, 3, 20, 8)
    assert slots_on(easter_monday, PASSPORT, staff, now=later) == []
    assert HOLIDAYS.name(easter_monday) == "Anden påskedag"


def test_spring_daylight_saving_day_has_summer_time_offsets():
    spring = date(2026, 3, 29)  # last Sunday of March: 02:00 becomes 03:00
    now = local(2026, 3, 20, 8)
    staff = [member("anna", hours="09:00-10:00", days=range(7))]
    slots = slots_on(spring, PASSPORT, staff, now=now)
    assert [s.start.astimezone(CPH).isoformat() for s in slots] == [
        "2026-03-29T09:00:00+02:00",
        "2026-03-29T09:20:00+02:00",
        "2026-03-29T09:40:00+02:00",
    ]
    saturday = slots_on(date(2026, 3, 28), PASSPORT, staff, now=now)
    assert saturday[0].start.astimezone(CPH).isoformat() == "2026-03-28T09:00:00+01:00"


def test_spring_night_shift_loses_the_missing_hour():
    spring = date(2026, 3, 29)
    staff = [member("anna", services=NIGHT, hours="01:00-04:00", days=range(7))]
    slots = slots_on(spring, HALF_HOUR, staff, now=local(2026, 3, 20, 8))
    # 01:00 to 04:00 on the wall clock is only two real hours that night.
    assert local_times(slots) == ["01:00", "01:30", "03:00", "03:30"]
    assert len({slot.start for slot in slots}) == 4


def test_autumn_daylight_saving_day_has_winter_time_offsets_and_the_extra_hour():
    autumn = date(2026, 10, 25)  # last Sunday of October: 03:00 becomes 02:00
    now = local(2026, 10, 20, 8)
    day_staff = [member("anna", hours="09:00-10:00", days=range(7))]
    slots = slots_on(autumn, PASSPORT, day_staff, now=now)
    assert slots[0].start.astimezone(CPH).isoformat() == "2026-10-25T09:00:00+01:00"
    night = [member("anna", services=NIGHT, hours="01:00-04:00", days=range(7))]
    night_slots = slots_on(autumn, HALF_HOUR, night, now=now)
    # Four real hours: 02:00 and 02:30 happen twice, once in summer and once in winter time.
    assert len(night_slots) == 8
    offsets = [s.start.astimezone(CPH).strftime("%H:%M%z") for s in night_slots]
    assert offsets[2:6] == ["02:00+0200", "02:30+0200", "02:00+0100", "02:30+0100"]


def test_tax_decisions_only_go_to_tax_secondees():
    staff = [member("anna"), member("tina", role="tax")]
    slots = slots_on(TUESDAY, TAX_DECISION, staff)
    assert slots and {slot.staff for slot in slots} == {("tina",)}
    assert slots_on(TUESDAY, TAX_DECISION, [member("anna")]) == []


def test_tax_questions_pool_both_roles():
    staff = [member("anna"), member("tina", role="tax")]
    slots = slots_on(TUESDAY, TAX_QUESTIONS, staff)
    assert slots[0].staff == ("anna", "tina")


def test_choose_staff_keeps_the_secondee_free_and_spreads_the_load():
    staff = {m.id: m for m in (member("anna"), member("bo"), member("tina", role="tax"))}
    free = ("anna", "bo", "tina")
    assert choose_staff(TAX_QUESTIONS, free, staff, {}) == "anna"
    assert choose_staff(TAX_QUESTIONS, free, staff, {"anna": 3, "bo": 1}) == "bo"
    assert choose_staff(TAX_QUESTIONS, ("tina",), staff, {}) == "tina"
    assert choose_staff(TAX_DECISION, ("tina",), staff, {"tina": 9}) == "tina"


def test_nearest_alternatives_are_closest_in_time_and_skip_the_wanted_slot():
    slots = slots_on(TUESDAY, PASSPORT, [member("anna", hours="09:00-11:00")])
    wanted = utc(local(2026, 11, 24, 10))
    picked = nearest(slots, wanted, count=3)
    # 09:40 and 10:20 are 20 minutes away; of the two 40 minutes away the earlier one wins.
    assert local_times(picked) == ["09:20", "09:40", "10:20"]
    assert wanted not in {slot.start for slot in picked}
    assert len(picked) == 3


def test_busy_index_detects_overlap_with_a_long_earlier_block():
    nine = utc(local(2026, 11, 24, 9))
    index = BusyIndex([(nine, nine + timedelta(hours=2)), (nine + timedelta(minutes=30), nine)])
    assert not index.is_free(nine + timedelta(hours=1), nine + timedelta(hours=1, minutes=10))
    assert index.is_free(nine + timedelta(hours=2), nine + timedelta(hours=3))
    assert index.is_free(nine - timedelta(hours=1), nine)
