"""Calls logged and time on phone duty at a centre reach central's reports after a sync, as
the phone channel of that centre."""

from __future__ import annotations

from booking.domain.roll_up import open_counters
from tests import central_loopback
from tests.test_phone_duty import REPORT, log_call
from tests.test_reports_api import central_login

# This module's centre talks to a real central on loopback (fixtures shared with others).
agent, central, config = central_loopback.agent, central_loopback.central, central_loopback.config


def test_a_call_logged_at_the_centre_reaches_central_as_that_centres_phone_channel(
    login, clock, agent, central
):
    staff = login("staff1", counter="1")
    staff.act("phone")
    assert log_call(staff).status_code == 201
    assert log_call(staff, "tap-2", outcome="booked").status_code == 201
    assert log_call(staff, "tap-2", outcome="booked").status_code == 200  # the double tap
    assert log_call(staff, "tap-3", outcome="put_through", to="valby").status_code == 201
    clock.advance(minutes=12)
    staff.act("phone-end")
    assert agent.run_once() is True
    city = central_login(central, "analyst", "report")
    there = city.get(REPORT + "&by=channel&centre=norrebro")
    assert there.status_code == 200, there.json
    phone = next(row for row in there.json["rows"] if row["key"] == "phone")
    assert phone["served"] == 3
    here = login("manager1").get(REPORT + "&by=channel").json
    assert there.json["rows"] == here["rows"]
    assert there.json["total"] == here["total"]
    assert there.json["total"]["phone_duty_minutes"] == 12.0
    went = city.get(REPORT + "&by=passed_to&centre=norrebro").json["rows"]
    assert {r["key"]: r["visits"] for r in went} == {"valby": 1, "": 2}
    by_centre = city.get(REPORT + "&by=centre").json
    assert [(r["key"], r["phone_duty_minutes"]) for r in by_centre["rows"]] == [("norrebro", 12.0)]


def test_central_counts_a_counter_on_phone_duty_as_not_open_to_citizens():
    def at_counter(kind):
        return {"type": kind, "counter": "1", "ticket_id": None}

    opened = [at_counter("counter.opened")]
    assert open_counters(opened) == 1
    on_phone = [*opened, at_counter("counter.phone_started")]
    assert open_counters(on_phone) == 0
    assert open_counters([*on_phone, at_counter("counter.phone_ended")]) == 1
