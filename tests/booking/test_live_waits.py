"""A centre's walk-in queue per service from its uploaded events (pure): who still waits, for
which service after a transfer, how long, and what the phone may tell a caller."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from booking.core.live_waits import queues

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def ev(minutes_ago: float, kind: str, ticket: str, **data) -> dict:
    at = (NOW - timedelta(minutes=minutes_ago)).isoformat()
    return {"at": at, "type": kind, "ticket_id": ticket, "data": json.dumps(data)}


def test_a_transferred_ticket_waits_in_its_new_service_from_its_first_arrival():
    events = [
        ev(30, "ticket.issued", "a", service="moving"),
        ev(25, "ticket.called", "a", waited_seconds=300, service="moving"),
        ev(20, "ticket.transferred", "a", from_service="moving", to_service="housing"),
    ]
    found = queues(events, NOW, counters_open=1)
    assert found["housing"].waiting == 1 and found["housing"].longest_minutes == 30
    assert "moving" not in found  # the domain shows such a service as nobody waiting


def test_served_and_no_show_tickets_no_longer_wait_and_parked_or_returned_ones_do():
    events = [
        ev(40, "ticket.issued", "a", service="moving"),
        ev(35, "ticket.called", "a", waited_seconds=300),
        ev(30, "ticket.finished", "a"),
        ev(20, "ticket.issued", "b", service="moving"),
        ev(15, "ticket.called", "b", waited_seconds=300),
        ev(10, "ticket.no_show", "b"),
        ev(12, "ticket.issued", "c", service="moving"),
        ev(11, "ticket.called", "c", waited_seconds=60),
        ev(10, "ticket.parked", "c"),
        ev(8, "ticket.issued", "d", service="moving"),
        ev(7, "ticket.called", "d", waited_seconds=60),
        ev(6, "ticket.returned", "d"),
    ]
    moving = queues(events, NOW, counters_open=1)["moving"]
    assert moving.waiting == 2
    assert moving.longest_minutes == 12
    assert moving.recent_minutes == 3  # (300 + 300 + 60 + 60) / 4 s
    assert moving.wait_minutes == 12


def test_only_calls_of_the_last_hour_make_the_recent_wait():
    events = [
        ev(90, "ticket.issued", "a", service="moving"),
        ev(80, "ticket.called", "a", waited_seconds=600),
        ev(50, "ticket.issued", "b", service="moving"),
        ev(48, "ticket.called", "b", waited_seconds=120),
    ]
    moving = queues(events, NOW, counters_open=1)["moving"]
    assert moving.recent_minutes == 2 and moving.waiting == 0 and moving.wait_minutes == 0


def test_nobody_waiting_is_no_queue_only_while_a_counter_is_open():
    events = [ev(5, "ticket.issued", "a", service="moving"), ev(4, "ticket.called", "a")]
    assert queues(events, NOW, counters_open=1)["moving"].wait_minutes == 0
    assert queues(events, NOW, counters_open=0)["moving"].wait_minutes is None


def test_people_waiting_where_nobody_serves_still_get_the_time_waited_so_far():
    events = [ev(25, "ticket.issued", "a", service="moving")]
    moving = queues(events, NOW, counters_open=0)["moving"]
    assert (moving.waiting, moving.longest_minutes, moving.wait_minutes) == (1, 25, 25)


def test_booked_check_ins_are_no_walk_in_queue():
    events = [ev(5, "ticket.checked_in", "a", service="passport", booking_code="KR7M")]
    assert queues(events, NOW, counters_open=1) == {}
