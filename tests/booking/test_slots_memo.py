"""Each day's free slots are kept between answers and worked out again when that day's
bookings change: the kept answers are always those worked out afresh."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from booking.core.calendar import HolidayCalendar
from booking.core.slots import day_grid, free_slots
from tests.booking.helpers import CPH, DEFAULT_POLICY, PASSPORT, local, member, utc

HOLIDAYS = HolidayCalendar()
MONDAY_8 = utc(local(2026, 11, 23, 8))
STAFF = [
    member("anna", hours="09:00-12:00"),
    member("bo", hours="10:00-14:00"),
    member("carl", hours="09:00-11:00"),
]
FIRST = utc(local(2026, 11, 24, 0))
WINDOW = (FIRST, FIRST + timedelta(days=4))


def grid(day: date):
    return day_grid(PASSPORT, STAFF, day, CPH, HOLIDAYS)


def answer(busy, memo=None, window=WINDOW):
    return free_slots(
        PASSPORT, STAFF, busy, window, MONDAY_8, DEFAULT_POLICY, CPH, HOLIDAYS,
        grid=grid, memo=memo,
    )  # fmt: skip


# A booked block: which member, which day (of four), minutes after 08:30, and how long.
blocks = st.lists(
    st.tuples(
        st.sampled_from(["anna", "bo", "carl"]),
        st.integers(0, 3),
        st.integers(0, 360),
        st.sampled_from([10, 20, 45, 90]),
    ),
    max_size=12,
)


def busy_of(found) -> dict:
    busy: dict = {}
    for who, day, minutes, length in found:
        start = utc(local(2026, 11, 24 + day, 8, 30)) + timedelta(minutes=minutes)
        busy.setdefault(who, []).append((start, start + timedelta(minutes=length)))
    return busy


@settings(max_examples=150, deadline=None)
@given(st.lists(blocks, min_size=1, max_size=5), st.integers(0, 3), st.integers(0, 95))
def test_kept_day_answers_equal_fresh_ones_as_bookings_come_and_go(states, day, hours):
    memo: dict = {}
    for found in states:
        busy = busy_of(found)
        assert answer(busy, memo) == answer(busy)
        # A window that cuts into a day uses the same kept day.
        cut = (FIRST + timedelta(days=day, hours=hours / 4), WINDOW[1])
        assert answer(busy, memo, cut) == answer(busy, None, cut)


def test_a_day_whose_bookings_did_not_change_is_not_worked_out_again():
    nine = utc(local(2026, 11, 24, 9))
    memo: dict = {}
    answer({"anna": [(nine, nine + PASSPORT.block)]}, memo)
    tuesday = memo[date(2026, 11, 24)]
    # A booking on Wednesday changes Wednesday only.
    wednesday_ten = utc(local(2026, 11, 25, 10))
    busy = {
        "anna": [(nine, nine + PASSPORT.block)],
        "bo": [(wednesday_ten, wednesday_ten + PASSPORT.block)],
    }
    answer(busy, memo)
    assert memo[date(2026, 11, 24)] is tuesday
    assert memo[date(2026, 11, 25)][0] != ()
