"""A wait is promised only while a counter that serves the service is staffed; else the API
says why not (`wait_note`), in the service list, the ticket answer and the ticket status."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from centre.core.hours import OpeningHours
from centre.core.waits import HonestWait, WaitNote, honest_wait
from centre.domain.overview import opening_state
from tests.conftest import CPH, WEEKDAY_HOURS
from tests.test_socketio import wait_for

HOURS = OpeningHours.parse(WEEKDAY_HOURS, CPH)


def issue(kiosk, service="moving"):
    return kiosk.post("/api/v1/tickets", json={"service": service, "language": "da"})


def services(client) -> dict:
    return {s["id"]: s for s in client.get("/api/v1/services").json["services"]}


# -- the pure rule -------------------------------------------------------------------------------


def test_no_staffed_counter_gives_no_number_and_says_when_the_centre_opens_later_today():
    before_opening = datetime(2026, 11, 24, 8, 30, tzinfo=CPH)
    assert honest_wait(3, 8.0, 0, 0, HOURS, before_opening) == HonestWait(
        None, WaitNote("opens_at", datetime(2026, 11, 24, 10, 0, tzinfo=CPH))
    )
    # Thursday's lunch closing: it opens again at 13.
    lunch = datetime(2026, 11, 26, 12, 15, tzinfo=CPH)
    assert honest_wait(1, 8.0, 0, 0, HOURS, lunch).note == WaitNote(
        "opens_at", datetime(2026, 11, 26, 13, 0, tzinfo=CPH)
    )


def test_no_staffed_counter_while_open_or_closed_for_the_day_gives_an_unknown_wait():
    open_now = datetime(2026, 11, 24, 11, 0, tzinfo=CPH)
    after_closing = datetime(2026, 11, 24, 18, 0, tzinfo=CPH)
    assert honest_wait(3, 8.0, 0, 0, HOURS, open_now) == HonestWait(None, WaitNote("unknown"))
    assert honest_wait(0, 8.0, 0, 0, HOURS, after_closing) == HonestWait(None, WaitNote("unknown"))


def test_a_counter_on_a_break_is_expected_back_so_a_number_is_given():
    now = datetime(2026, 11, 24, 11, 0, tzinfo=CPH)
    assert honest_wait(2, 8.0, 0, 1, HOURS, now) == HonestWait(16)
    assert honest_wait(4, 6.0, 2, 2, HOURS, now) == HonestWait(12)


# -- the API -------------------------------------------------------------------------------------


def test_before_anyone_logs_in_no_wait_is_promised_anywhere(kiosk):
    issue(kiosk)
    answer = issue(kiosk)
    assert answer.status_code == 201
    assert answer.json["position"] == 1
    assert answer.json["estimated_wait_minutes"] is None
    assert answer.json["wait_note"] == {"code": "unknown"}
    moving = services(kiosk)["moving"]
    assert (moving["waiting"], moving["estimated_wait_minutes"]) == (2, None)
    assert moving["wait_note"] == {"code": "unknown"}
    status = kiosk.get(f"/api/v1/tickets/{answer.json['id']}").json
    assert (status["estimated_wait_minutes"], status["wait_note"]) == (None, {"code": "unknown"})


def test_a_counter_that_serves_it_brings_the_number_back(kiosk, login):
    issue(kiosk)
    login("staff1", counter="2")
    answer = issue(kiosk)
    assert (answer.json["estimated_wait_minutes"], answer.json["wait_note"]) == (8, None)
    moving = services(kiosk)["moving"]
    assert (moving["estimated_wait_minutes"], moving["wait_note"]) == (16, None)


def test_a_counter_whose_person_cannot_serve_it_does_not_count(kiosk, login):
    login("staff1", counter="2")  # counter staff do not decide tax cases
    issue(kiosk, "tax_decision")
    tax = services(kiosk)["tax_decision"]
    assert (tax["estimated_wait_minutes"], tax["wait_note"]) == (None, {"code": "unknown"})


def test_a_counter_on_a_break_still_counts_as_expected_back(kiosk, login):
    issue(kiosk)
    staff = login("staff1", counter="2")
    assert staff.act("break").status_code == 200
    moving = services(kiosk)["moving"]
    assert (moving["estimated_wait_minutes"], moving["wait_note"]) == (8, None)


def test_after_the_last_counter_logs_out_no_number_is_promised_again(kiosk, login):
    issue(kiosk)
    staff = login("staff1", counter="2")
    assert services(kiosk)["moving"]["estimated_wait_minutes"] == 8
    assert staff.post("/api/v1/logout").status_code == 200
    assert services(kiosk)["moving"]["estimated_wait_minutes"] is None


def test_before_opening_the_reason_is_the_time_the_counter_opens(kiosk, login, clock):
    clock.set(datetime(2026, 11, 24, 8, 30, tzinfo=CPH))
    moving = services(kiosk)["moving"]
    assert moving["estimated_wait_minutes"] is None
    assert moving["wait_note"] == {"code": "opens_at", "time": "2026-11-24T09:00:00.000000+00:00"}
    # Reception may hand out numbers before opening: that answer says so too.
    answer = login("reception1").post(
        "/api/v1/reception/tickets", json={"service": "moving", "language": "da"}
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["estimated_wait_minutes"] is None
    assert answer.json["wait_note"]["code"] == "opens_at"


def test_the_manager_overview_shows_no_wait_beside_no_counter_serving(kiosk, login):
    issue(kiosk)
    overview = login("manager1").get("/api/v1/overview").json
    moving = next(s for s in overview["services"] if s["id"] == "moving")
    assert moving["counters_serving"] == 0
    assert (moving["estimated_wait_minutes"], moving["wait_note"]) == (None, {"code": "unknown"})


# -- the waiting-room display: opening hours, and a fresh snapshot when it opens ----------------


def test_display_learns_at_opening_time_that_the_centre_is_open_and_its_hours(app, clock):
    clock.set(datetime(2026, 11, 24, 8, 30, tzinfo=CPH))
    socketio = app.extensions["enindgang"]["socketio"]
    display = socketio.test_client(app, namespace="/display")
    state, _ = wait_for(display, "/display", "state", lambda s: True)
    opening = state["opening"]
    assert (opening["open"], opening["opens_at"]) == (False, "2026-11-24T09:00:00.000000+00:00")
    assert opening["now"] == "2026-11-24T07:30:00.000000+00:00"
    assert state["waiting"]["moving"]["wait_note"]["code"] == "opens_at"

    # Nothing is committed at 10:00: the screen asks, as its timer does just after opening.
    clock.set(datetime(2026, 11, 24, 10, 0, 1, tzinfo=CPH))
    display.emit("refresh", namespace="/display")
    state, _ = wait_for(display, "/display", "state", lambda s: True)
    assert state["opening"]["open"] is True
    assert state["opening"]["today"] == [
        {"opens": "2026-11-24T09:00:00.000000+00:00", "closes": "2026-11-24T16:00:00.000000+00:00"}
    ]
    assert state["waiting"]["moving"]["wait_note"] == {"code": "unknown"}


def test_a_day_open_until_midnight_closes_at_midnight_on_the_display(ctx, db):
    all_day = replace(ctx, hours=OpeningHours.parse({"tuesday": "00:00-24:00"}, CPH))
    today = opening_state(all_day.hours, all_day)["today"]
    assert today == [
        {"opens": "2026-11-23T23:00:00.000000+00:00", "closes": "2026-11-24T23:00:00.000000+00:00"}
    ]
