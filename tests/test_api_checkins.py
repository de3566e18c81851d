"""POST /api/v1/checkins: appointment tickets from the replica or a live lookup at central.

The central service here is the real booking app served on loopback in this process."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from centre.store import events as event_store
from centre.store import replica as replica_store
from kernel.clock import iso
from kernel.db import write_transaction
from tests import central_loopback
from tests.conftest import TUESDAY_10, paired_client

# This module's centre talks to a real central on loopback (fixtures shared with others).
agent, central, config = central_loopback.agent, central_loopback.central, central_loopback.config


def put_in_replica(db, code: str, start, service: str = "health_card", status="confirmed"):
    with write_transaction(db):
        replica_store.upsert(
            db,
            {
                "code": code,
                "service": service,
                "start_at": iso(start),
                "end_at": iso(start + timedelta(minutes=10)),
                "status": status,
                "checked_in_at": None,
            },
            iso(start),
        )


def check_in(kiosk, code, **extra):
    return kiosk.post("/api/v1/checkins", json={"code": code, **extra})


def test_a_booking_pulled_from_central_checks_in_to_an_appointment_ticket(
    kiosk, agent, db, central
):
    booked = central.book("2026-11-24T10:15:00+01:00")
    assert agent.run_once() is True
    assert replica_store.get(db, booked["code"])["service"] == "health_card"
    response = check_in(kiosk, booked["code"].lower(), language="en")
    assert response.status_code == 201, response.json
    answer = response.json
    assert answer["number"] == "E001" and answer["service"] == "health_card"
    assert answer["appointment"] == {"start": "2026-11-24T10:15:00+01:00", "service": "health_card"}
    assert answer["status_url"].startswith("http://localhost/t/")
    assert {"id", "position", "estimated_wait_minutes", "priority"} <= set(answer)
    events = [e for e in event_store.after(db, 0) if e["type"] == "ticket.checked_in"]
    assert len(events) == 1 and booked["code"] in events[0]["data"]
    # The next round uploads the check-in; central marks the booking.
    assert agent.run_once() is True
    row = central.db.execute(
        "SELECT checked_in_at FROM bookings WHERE code = ?", [booked["code"]]
    ).fetchone()
    assert row[0] is not None


def test_a_new_check_in_wakes_the_agent_so_central_hears_soon_and_a_retry_does_not(
    kiosk, agent, db, monkeypatch
):
    woken = []
    monkeypatch.setattr(agent, "wake", lambda: woken.append(True))
    put_in_replica(db, "WAKEUP", TUESDAY_10 + timedelta(minutes=15))
    assert check_in(kiosk, "WAKEUP").status_code == 201
    assert woken == [True]
    assert check_in(kiosk, "WAKEUP").status_code == 200  # the kiosk retrying: nothing new
    assert woken == [True]


def test_a_code_not_yet_in_the_replica_is_looked_up_live(kiosk, central, db):
    booked = central.book("2026-11-24T10:30:00+01:00")
    response = check_in(kiosk, booked["code"])
    assert response.status_code == 201, response.json
    assert replica_store.get(db, booked["code"]) is not None


def test_an_unknown_code_is_404_unknown_booking(kiosk):
    response = check_in(kiosk, "AAAAAA")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_booking"
    assert response.json["error"]["message"]


def test_central_down_means_unknown_with_a_clear_message_and_no_long_wait(kiosk, central):
    central.stop()
    started = time.monotonic()
    response = check_in(kiosk, "CCCCCC")
    assert time.monotonic() - started < 3
    assert response.status_code == 404
    assert response.json["error"]["reason"] == "unreachable"


def test_a_booking_at_another_centre_is_409_wrong_centre_with_that_centre(kiosk, central):
    booked = central.book("2026-11-24T10:15:00+01:00", centre="osterbro")
    response = check_in(kiosk, booked["code"])
    assert response.status_code == 409
    error = response.json["error"]
    assert (error["code"], error["centre"]) == ("wrong_centre", "osterbro")


def test_the_window_opens_exactly_30_minutes_before(kiosk, db, clock):
    put_in_replica(db, "AAAAAC", TUESDAY_10 + timedelta(minutes=30))
    put_in_replica(db, "AAAAAD", TUESDAY_10 + timedelta(minutes=31))
    early = check_in(kiosk, "AAAAAD")
    assert early.status_code == 409
    error = early.json["error"]
    assert error["code"] == "too_early"
    assert error["opens_at"] == "2026-11-24T09:01:00+00:00"
    assert error["window"]["closes_at"] == "2026-11-24T09:41:00+00:00"
    assert error["offer"] == "walk_in"
    assert "Din tid er kl. 10.31. Du kan tjekke ind fra kl. 10.01." in error["message"]
    assert check_in(kiosk, "AAAAAC").status_code == 201


def test_the_window_closes_exactly_10_minutes_after(kiosk, db, clock):
    clock.set(TUESDAY_10 + timedelta(minutes=30))
    put_in_replica(db, "AAAAAE", TUESDAY_10 + timedelta(minutes=20))
    put_in_replica(db, "AAAAAF", TUESDAY_10 + timedelta(minutes=20, seconds=-1))
    late = check_in(kiosk, "AAAAAF")
    assert (late.status_code, late.json["error"]["code"]) == (409, "too_late")
    assert late.json["error"]["offer"] == "walk_in"
    assert check_in(kiosk, "AAAAAE").status_code == 201


def test_no_walk_in_is_offered_for_a_service_that_needs_an_appointment(kiosk, db):
    put_in_replica(db, "AAAAAG", TUESDAY_10 + timedelta(hours=2), service="passport")
    error = check_in(kiosk, "AAAAAG").json["error"]
    assert error["code"] == "too_early" and "offer" not in error


def test_a_cancelled_booking_is_unknown(kiosk, db):
    put_in_replica(db, "AAAAAH", TUESDAY_10, status="cancelled")
    response = check_in(kiosk, "AAAAAH")
    assert (response.status_code, response.json["error"]["reason"]) == (404, "cancelled")


def test_the_kiosk_retrying_gets_the_same_ticket_later_it_is_already_checked_in(kiosk, db, clock):
    put_in_replica(db, "AAAAAJ", TUESDAY_10)
    first = check_in(kiosk, "AAAAAJ")
    again = check_in(kiosk, "aaaaaj")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"] and again.json["created"] is False
    clock.advance(minutes=3)
    later = check_in(kiosk, "AAAAAJ")
    assert later.status_code == 409
    assert later.json["error"]["code"] == "already_checked_in"
    assert later.json["error"]["number"] == first.json["number"]
    assert first.json["number"] in later.json["error"]["message"]


def test_another_kiosk_retrying_the_code_learns_only_that_it_is_checked_in(app, kiosk, db):
    put_in_replica(db, "AAAAAK", TUESDAY_10)
    first = check_in(kiosk, "AAAAAK")
    other = check_in(paired_client(app, "Kiosk 2"), "AAAAAK")
    assert (first.status_code, other.status_code) == (201, 409)
    assert other.json["error"]["code"] == "already_checked_in"
    told = other.get_data(as_text=True)
    for secret in (first.json["id"], first.json["status_url"], first.json["number"]):
        assert secret not in told
    # The kiosk that checked in still gets its ticket back on a retry.
    assert check_in(kiosk, "AAAAAK").json["id"] == first.json["id"]


@pytest.mark.parametrize(
    "body",
    [{"code": 123}, {"code": None}, {}, {"code": ["A"]}, {"code": "x" * 5000}, {"code": "É"}],
)
def test_malformed_codes_are_unknown_not_a_server_error(kiosk, body):
    response = kiosk.post("/api/v1/checkins", json=body)
    assert response.status_code == 404


def test_malformed_bodies_are_refused_without_a_server_error(kiosk, db):
    put_in_replica(db, "AAAAAK", TUESDAY_10)
    assert (
        kiosk.post("/api/v1/checkins", data="{{", content_type="application/json").status_code
        == 422
    )
    assert kiosk.post("/api/v1/checkins", json=["AAAAAK"]).status_code == 422
    bad_language = check_in(kiosk, "AAAAAK", language="xx")
    assert bad_language.status_code == 422


def test_call_next_gives_the_checked_in_appointment_before_earlier_walk_ins(kiosk, db, login):
    walk_in = kiosk.post("/api/v1/tickets", json={"service": "health_card"})
    assert walk_in.status_code == 201
    put_in_replica(db, "AAAAAM", TUESDAY_10 + timedelta(minutes=5))
    checked = check_in(kiosk, "AAAAAM").json
    staff = login("staff1", counter="1")
    called = staff.act("call-next").json["ticket"]
    assert called["number"] == checked["number"]


def test_a_tax_decision_appointment_is_not_called_by_counter_staff(kiosk, db, login):
    put_in_replica(db, "AAAAAN", TUESDAY_10, service="tax_decision")
    check_in(kiosk, "AAAAAN")
    assert login("staff1", counter="1").act("call-next").json["ticket"] is None
    assert login("tax1", counter="2").act("call-next").json["ticket"]["service"] == "tax_decision"


def test_the_centre_tells_whether_central_is_reachable(kiosk, agent, central):
    assert kiosk.get("/api/v1/centre").json["central"] == {"reachable": False, "since": None}
    agent.run_once()
    up = kiosk.get("/api/v1/centre").json["central"]
    assert up["reachable"] is True and up["since"].startswith("2026-11-24T10:00:00")
    central.stop()
    assert agent.run_once() is False
    assert kiosk.get("/api/v1/centre").json["central"]["reachable"] is False


def test_uploads_stop_at_what_central_confirmed_and_resume_after_an_outage(
    kiosk, agent, db, central
):
    for _ in range(3):
        kiosk.post("/api/v1/tickets", json={"service": "health_card"})
    central.stop()
    assert agent.run_once() is False
    assert replica_store.state(db)["last_uploaded_seq"] == 0
    central.revive()
    assert agent.run_once() is True
    last = event_store.after(db, 0)[-1]["seq"]
    assert replica_store.state(db)["last_uploaded_seq"] == last
    stored = central.db.execute("SELECT COUNT(*) FROM centre_events").fetchone()[0]
    assert stored == len(event_store.after(db, 0))


def test_a_restarted_centre_resumes_from_its_cursor_without_downloading_again(
    app, agent, config, clock, central
):
    from centre.app import create_app

    central.book("2026-11-24T10:15:00+01:00")
    assert agent.pull() == 1
    second = create_app(config, clock=clock, testing=True)
    again = second.extensions["enindgang"]["sync"]
    assert again.pull() == 0
    central.book("2026-11-24T10:30:00+01:00")
    assert again.pull() == 1


def test_a_booking_central_already_marked_checked_in_is_not_checked_in_again(kiosk, db):
    put_in_replica(db, "AAAAAP", TUESDAY_10)
    with write_transaction(db):
        replica_store.mark_checked_in(db, "AAAAAP", iso(TUESDAY_10))
    response = check_in(kiosk, "AAAAAP", language="en")
    assert (response.status_code, response.json["error"]["code"]) == (409, "already_checked_in")
    assert response.json["error"]["message"] == "You have already checked in for this appointment."


def test_early_for_the_first_time_of_the_day_checks_in_before_the_doors_open(kiosk, db, clock):
    clock.set(TUESDAY_10 - timedelta(minutes=20))
    put_in_replica(db, "AAAAAT", TUESDAY_10 + timedelta(minutes=5))
    response = check_in(kiosk, "AAAAAT")
    assert response.status_code == 201, response.json
    assert response.json["number"].startswith("E")


def test_an_appointment_when_the_centre_is_shut_gets_no_ticket_and_a_clear_message(
    kiosk, db, clock
):
    closing = TUESDAY_10.replace(hour=17)
    clock.set(closing - timedelta(minutes=5))
    put_in_replica(db, "AAAAAU", closing + timedelta(minutes=5))
    response = check_in(kiosk, "AAAAAU", language="en")
    assert response.status_code == 409
    error = response.json["error"]
    assert (error["code"], error["reason"]) == ("closed", "appointment")
    assert "17:05" in error["message"] and "reception" in error["message"]
    assert "offer" not in error
    assert not [e for e in event_store.after(db, 0) if e["type"] == "ticket.checked_in"]
    assert replica_store.get(db, "AAAAAU")["checked_in_at"] is None


@pytest.mark.parametrize("code", ["ACDEF", "ACDEFGH", "ACDEF0", "ACDE-FG-H"])
def test_a_code_central_could_never_have_made_is_unknown_without_asking_central(
    kiosk, agent, code, monkeypatch
):
    asked = []
    monkeypatch.setattr(agent.client, "lookup", lambda *a, **kw: asked.append(a))
    response = check_in(kiosk, code)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_booking"
    assert asked == []
    # A code of the right shape is still asked about.
    check_in(kiosk, "ACDEFG")
    assert len(asked) == 1
