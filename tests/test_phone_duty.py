"""Phone duty at a counter: no citizen is called there, the waits do not count on it, the calls
taken are logged as this centre's phone visits, and the reports count the time on duty."""

from __future__ import annotations

import pytest

from centre.domain import live_wait
from centre.store import events as event_store
from kernel import visit_store
from tests.conftest import TUESDAY_10

DAY = TUESDAY_10.date().isoformat()
REPORT = f"/api/v1/reports/visits?from={DAY}&to={DAY}"


def issue(kiosk, service="moving"):
    answer = kiosk.post("/api/v1/tickets", json={"service": service})
    assert answer.status_code == 201, answer.json
    return answer.json


def log_call(staff, nonce="tap-1", **body):
    return staff.act(
        "call-log", {"service": "moving", "outcome": "answered", "nonce": nonce, **body}
    )


def test_phone_duty_keeps_calls_away_and_the_ticket_goes_to_another_counter(kiosk, login):
    ticket = issue(kiosk)
    phone = login("staff1", counter="1")
    other = login("staff2", counter="2")
    assert phone.act("phone").json["counter"]["state"] == "phone"
    refused = phone.act("call-next")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "on_phone"
    assert refused.json["error"]["message"]
    assert phone.act("call", {"ticket": ticket["number"]}).json["error"]["code"] == "on_phone"
    assert other.act("call-next").json["ticket"]["id"] == ticket["id"]
    assert phone.act("phone-end").json["counter"]["state"] == "open"
    issue(kiosk)
    assert phone.act("call-next").json["ticket"]["number"] == "F002"


def test_phone_duty_needs_a_free_counter_and_ending_it_needs_being_on_it(kiosk, login):
    issue(kiosk)
    staff = login("staff1", counter="1")
    assert staff.act("phone-end").json["error"]["code"] == "invalid_state"
    staff.act("call-next")
    busy = staff.act("phone")
    assert (busy.status_code, busy.json["error"]["code"]) == (409, "invalid_state")
    staff.act("finish")
    staff.act("break")
    assert staff.act("phone").json["error"]["code"] == "on_break"


def test_the_waits_leave_a_counter_on_phone_duty_out_like_one_on_a_break(kiosk, login, ctx, db):
    phone = login("staff1", counter="1")
    login("staff2", counter="2")
    assert phone.act("phone").status_code == 200
    counted = [c.counter for c in live_wait.read(ctx, db).counters]
    assert counted == ["2"]


def test_a_counter_on_phone_duty_is_still_expected_back_so_a_wait_is_promised(kiosk, login):
    assert login("staff1", counter="1").act("phone").status_code == 200
    issue(kiosk)
    answer = issue(kiosk)
    # As with a break: one counter expected back, the queue's length with it.
    assert (answer["estimated_wait_minutes"], answer["estimated_wait_range"]) == (8, [5, 15])


def test_a_call_logged_at_the_counter_counts_as_this_centres_phone_channel(login, ctx):
    staff = login("staff1", counter="1")
    staff.act("phone")
    first = log_call(staff)
    assert first.status_code == 201, first.json
    handed = log_call(staff, "tap-2", outcome="handed_over", administration="FAF")
    assert handed.json["call"]["handed_to"] == "FAF"
    report = login("manager1").get(REPORT + "&by=channel").json
    phone_row = next(row for row in report["rows"] if row["key"] == "phone")
    assert phone_row["served"] == 2
    assert phone_row["label"]


def test_a_call_put_through_at_the_counter_names_the_centre_and_the_report_shows_it(login):
    staff = login("staff1", counter="1")
    staff.act("phone")
    to_valby = log_call(staff, "tap-1", outcome="put_through", to="valby")
    assert to_valby.status_code == 201, to_valby.json
    assert to_valby.json["call"] == {**to_valby.json["call"], "handed_to": "valby"}
    assert log_call(staff, "tap-2", outcome="put_through", to="KSR").status_code == 201
    assert log_call(staff, "tap-3").status_code == 201
    report = login("manager1").get(REPORT + "&by=passed_to&lang=da").json
    rows = {row["key"]: (row["visits"], row["label"]) for row in report["rows"]}
    assert rows == {
        "valby": (1, "Borgerservice Valby"),
        "KSR": (1, "Københavns Skatter og Registre"),
        "": (1, "Ikke sendt videre"),
    }


def test_a_double_tap_logs_one_call(login, db, ctx):
    staff = login("staff1", counter="1")
    assert log_call(staff).status_code == 201
    again = log_call(staff)
    assert again.status_code == 200
    assert again.json["repeat"] is True
    assert visit_store.count(db, ctx.id) == 1
    # Another person's same nonce is their own tap.
    assert log_call(login("staff2", counter="2")).status_code == 201


@pytest.mark.parametrize(
    "body, field",
    [
        ([], "body"),
        ({"service": "nope", "outcome": "answered", "nonce": "x"}, "service"),
        ({"service": ["moving"], "outcome": "answered", "nonce": "x"}, "service"),
        ({"service": "moving", "outcome": "resolved", "nonce": "x"}, "outcome"),
        ({"service": "moving", "outcome": {"a": 1}, "nonce": "x"}, "outcome"),
        ({"service": "moving", "outcome": "handed_over", "nonce": "x"}, "administration"),
        (
            {"service": "moving", "outcome": "handed_over", "administration": [1], "nonce": "x"},
            "administration",
        ),
        (
            {"service": "moving", "outcome": "answered", "administration": "FAF", "nonce": "x"},
            "administration",
        ),
        ({"service": "moving", "outcome": "put_through", "nonce": "x"}, "to"),
        ({"service": "moving", "outcome": "put_through", "to": "atlantis", "nonce": "x"}, "to"),
        ({"service": "moving", "outcome": "put_through", "to": ["valby"], "nonce": "x"}, "to"),
        ({"service": "moving", "outcome": "answered", "to": "valby", "nonce": "x"}, "to"),
        ({"service": "moving", "outcome": "answered"}, "nonce"),
        ({"service": "moving", "outcome": "answered", "nonce": "x" * 65}, "nonce"),
        ({"service": "moving", "outcome": "answered", "nonce": 7}, "nonce"),
    ],
)
def test_a_bad_call_body_is_refused_naming_the_field(login, body, field):
    answer = login("staff1", counter="1").act("call-log", body)
    assert answer.status_code == 422, answer.json
    assert answer.json["error"]["code"] == "validation"
    assert answer.json["error"]["field"] == field


def test_only_someone_at_a_counter_logs_calls_or_goes_on_phone_duty(login, kiosk):
    reception = login("reception1")
    assert reception.act("phone").status_code == 409
    assert log_call(reception).status_code == 409
    assert kiosk.post("/api/v1/counter/phone").status_code in (400, 401)


def test_time_on_phone_duty_is_counted_in_the_report_until_it_ends(login, clock):
    staff = login("staff1", counter="1")
    staff.act("phone")
    clock.advance(minutes=25)
    staff.act("phone-end")
    clock.advance(minutes=10)
    staff.act("phone")
    clock.advance(minutes=5)
    # Leaving the counter ends the duty too.
    assert staff.post("/api/v1/logout").status_code == 200
    manager = login("manager1")
    by_day = manager.get(REPORT + "&by=day").json
    assert by_day["total"]["phone_duty_minutes"] == 30.0
    assert [(r["key"], r["phone_duty_minutes"]) for r in by_day["rows"]] == [(DAY, 30.0)]
    by_service = manager.get(REPORT + "&by=service").json
    assert by_service["total"]["phone_duty_minutes"] == 30.0
    assert all("phone_duty_minutes" not in row for row in by_service["rows"])
    csv = manager.get(REPORT + "&by=day&format=csv").get_data(as_text=True)
    header, *lines = csv.lstrip("\ufeff").splitlines()
    assert header.endswith(",phone_duty_minutes")
    assert lines[-1].startswith("total,") and lines[-1].endswith(",30.0")


def test_phone_duty_events_say_when_it_began_and_ended(login, clock, db):
    staff = login("staff1", counter="1")
    staff.act("phone")
    clock.advance(minutes=7)
    staff.act("phone-end")
    kinds = [e["type"] for e in event_store.after(db, 0) if e["counter"] == "1"]
    assert kinds[-2:] == ["counter.phone_started", "counter.phone_ended"]


def test_the_centres_report_page_shows_the_minutes_on_phone_duty(login, clock):
    staff = login("staff1", counter="1")
    staff.act("phone")
    clock.advance(minutes=45)
    staff.act("phone-end")
    page = login("manager1").get(f"/manager/reports?period=day&date={DAY}&by=day&lang=da")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Minutter på telefonvagt" in text
    assert "45,0" in text
