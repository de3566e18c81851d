"""Reception at the desk: today's names live from central, and checking a citizen in by hand.

The central service here is the real booking app served on loopback in this process."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from centre.store import events as event_store
from tests import central_loopback
from tests.conftest import TUESDAY_10
from tests.test_api_checkins import put_in_replica

# This module's centre talks to a real central on loopback (fixtures shared with others).
central, config = central_loopback.central, central_loopback.config

CODE = "ACD346"


def by_hand(session, code=CODE, **extra):
    return session.post("/api/v1/desk/checkins?lang=en", json={"code": code, **extra})


def test_reception_checks_a_citizen_in_by_hand_as_a_kiosk_would(login, kiosk, db):
    put_in_replica(db, CODE, TUESDAY_10 + timedelta(minutes=15), service="passport")
    desk = login("reception1")

    first = by_hand(desk, language="en")
    again = by_hand(desk, language="en")

    assert first.status_code == 201, first.json
    assert first.json["number"] == "E001" and first.json["service"] == "passport"
    assert first.json["appointment"] == {
        "start": "2026-11-24T10:15:00+01:00",
        "service": "passport",
    }
    # A retry after a lost answer gets the same ticket, not a second one.
    assert again.status_code == 200 and again.json["number"] == "E001"
    events = [e for e in event_store.after(db, 0) if e["type"] == "ticket.checked_in"]
    assert len(events) == 1
    # The event central hears of, naming who at the desk checked in.
    assert json.loads(events[0]["data"])["booking_code"] == CODE
    assert events[0]["staff"] == "reception1"
    # The kiosk then finds the citizen checked in, and learns nothing of the ticket.
    at_kiosk = kiosk.post("/api/v1/checkins", json={"code": CODE})
    assert at_kiosk.status_code == 409
    assert at_kiosk.json["error"]["code"] == "already_checked_in"
    assert "E001" not in at_kiosk.get_data(as_text=True)


def test_the_desk_keeps_the_kiosk_s_check_in_window(login, db):
    put_in_replica(db, CODE, TUESDAY_10 + timedelta(hours=2))
    early = by_hand(login("reception1"), language="da")
    assert early.status_code == 409
    assert early.json["error"]["code"] == "too_early"
    assert datetime.fromisoformat(early.json["error"]["start"]) == TUESDAY_10 + timedelta(hours=2)
    # Worded for reception, not for the citizen at a kiosk.
    assert early.json["error"]["message"] == (
        "It is too early to check in for the appointment at 12:00: check-in opens at 11:30. "
        "Give the citizen a number, or ask them to come back then."
    )


def test_a_missed_time_is_refused_with_what_reception_can_do(login, db):
    put_in_replica(db, CODE, TUESDAY_10 - timedelta(minutes=30))
    late = by_hand(login("reception1"), language="da")
    assert late.status_code == 409
    assert late.json["error"]["code"] == "too_late"
    assert late.json["error"]["message"] == (
        "The appointment was at 09:30: it is too late to check it in. Give the citizen a "
        "number, or book a new time."
    )


def test_an_unknown_code_checks_nobody_in(login, central):
    central.stop()
    refused = by_hand(login("reception1"), code="YYY777")
    assert refused.status_code == 404
    assert refused.json["error"]["code"] == "unknown_booking"


def test_only_reception_checks_in_by_hand_or_reads_names(app, client, kiosk, login, db):
    put_in_replica(db, CODE, TUESDAY_10 + timedelta(minutes=15))
    staff = login("staff1", counter="1")
    manager = login("manager1")
    # Without a staff session there is no CSRF token either: refused before the role check.
    for caller in (client, kiosk):
        refused = by_hand(caller)
        assert refused.status_code in (400, 401), refused.json
        assert refused.json["error"]["code"] in ("csrf_failed", "not_authenticated")
        assert caller.get("/api/v1/desk/names").status_code == 401
    for caller in (staff, manager):
        refused = by_hand(caller)
        assert refused.status_code == 403, refused.json
        assert refused.json["error"]["code"] == "forbidden"
        assert caller.get("/api/v1/desk/names").status_code == 403
    # Nobody of them issued a ticket: reception still checks the citizen in.
    assert by_hand(login("reception1")).status_code == 201


def test_reception_gets_today_s_names_live_from_central_and_the_centre_keeps_none(
    app, login, central, db, tmp_path
):
    booked = central.book("2026-11-24T10:15:00+01:00")
    central.clock.advance(hours=24)  # central's today is the centre's Tuesday

    names = login("reception1").get("/api/v1/desk/names")

    assert names.status_code == 200, names.json
    assert names.json["names"] == {booked["code"]: "Ida Ærø"}
    assert names.headers["Cache-Control"] == "no-store"  # no copy left in a browser cache
    dump = "\n".join(db.conn.iterdump())
    assert "Ida" not in dump


def test_without_central_reception_is_told_names_cannot_be_shown(login, central):
    central.stop()
    answer = login("reception1").get("/api/v1/desk/names?lang=en")
    assert answer.status_code == 503
    assert answer.json["error"]["code"] == "central_unreachable"
    assert "names cannot be shown" in answer.json["error"]["message"]
