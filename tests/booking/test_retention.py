"""Privacy: names and contacts of past bookings are purged after the retention period."""

from __future__ import annotations

from datetime import timedelta

from booking.domain import retention
from tests.booking.conftest import make_app
from tests.booking.helpers import local

BODY = {
    "service": "passport",
    "centre": "osterbro",
    "name": "Ida Ærø",
    "email": "ida@example.dk",
    "phone": "12345678",
}
# The Tuesday 09:00 appointment ends at 09:15.
ENDS = local(2026, 11, 24, 9, 15)


def purge(app) -> int:
    ext = app.extensions["enindgang"]
    with app.app_context():
        return retention.purge(ext["context"], ext["pool"].get())


def person(db, code: str) -> tuple:
    return db.execute(
        "SELECT name, email, phone, purged_at IS NOT NULL FROM bookings WHERE code = ?", [code]
    ).fetchone()


def test_personal_data_is_purged_after_the_retention_period(api, central, central_db, clock):
    past = api.post("/api/v1/bookings", json={**BODY, "start": "2026-11-24T09:00:00+01:00"}).json
    later = api.post("/api/v1/bookings", json={**BODY, "start": "2027-01-19T09:00:00+01:00"}).json
    clock.set(ENDS + timedelta(days=90) - timedelta(minutes=1))
    assert purge(central) == 0
    assert person(central_db, past["code"]) == ("Ida Ærø", "ida@example.dk", "+4512345678", 0)
    clock.set(ENDS + timedelta(days=90, minutes=1))
    assert purge(central) == 1
    assert person(central_db, past["code"]) == (None, None, None, 1)
    assert person(central_db, later["code"])[0] == "Ida Ærø"
    assert purge(central) == 0
    # What is left is enough for statistics, and nothing about the person.
    kept = central_db.execute(
        "SELECT service, centre, start_at FROM bookings WHERE code = ?", [past["code"]]
    ).fetchone()
    assert kept[0:2] == ("passport", "osterbro")
    token = past["manage_url"].split("token=")[1]
    shown = api.get(f"/api/v1/bookings/{past['code']}?token={token}").json
    assert shown["name"] is None and shown["email"] is None


def test_cancelled_bookings_are_purged_too(api, central, central_db, clock):
    answer = api.post("/api/v1/bookings", json={**BODY, "start": "2026-11-24T09:00:00+01:00"}).json
    token = answer["manage_url"].split("token=")[1]
    api.post(f"/api/v1/bookings/{answer['code']}/cancel", json={"token": token})
    clock.set(ENDS + timedelta(days=91))
    assert purge(central) == 1
    assert person(central_db, answer["code"])[0] is None


def test_the_retention_period_is_configurable(tmp_path, clock):
    app = make_app(tmp_path, clock, retention_days=7)
    db = app.extensions["enindgang"]["pool"].get()
    answer = app.test_client().post(
        "/api/v1/bookings", json={**BODY, "start": "2026-11-24T09:00:00+01:00"}
    )
    clock.set(ENDS + timedelta(days=7, minutes=1))
    assert purge(app) == 1
    assert person(db, answer.json["code"])[0] is None


def test_old_holds_are_deleted(api, central, central_db, clock):
    api.post("/api/v1/holds", json={**BODY, "start": "2026-11-24T09:00:00+01:00"})
    clock.advance(hours=2)
    purge(central)
    assert central_db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0] == 1
    clock.advance(days=1)
    purge(central)
    assert central_db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0] == 0
