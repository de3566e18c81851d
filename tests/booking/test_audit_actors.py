"""Every cancel and move names who did it in central's audit trail, whichever way it came."""

from __future__ import annotations

import re

from booking.store import audit
from tests.booking.conftest import NORREBRO_KEY, auth
from tests.booking.test_pages import csrf_of

TUESDAY_9 = "2026-11-24T09:00:00+01:00"
TUESDAY_920 = "2026-11-24T09:20:00+01:00"
PERSON = {"name": "Ida Ærø", "email": "ida@example.dk"}


def trail(db, code: str) -> list[tuple[str | None, str]]:
    return [(a["actor"], a["action"]) for a in audit.for_booking(db, code)]


def citizen_booking(api) -> tuple[str, str]:
    """(code, manage token) of a booking made online."""
    answer = api.post(
        "/api/v1/bookings",
        json={"service": "passport", "centre": "norrebro", "start": TUESDAY_9, **PERSON},
    ).json
    token = re.search(r"token=([\w-]+)", answer["manage_url"])[1]
    return answer["code"], token


def test_a_citizen_moving_and_cancelling_through_the_api_is_named_by_their_link(api, central_db):
    code, token = citizen_booking(api)
    api.post(f"/api/v1/bookings/{code}/move", json={"token": token, "start": TUESDAY_920})
    api.post(f"/api/v1/bookings/{code}/cancel", json={"token": token})
    (link_id,) = central_db.execute("SELECT id FROM manage_links").fetchone()
    assert trail(central_db, code) == [
        ("citizen", "book"),
        (f"citizen:link-{link_id}", "move"),
        (f"citizen:link-{link_id}", "cancel"),
    ]


def test_a_citizen_moving_and_cancelling_on_their_page_is_named_by_their_link(api, central_db):
    code, token = citizen_booking(api)
    page = api.get(f"/book/manage/{code}/move/2026-11-24?token={token}").get_data(as_text=True)
    moved = api.post(
        f"/book/manage/{code}/move",
        data={"csrf_token": csrf_of(page), "token": token, "day": "2026-11-24",
              "slot": "norrebro|2026-11-24T08:20:00+00:00"},
    )  # fmt: skip
    assert moved.status_code == 302
    cancelled = api.post(
        f"/book/manage/{code}/cancel", data={"csrf_token": csrf_of(page), "token": token}
    )
    assert cancelled.status_code == 302
    (link_id,) = central_db.execute("SELECT id FROM manage_links").fetchone()
    assert trail(central_db, code)[1:] == [
        (f"citizen:link-{link_id}", "move"),
        (f"citizen:link-{link_id}", "cancel"),
    ]


def test_staff_moving_and_cancelling_on_the_staff_pages_are_named(api, staff_login, central_db):
    code, _ = citizen_booking(api)
    desk = staff_login("reception1")
    page = desk.get(f"/staff/bookings/{code}?date=2026-11-24").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page)}
    moved = desk.http.post(
        f"/staff/bookings/{code}/move", data={**form, "slot": f"norrebro|{TUESDAY_920}"}
    )
    assert moved.status_code == 302
    assert desk.http.post(f"/staff/bookings/{code}/cancel", data=form).status_code == 302
    assert trail(central_db, code)[1:] == [("reception1", "move"), ("reception1", "cancel")]


def test_a_centres_desk_hold_and_booking_name_the_centre_and_its_staff(api, keys, central_db):
    held = api.post(
        "/api/v1/sync/holds",
        json={"service": "passport", "start": TUESDAY_9, "by": "reception1"},
        headers=auth(NORREBRO_KEY),
    ).json
    booked = api.post(
        "/api/v1/sync/bookings",
        json={"hold": held["hold"], "by": "reception1", **PERSON},
        headers=auth(NORREBRO_KEY),
    ).json
    assert trail(central_db, booked["code"]) == [
        ("norrebro:reception1", "hold"),
        ("norrebro:reception1", "book"),
    ]


def test_no_cancel_or_move_is_ever_written_without_an_actor(api, staff_login, central_db):
    code, token = citizen_booking(api)
    api.post(f"/api/v1/bookings/{code}/move", json={"token": token, "start": TUESDAY_920})
    desk = staff_login("reception1")
    desk.post(f"/api/v1/staff/bookings/{code}/cancel")
    nameless = central_db.execute(
        "SELECT COUNT(*) FROM audit WHERE actor IS NULL AND action IN ('cancel', 'move', 'hold')"
    ).fetchone()[0]
    assert nameless == 0
