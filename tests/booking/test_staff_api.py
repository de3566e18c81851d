"""Reception and the contact centre: a day's bookings, and booking on behalf of citizens."""

from __future__ import annotations

import pytest

from booking.domain.accounts import add_account
from booking.store import audit
from tests.booking.conftest import PASSWORD, StaffSession

TUESDAY_9 = "2026-11-24T09:00:00+01:00"
CITIZEN = {"name": "Ida Ærø", "phone": "12345678"}


def book(session, **body):
    data = {"service": "passport", "centre": "norrebro", "start": TUESDAY_9, **CITIZEN, **body}
    return session.post("/api/v1/staff/bookings", json=data)


def test_reception_books_for_a_citizen_and_sees_the_day_per_centre_and_staff(staff_login):
    desk = staff_login("reception1")
    first = book(desk)
    second = book(desk, name="Jens", phone="87654321")
    assert first.status_code == second.status_code == 201
    assert first.json["name"] == "Ida Ærø" and first.json["phone"] == "+4512345678"
    assert first.json["source"] == "staff"
    day = desk.get("/api/v1/staff/bookings?centre=norrebro&date=2026-11-24").json
    assert [b["time"] for b in day["bookings"]] == ["09:00", "09:00"]
    assert {b["staff_name"] for b in day["bookings"]} == {"Anna Holm", "Bo Kjær"}
    anna = desk.get("/api/v1/staff/bookings?centre=norrebro&date=2026-11-24&staff=anna").json
    assert len(anna["bookings"]) == 1 and anna["bookings"][0]["staff"] == "anna"
    other_centre = desk.get("/api/v1/staff/bookings?centre=osterbro&date=2026-11-24").json
    assert other_centre["bookings"] == []


def test_reception_moves_and_cancels_without_the_citizens_link(staff_login, central_db):
    desk = staff_login("reception1")
    code = book(desk).json["code"]
    moved = desk.post(
        f"/api/v1/staff/bookings/{code}/move",
        json={"start": "2026-11-24T09:00:00+01:00", "centre": "osterbro"},
    )
    assert moved.status_code == 200
    assert (moved.json["centre"], moved.json["staff"]) == ("osterbro", "carl")
    cancelled = desk.post(f"/api/v1/staff/bookings/{code}/cancel")
    assert cancelled.json["status"] == "cancelled"
    actions = [(a["actor"], a["action"]) for a in audit.for_booking(central_db, code)]
    assert actions == [
        ("reception1", "book"),
        ("reception1", "move"),
        ("reception1", "cancel"),
    ]


def test_staff_bookings_follow_the_same_rules(staff_login):
    desk = staff_login("reception1")
    book(desk)
    book(desk, phone="11111111")
    taken = book(desk, phone="22222222")
    assert taken.status_code == 409
    assert taken.json["error"]["code"] == "slot_taken"
    assert taken.json["error"]["alternatives"]
    bad = book(desk, start="2026-11-24T09:05:00+01:00")
    assert bad.json["error"]["fields"]["start"]["code"] == "outside_hours"


def test_staff_api_needs_a_desk_login(api, staff_login):
    assert api.get("/api/v1/staff/bookings?centre=norrebro").status_code == 401
    assert api.post("/api/v1/staff/bookings", json={}).status_code in (400, 401)
    desk = staff_login("reception1")
    assert desk.http.post("/api/v1/staff/bookings", json={}).json["error"]["code"] == "csrf_failed"
    unknown = desk.get("/api/v1/staff/bookings?centre=mars")
    assert unknown.status_code == 422


@pytest.mark.parametrize(
    "path", ["/api/v1/manager/staff", "/api/v1/manager/centres", "/api/v1/manager/qr.svg"]
)
def test_reception_cannot_use_the_manager_api(staff_login, path):
    desk = staff_login("reception1")
    response = desk.get(path)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_a_manager_of_one_centre_sees_only_that_centres_staff_and_day(
    central, central_db, clock, staff_login
):
    add_account(central_db, clock, "boss", "Boss", "manager", PASSWORD, centre="osterbro")
    boss = StaffSession(central, "boss")
    assert book(boss).status_code == 201  # booking stays city-wide
    own = boss.get("/api/v1/staff/members").json["staff"]
    assert [m["name"] for m in own] == ["Carl Dahl"]
    for path in ("/api/v1/staff/members", "/api/v1/staff/bookings"):
        other = boss.get(f"{path}?centre=norrebro&date=2026-11-24")
        assert other.status_code == 403
        assert other.json["error"]["code"] == "forbidden"
        assert "Anna" not in other.get_data(as_text=True)
    page = boss.get("/staff?date=2026-11-24").get_data(as_text=True)
    assert "Carl Dahl" in page and 'value="norrebro"' not in page
    refused = boss.get("/staff?centre=norrebro&date=2026-11-24")
    assert refused.status_code == 403 and "Anna" not in refused.get_data(as_text=True)
    # Reception books for the whole city and sees each centre's staff and day.
    desk = staff_login("reception1")
    names = [m["name"] for m in desk.get("/api/v1/staff/members?centre=norrebro").json["staff"]]
    assert "Anna Holm" in names
    day = desk.get("/staff?centre=norrebro&date=2026-11-24").get_data(as_text=True)
    assert "Anna Holm" in day and "Ida Ærø" in day
