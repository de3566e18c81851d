"""Appointment priority in call-next, as a pure rule on a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from centre.core.routing import Candidate, pick_next

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=CPH)
STAFF_SERVICES = frozenset({"health_card", "passport", "tax_questions"})
TAX_SERVICES = frozenset({"tax_decision", "tax_questions"})


def walk_in(id: str, waited_minutes: int, service: str = "health_card", **kw) -> Candidate:
    return Candidate(id, service, NOW - timedelta(minutes=waited_minutes), number=id, **kw)


def appointment(id: str, at_minutes: int, service: str = "passport", arrived: int = 1):
    return Candidate(
        id,
        service,
        NOW - timedelta(minutes=arrived),
        number=id,
        due_at=NOW + timedelta(minutes=at_minutes),
    )


def next_for(tickets, services=STAFF_SERVICES, now=NOW, lead=timedelta(minutes=5)):
    chosen = pick_next(tickets, now, {}, services, "1", "staff1", lead)
    return chosen.id if chosen else None


def test_an_appointment_is_called_first_from_five_minutes_before_its_time():
    tickets = [walk_in("W1", 40), appointment("E1", 5)]
    assert next_for(tickets) == "E1"


def test_an_appointment_waits_while_walk_ins_are_served_until_its_lead_time():
    tickets = [walk_in("W1", 2), appointment("E1", 6, arrived=30)]
    assert next_for(tickets) == "W1"
    assert next_for(tickets, now=NOW + timedelta(minutes=1)) == "E1"


def test_an_early_appointment_is_called_when_nobody_else_waits():
    assert next_for([appointment("E1", 25)]) == "E1"


def test_the_earlier_appointment_goes_first():
    tickets = [appointment("E2", 0, arrived=20), appointment("E1", -3, arrived=1)]
    assert next_for(tickets) == "E1"


def test_a_due_appointment_goes_before_a_priority_walk_in():
    tickets = [walk_in("W1", 10, priority=True), appointment("E1", 0)]
    assert next_for(tickets) == "E1"


def test_a_tax_decision_appointment_goes_only_to_a_tax_secondee():
    tickets = [walk_in("W1", 3), appointment("E1", 0, service="tax_decision")]
    assert next_for(tickets, services=STAFF_SERVICES) == "W1"
    assert next_for(tickets, services=TAX_SERVICES) == "E1"


def test_the_lead_time_is_a_setting():
    tickets = [walk_in("W1", 30), appointment("E1", 15)]
    assert next_for(tickets) == "W1"
    assert next_for(tickets, lead=timedelta(minutes=15)) == "E1"
