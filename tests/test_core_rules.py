"""Pure queue rules with an injected clock: numbering, routing, transitions, waits, hours."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from centre.core.errors import QueueError
from centre.core.hours import OpeningHours, check_can_issue, closed_refusal, week_from
from centre.core.numbering import format_number, local_day
from centre.core.routing import Candidate, order_for_call, pick_next
from centre.core.transitions import next_state
from centre.core.waits import average_service_minutes, estimate_wait_minutes
from kernel.numbering import CODE_ALPHABET, TICKET_LETTERS

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=CPH)
ALL = frozenset({"moving", "tax_questions", "tax_decision", "health_card"})


def ticket(id, service="moving", minutes_ago=0, **kw):
    return Candidate(id=id, service=service, arrived_at=NOW - timedelta(minutes=minutes_ago), **kw)


def test_numbers_are_letter_and_three_digits():
    assert format_number("A", 1) == "A001"
    assert format_number("F", 17) == "F017"
    assert format_number("T", 1234) == "T1234"


def test_confusable_letters_are_never_ticket_letters():
    for letter in "IOLQSZB":
        assert letter not in TICKET_LETTERS
        with pytest.raises(ValueError):
            format_number(letter, 1)
    assert not set("01IOLQSZB25") & set(CODE_ALPHABET)


def test_numbering_day_changes_at_copenhagen_midnight_not_utc():
    # 23:30 UTC on 24 Nov is already 00:30 on 25 Nov in Copenhagen (UTC+1 in winter).
    late = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    assert local_day(late, CPH) == date(2026, 11, 25)
    # In summer (UTC+2) 22:30 UTC is 00:30 local.
    summer = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    assert local_day(summer, CPH) == date(2026, 7, 1)


def test_call_next_prefers_priority_then_longest_wait():
    tickets = [
        ticket("old", minutes_ago=30),
        ticket("new", minutes_ago=1),
        ticket("prio", minutes_ago=0, priority=True),
    ]
    order = order_for_call(tickets, NOW, {}, ALL, "1", "staff1")
    assert [t.id for t in order] == ["prio", "old", "new"]


def test_service_weight_makes_a_service_age_faster():
    tickets = [ticket("moving", "moving", minutes_ago=10), ticket("tax", "tax_questions", 6)]
    assert pick_next(tickets, NOW, {}, ALL, "1", "s").id == "moving"
    assert pick_next(tickets, NOW, {"tax_questions": 2.0}, ALL, "1", "s").id == "tax"


def test_counter_only_calls_services_it_serves():
    tickets = [ticket("tax", "tax_decision", 50), ticket("move", "moving", 1)]
    staff_services = frozenset({"moving", "health_card"})
    assert pick_next(tickets, NOW, {}, staff_services, "1", "staff1").id == "move"
    assert pick_next([tickets[0]], NOW, {}, staff_services, "1", "staff1") is None


def test_ticket_for_a_named_person_goes_only_to_them():
    tickets = [ticket("mine", minutes_ago=1, target_staff="tax1"), ticket("other", minutes_ago=9)]
    assert pick_next(tickets, NOW, {}, ALL, "2", "staff1").id == "other"
    assert pick_next(tickets, NOW, {}, ALL, "3", "tax1").id == "mine"


def test_ticket_transferred_to_a_counter_waits_for_that_counter():
    sent = ticket("sent", "tax_decision", 2, target_counter="4")
    assert pick_next([sent], NOW, {}, frozenset({"moving"}), "4", "x").id == "sent"
    assert pick_next([sent], NOW, {}, ALL, "5", "y") is None


def test_ticket_passed_on_not_to_me_skips_that_person_only_while_someone_else_serves_it():
    passed = ticket("passed", "moving", 30, not_staff="staff1")
    newer = ticket("newer", "moving", 5)
    elsewhere = frozenset({"moving"})
    assert (
        pick_next([passed, newer], NOW, {}, ALL, "1", "staff1", served_elsewhere=elsewhere).id
        == "newer"
    )
    assert pick_next([passed], NOW, {}, ALL, "1", "staff1", served_elsewhere=elsewhere) is None
    # Anyone else gets it first as usual; and with nobody else serving moving, so does staff1.
    assert (
        pick_next([passed, newer], NOW, {}, ALL, "2", "staff2", served_elsewhere=elsewhere).id
        == "passed"
    )
    assert pick_next([passed, newer], NOW, {}, ALL, "1", "staff1").id == "passed"


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        ("waiting", "call", "called"),
        ("called", "recall", "called"),
        ("called", "start", "serving"),
        ("serving", "finish", "done"),
        ("called", "finish", "done"),
        ("called", "no_show", "no_show"),
        ("serving", "park", "parked"),
        ("parked", "unpark", "called"),
        ("serving", "transfer", "waiting"),
    ],
)
def test_transitions_that_make_sense(status, action, expected):
    assert next_state(status, action) == expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("waiting", "finish"),
        ("done", "call"),
        ("serving", "no_show"),
        ("no_show", "start"),
        ("waiting", "recall"),
        ("serving", "recall"),
        ("cancelled", "call"),
        ("waiting", "teleport"),
    ],
)
def test_transitions_that_make_no_sense_are_refused(status, action):
    with pytest.raises(QueueError) as refused:
        next_state(status, action)
    assert refused.value.code == "invalid_state"


def test_wait_is_people_ahead_times_average_over_counters():
    assert estimate_wait_minutes(4, 6.0, 2) == 12
    assert estimate_wait_minutes(3, 10.0, 4) == 8  # 7.5 rounded up
    assert estimate_wait_minutes(0, 10.0, 1) == 0
    # No counter open: still an honest figure, as if one will open.
    assert estimate_wait_minutes(2, 5.0, 0) == 10


def test_average_uses_recent_history_or_the_catalogue_default():
    assert average_service_minutes([], 8) == 8
    assert average_service_minutes([4, 6], 8) == 5
    assert average_service_minutes([100] * 5 + [2] * 20, 8) == 2  # only the last 20


def test_visits_finished_in_seconds_do_not_drag_the_estimate_to_zero():
    assert average_service_minutes([0.01, 0.02], 8) == 8
    assert average_service_minutes([6, 0.01, 4], 8) == 5


HOURS = OpeningHours.parse(
    {"tuesday": "10:00-17:00", "thursday": ["10:00-12:00", "13:00-18:00"]}, CPH
)


def test_closed_before_opening_says_when_it_opens():
    early = datetime(2026, 11, 24, 8, 0, tzinfo=CPH)
    with pytest.raises(QueueError) as closed:
        check_can_issue(HOURS, early, 0, 10)
    assert closed.value.code == "closed"
    assert closed.value.params["opens_at"] == datetime(2026, 11, 24, 10, 0, tzinfo=CPH)


def test_closed_on_a_day_off_points_to_the_next_open_day():
    wednesday = datetime(2026, 11, 25, 11, 0, tzinfo=CPH)
    with pytest.raises(QueueError) as closed:
        check_can_issue(HOURS, wednesday, 0, 10)
    assert closed.value.params["opens_at"] == datetime(2026, 11, 26, 10, 0, tzinfo=CPH)


def test_lunch_break_closes_and_reopens_the_same_day():
    lunch = datetime(2026, 11, 26, 12, 30, tzinfo=CPH)
    with pytest.raises(QueueError) as closed:
        check_can_issue(HOURS, lunch, 0, 5)
    assert closed.value.params["opens_at"] == datetime(2026, 11, 26, 13, 0, tzinfo=CPH)


def test_the_kiosk_hears_closed_only_while_closed_with_when_it_opens():
    assert closed_refusal(HOURS, datetime(2026, 11, 26, 11, 0, tzinfo=CPH)) is None
    lunch = closed_refusal(HOURS, datetime(2026, 11, 26, 12, 30, tzinfo=CPH))
    assert lunch is not None and lunch.code == "closed"
    assert lunch.params["opens_at"] == datetime(2026, 11, 26, 13, 0, tzinfo=CPH)


def test_the_week_from_today_lists_seven_days_with_their_periods_in_local_time():
    # Late on a Monday evening in UTC is already Tuesday in Copenhagen.
    week = week_from(HOURS, datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    assert [day for day, _ in week] == [date(2026, 11, 24) + timedelta(days=n) for n in range(7)]
    assert week[0][1] == [
        (datetime(2026, 11, 24, 10, 0, tzinfo=CPH), datetime(2026, 11, 24, 17, 0, tzinfo=CPH))
    ]
    assert week[1][1] == []  # Wednesday: closed
    assert [start.hour for start, _ in week[2][1]] == [10, 13]  # Thursday's lunch break


def test_near_closing_a_long_wait_is_refused_a_short_one_is_not():
    near = datetime(2026, 11, 24, 16, 30, tzinfo=CPH)
    check_can_issue(HOURS, near, 10, 10)  # done by 16:50
    with pytest.raises(QueueError) as late:
        check_can_issue(HOURS, near, 25, 10)  # would end 17:05
    assert late.value.code == "closing_soon"


def test_opening_hours_with_end_before_start_are_rejected():
    with pytest.raises(ValueError):
        OpeningHours.parse({"monday": "17:00-10:00"}, CPH)
    with pytest.raises(ValueError):
        OpeningHours.parse({"funday": "10:00-12:00"}, CPH)


def test_opening_hours_follow_daylight_saving():
    # 29 March 2026: clocks go forward at 02:00. 10:00 local is 08:00 UTC that day.
    hours = OpeningHours.parse({"sunday": "10:00-12:00"}, CPH)
    assert hours.current_period(datetime(2026, 3, 29, 8, 30, tzinfo=UTC)) is not None
    assert hours.current_period(datetime(2026, 3, 29, 9, 30, tzinfo=UTC)) is not None
    assert hours.current_period(datetime(2026, 3, 29, 10, 30, tzinfo=UTC)) is None
