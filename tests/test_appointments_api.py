"""GET /api/v1/appointments: today's booked times from the replica and who has checked in."""

from __future__ import annotations

from datetime import timedelta

from centre.store import replica as replica_store
from kernel.clock import iso
from kernel.db import write_transaction
from tests.conftest import TUESDAY_10


def book(db, code: str, start, service: str = "health_card", status: str = "confirmed") -> None:
    with write_transaction(db):
        replica_store.upsert(
            db,
            {
                "code": code,
                "service": service,
                "start_at": iso(start),
                "end_at": iso(start + timedelta(minutes=15)),
                "status": status,
                "checked_in_at": None,
            },
            iso(TUESDAY_10),
        )


def listed(staff) -> dict[str, dict]:
    response = staff.get("/api/v1/appointments")
    assert response.status_code == 200, response.json
    return {a["code"]: a for a in response.json["appointments"]}


def test_anonymous_callers_are_refused(kiosk, db):
    book(db, "AAAAAA", TUESDAY_10)
    response = kiosk.get("/api/v1/appointments")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "not_authenticated"


def test_counter_staff_and_tax_secondees_see_only_services_they_may_serve(db, login):
    book(db, "HHHHHH", TUESDAY_10 + timedelta(minutes=20), service="health_card")
    book(db, "TTTTTT", TUESDAY_10 + timedelta(minutes=40), service="tax_decision")
    book(db, "QQQQQQ", TUESDAY_10 + timedelta(minutes=60), service="tax_questions")

    assert set(listed(login("staff1", counter="1"))) == {"HHHHHH", "QQQQQQ"}
    assert set(listed(login("tax1", counter="2"))) == {"TTTTTT", "QQQQQQ"}
    assert set(listed(login("reception1"))) == {"HHHHHH", "TTTTTT", "QQQQQQ"}


def test_only_todays_appointments_in_time_order_with_local_times(db, login):
    book(db, "CCCCCC", TUESDAY_10 + timedelta(hours=3))
    book(db, "DDDDDD", TUESDAY_10 + timedelta(minutes=5))
    book(db, "EEEEEE", TUESDAY_10 + timedelta(days=1))
    book(db, "FFFFFF", TUESDAY_10 - timedelta(days=1))

    response = login("staff1", counter="1").get("/api/v1/appointments")
    found = response.json["appointments"]

    assert [a["code"] for a in found] == ["DDDDDD", "CCCCCC"]
    assert found[0]["start"] == "2026-11-24T10:05:00+01:00"
    assert found[0]["end"] == "2026-11-24T10:20:00+01:00"
    assert found[0]["service"] == "health_card" and found[0]["status"] == "confirmed"


def test_a_checked_in_appointment_shows_its_ticket_number(kiosk, db, login):
    book(db, "KKKKKK", TUESDAY_10 + timedelta(minutes=10))
    book(db, "MMMMMM", TUESDAY_10 + timedelta(minutes=25))
    checked = kiosk.post("/api/v1/checkins", json={"code": "KKKKKK"})
    assert checked.status_code == 201, checked.json

    found = listed(login("staff1", counter="1"))

    assert found["KKKKKK"]["checked_in"] is True
    assert found["KKKKKK"]["ticket_number"] == checked.json["number"]
    assert found["MMMMMM"]["checked_in"] is False
    assert "ticket_number" not in found["MMMMMM"]


def test_checked_in_at_central_counts_as_checked_in_without_a_ticket_here(db, login):
    book(db, "NNNNNN", TUESDAY_10)
    with write_transaction(db):
        replica_store.mark_checked_in(db, "NNNNNN", iso(TUESDAY_10))

    found = listed(login("staff1", counter="1"))

    assert found["NNNNNN"]["checked_in"] is True
    assert "ticket_number" not in found["NNNNNN"]
