"""A manager sets up staff, hours, breaks, absences, extra days, lengths, notice and horizon."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from PIL import Image

from booking.core.errors import BookingError
from booking.domain import manage
from booking.domain.accounts import add_account
from tests.booking.conftest import PASSWORD, StaffSession
from tests.escpos_reader import decode_qr

TUESDAY = "from=2026-11-24&to=2026-11-24"


def starts(api, service="passport", centre="osterbro", window=TUESDAY) -> list[str]:
    query = f"/api/v1/availability?service={service}&centre={centre}&{window}"
    return [s["start"][11:16] for s in api.get(query).json["slots"]]


def decode_png_qr(png: bytes) -> str:
    """The QR code's text, read with the printer tests' decoder (it adds a quiet zone first)."""
    return decode_qr(Image.open(io.BytesIO(png)))


def test_a_new_tax_secondee_with_hours_offers_tax_decisions_there(api, staff_login):
    manager = staff_login("manager1")
    assert starts(api, "tax_decision") == []
    response = manager.post(
        "/api/v1/manager/staff",
        json={
            "name": "Sofie Winther",
            "centre": "osterbro",
            "role": "tax",
            "services": ["tax_decision"],
            "hours": {"tuesday": "10:00-11:00"},
        },
    )
    assert response.status_code == 201
    member = response.json["staff"]
    assert member["id"] == "osterbro-sofie-winther"
    assert member["hours"] == {"tuesday": ["10:00-11:00"]}
    assert starts(api, "tax_decision") == ["10:00", "10:25"]


def test_a_new_member_whose_hours_are_refused_is_not_added(staff_login):
    manager = staff_login("manager1")
    response = manager.post(
        "/api/v1/manager/staff",
        json={"name": "Sofie Winther", "centre": "osterbro", "role": "tax",
              "services": ["tax_decision"], "hours": {"tuesday": "10:00-soon"}},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json["error"]["fields"]["hours"]["code"] == "invalid"
    staff = manager.get("/api/v1/manager/staff?centre=osterbro").json["staff"]
    assert [m["id"] for m in staff] == ["carl"]


def test_a_manager_of_one_centre_is_refused_by_the_domain_itself(central, central_db):
    """Whoever calls it (a page, the API, a script): the scope is checked with the change."""
    ctx = central.extensions["enindgang"]["context"]
    boss = SimpleNamespace(username="boss", role="manager", centre="osterbro")
    calls = (
        lambda: manage.add_staff(ctx, central_db, boss, {"name": "X", "centre": "norrebro",
                                                         "role": "staff"}),
        lambda: manage.update_staff(ctx, central_db, boss, "anna", {"name": "Anna H."}),
        lambda: manage.set_schedule(ctx, central_db, boss, "anna", {"hours": {}}),
        lambda: manage.add_absence(ctx, central_db, boss, "anna", {"start": "2026-11-24"}),
        lambda: manage.add_extra_day(ctx, central_db, boss, "anna", {"day": "2026-11-28",
                                                                     "start": "10:00",
                                                                     "end": "12:00"}),
        lambda: manage.remove(ctx, central_db, boss, "anna", "absence", 1),
        lambda: manage.set_centre_policy(ctx, central_db, boss, "norrebro", {"horizon_days": 5}),
        lambda: manage.set_service_settings(ctx, central_db, boss, "passport", {"minutes": 20}),
    )  # fmt: skip
    for call in calls:
        with pytest.raises(BookingError) as refused:
            call()
        assert refused.value.code == "forbidden"
    reception = SimpleNamespace(username="desk", role="reception", centre=None)
    with pytest.raises(BookingError) as refused:
        manage.update_staff(ctx, central_db, reception, "carl", {"name": "Carl D."})
    assert refused.value.code == "forbidden"
    assert manage.member(central_db, "anna")["name"] == "Anna Holm"
    manage.update_staff(ctx, central_db, boss, "carl", {"name": "Carl D."})
    assert manage.member(central_db, "carl")["name"] == "Carl D."


def test_services_must_suit_the_role(staff_login):
    manager = staff_login("manager1")
    response = manager.post(
        "/api/v1/manager/staff",
        json={"name": "Bo", "centre": "osterbro", "role": "staff", "services": ["tax_decision"]},
    )
    assert response.status_code == 422
    assert response.json["error"]["fields"]["services"]["code"] == "not_for_role"
    missing = manager.post("/api/v1/manager/staff", json={"centre": "mars", "role": "boss"})
    fields = missing.json["error"]["fields"]
    assert {k: v["code"] for k, v in fields.items()} == {
        "name": "required",
        "centre": "unknown",
        "role": "invalid",
    }


def test_weekly_hours_and_breaks_change_the_slots(api, staff_login):
    manager = staff_login("manager1")
    response = manager.post(
        "/api/v1/manager/staff/carl/schedule",
        json={"hours": {"tuesday": ["08:00-10:00"]}, "breaks": {"tuesday": ["08:40-09:00"]}},
    )
    assert response.status_code == 200
    assert starts(api) == ["08:00", "08:20", "09:00", "09:20", "09:40"]
    bad = manager.post("/api/v1/manager/staff/carl/schedule", json={"hours": {"tuesday": "10-9"}})
    assert bad.json["error"]["fields"]["hours"]["code"] == "invalid"


def test_an_absence_removes_slots_and_names_the_bookings_to_move(api, staff_login):
    booked = api.post(
        "/api/v1/bookings",
        json={
            "service": "passport",
            "centre": "osterbro",
            "start": "2026-11-24T09:00:00+01:00",
            "name": "Ida",
            "email": "ida@example.dk",
        },
    ).json
    manager = staff_login("manager1")
    response = manager.post(
        "/api/v1/manager/staff/carl/absences",
        json={"start": "2026-11-24", "end": "2026-11-24", "reason": "course"},
    )
    assert response.status_code == 201
    assert response.json["clashes"] == [booked["code"]]
    assert starts(api) == []
    assert starts(api, window="from=2026-11-25&to=2026-11-25")
    detail = manager.get("/api/v1/manager/staff/carl").json["staff"]
    assert detail["absences"][0]["start"] == "2026-11-24T00:00:00+01:00"
    absence_id = response.json["id"]
    assert manager.http.delete(
        f"/api/v1/manager/staff/carl/absences/{absence_id}",
        headers={"X-CSRFToken": manager.token},
    ).json == {"removed": True}
    assert starts(api)


def test_an_extra_day_opens_a_saturday(api, staff_login):
    saturday = "from=2026-11-28&to=2026-11-28"
    assert starts(api, window=saturday) == []
    manager = staff_login("manager1")
    response = manager.post(
        "/api/v1/manager/staff/carl/extra-days",
        json={"day": "2026-11-28", "start": "10:00", "end": "11:00"},
    )
    assert response.status_code == 201
    assert starts(api, window=saturday) == ["10:00", "10:20", "10:40"]


def test_length_buffer_notice_and_horizon_are_settings(api, staff_login):
    manager = staff_login("manager1")
    manager.post("/api/v1/manager/services/passport", json={"minutes": 30, "buffer_minutes": 0})
    assert starts(api)[:3] == ["09:00", "09:30", "10:00"]
    manager.post("/api/v1/manager/services/passport", json={"bookable": False})
    assert api.get("/api/v1/availability?service=passport").status_code == 422
    manager.post("/api/v1/manager/services/passport", json={"bookable": True})
    manager.post(
        "/api/v1/manager/centres/osterbro", json={"horizon_days": 1, "min_notice_minutes": 0}
    )
    # Horizon one day: Tuesday (tomorrow) can be booked, Wednesday not yet.
    assert starts(api)
    assert starts(api, window="from=2026-11-25&to=2026-11-25") == []
    monday = starts(api, window="from=2026-11-23&to=2026-11-23")
    assert monday[0] == "09:00"  # no notice: the first time of the day
    bad = manager.post("/api/v1/manager/centres/osterbro", json={"horizon_days": 0})
    assert bad.json["error"]["fields"]["horizon_days"]["code"] == "out_of_range"


def test_a_manager_of_one_centre_manages_only_that_centre(central, central_db, clock):
    add_account(central_db, clock, "boss", "Boss", "manager", PASSWORD, centre="osterbro")
    boss = StaffSession(central, "boss")
    assert boss.post("/api/v1/manager/staff/carl", json={"name": "Carl D."}).status_code == 200
    refused = boss.post("/api/v1/manager/staff/anna", json={"name": "Anna"})
    assert refused.status_code == 403
    assert boss.post("/api/v1/manager/services/passport", json={"minutes": 20}).status_code == 403
    moved_away = boss.post("/api/v1/manager/staff/carl", json={"centre": "norrebro"})
    assert moved_away.status_code == 403


def test_qr_codes_open_the_booking_site_preselected(staff_login):
    manager = staff_login("manager1")
    png = manager.get("/api/v1/manager/qr.png?centre=osterbro&service=passport")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert decode_png_qr(png.data) == "http://localhost/book?centre=osterbro&service=passport"
    svg = manager.get("/api/v1/manager/qr.svg?service=passport")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert manager.get("/api/v1/manager/qr.svg?centre=mars").status_code == 422


def test_the_check_in_qr_code_holds_the_booking_code(api):
    answer = api.post(
        "/api/v1/bookings",
        json={
            "service": "passport",
            "centre": "osterbro",
            "start": "2026-11-24T09:00:00+01:00",
            "name": "Ida",
            "email": "ida@example.dk",
        },
    ).json
    png = api.get(answer["checkin_qr_url"].replace(".svg", ".png").replace("http://localhost", ""))
    assert decode_png_qr(png.data) == answer["code"]
    svg = api.get(answer["checkin_qr_url"].replace("http://localhost", ""))
    assert svg.mimetype == "image/svg+xml"
    assert api.get(f"/api/v1/bookings/{answer['code']}/checkin.png").status_code == 404


def test_staff_lists_show_services_and_hours(api, staff_login):
    manager = staff_login("manager1")
    members = manager.get("/api/v1/manager/staff?centre=norrebro").json["staff"]
    tina = next(m for m in members if m["id"] == "tina")
    assert tina["role"] == "tax"
    assert tina["services"] == ["tax_decision", "tax_questions"]
    assert tina["hours"]["monday"] == ["09:00-16:00"]
    assert tina["breaks"]["monday"] == ["12:00-12:30"]
    desk = staff_login("reception1")
    names = [m["name"] for m in desk.get("/api/v1/staff/members?centre=osterbro").json["staff"]]
    assert names == ["Carl Dahl"]


def test_unknown_staff_and_items_are_404(staff_login):
    manager = staff_login("manager1")
    unknown = manager.get("/api/v1/manager/staff/nobody")
    assert unknown.status_code == 404
    assert unknown.json["error"]["code"] == "unknown_staff"
    gone = manager.http.delete(
        "/api/v1/manager/staff/carl/absences/999", headers={"X-CSRFToken": manager.token}
    )
    assert gone.status_code == 404
    assert gone.json["error"]["code"] == "not_found"


def test_a_manager_of_one_centre_sees_only_that_centres_staff(central, central_db, clock):
    add_account(central_db, clock, "boss", "Boss", "manager", PASSWORD, centre="osterbro")
    boss = StaffSession(central, "boss")
    own = boss.get("/api/v1/manager/staff")
    assert [m["id"] for m in own.json["staff"]] == ["carl"]
    asked = boss.get("/api/v1/manager/staff?centre=osterbro")
    assert [m["id"] for m in asked.json["staff"]] == ["carl"]
    other = boss.get("/api/v1/manager/staff?centre=norrebro")
    assert other.status_code == 403
    assert other.json["error"]["code"] == "forbidden" and "Anna" not in other.get_data(True)
    assert boss.get("/api/v1/manager/staff/anna").status_code == 403
    page = boss.get("/staff/manage").get_data(as_text=True)
    assert "Carl Dahl" in page and "Anna Holm" not in page
    assert boss.get("/staff/manage/staff/anna").status_code == 403


def test_a_city_wide_manager_sees_and_edits_every_centres_staff(staff_login):
    manager = staff_login("manager1")  # an account without a centre: the whole city
    everyone = {m["id"] for m in manager.get("/api/v1/manager/staff").json["staff"]}
    assert everyone == {"anna", "bo", "tina", "carl"}
    assert manager.get("/api/v1/manager/staff?centre=norrebro").status_code == 200
    assert manager.post("/api/v1/manager/staff/anna", json={"name": "Anna H."}).status_code == 200
    assert manager.post("/api/v1/manager/staff/carl", json={"name": "Carl D."}).status_code == 200
    assert (
        manager.post("/api/v1/manager/services/passport", json={"minutes": 20}).status_code == 200
    )
