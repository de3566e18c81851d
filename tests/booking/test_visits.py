"""A booking's visit from the centre's uploaded events: checked in, then served or no-show,
shown to the citizen (page and API) and to staff; a checked-in booking is no longer changed."""

from __future__ import annotations

import pytest

from booking.store.db import read_visits_from_events
from tests.booking.conftest import NORREBRO_KEY, OSTERBRO_KEY, auth
from tests.booking.test_sync_api import book

CHECKED_IN_AT = "2026-11-24T08:52:00+00:00"  # 09.52 in Copenhagen
ENDED_AT = "2026-11-24T09:07:00+00:00"  # 10.07


def upload(api, *events, key=NORREBRO_KEY):
    response = api.post("/api/v1/sync/events", json={"events": list(events)}, headers=auth(key))
    assert response.status_code == 200, response.json
    return response.json


def event(n: int, type: str, ticket: str, at: str, **data) -> dict:
    return {"id": f"ev-{n}", "seq": n, "at": at, "type": type, "ticket_id": ticket, "data": data}


def check_in(code: str, ticket: str = "ticket-1", n: int = 1) -> dict:
    return event(n, "ticket.checked_in", ticket, CHECKED_IN_AT, booking_code=code)


def path_of(url: str) -> str:
    return url.replace("http://localhost", "")


def token_of(booked: dict) -> str:
    return booked["manage_url"].split("token=")[1]


def test_a_booking_reads_as_booked_until_the_centre_says_otherwise(api, keys):
    booked = book(api)
    answer = api.get(path_of(booked["manage_url"]).replace("/book/manage", "/api/v1/bookings"))
    assert answer.json["status"] == "confirmed" and answer.json["visit"] is None


def test_a_check_in_at_the_kiosk_shows_as_checked_in_to_the_citizen(api, keys):
    booked = book(api)
    upload(api, check_in(booked["code"]))
    answer = api.get(f"/api/v1/bookings/{booked['code']}", query_string={"token": token_of(booked)})
    assert answer.json["status"] == "confirmed"
    assert answer.json["visit"] == {
        "state": "checked_in",
        "checked_in_at": "2026-11-24T09:52:00+01:00",
        "ended_at": None,
    }
    html = api.get(path_of(booked["manage_url"]) + "&lang=en").get_data(as_text=True)
    assert "You have checked in" in html
    assert "You checked in at the centre at 09" in html
    assert "Move the appointment" not in html and "Cancel the appointment" not in html
    danish = api.get(path_of(booked["manage_url"]) + "&lang=da").get_data(as_text=True)
    assert "Du er tjekket ind" in danish and "Tjekket ind" in danish
    assert "Flyt tiden" not in danish and "Aflys tiden" not in danish


def test_a_checked_in_booking_can_no_longer_be_moved_or_cancelled(api, keys):
    booked = book(api)
    upload(api, check_in(booked["code"]))
    token = token_of(booked)
    cancel = api.post(f"/api/v1/bookings/{booked['code']}/cancel", json={"token": token})
    assert cancel.status_code == 409
    assert cancel.json["error"]["reason"] == "checked_in"
    move = api.post(
        f"/api/v1/bookings/{booked['code']}/move",
        json={"token": token, "start": "2026-11-24T10:00:00+01:00"},
    )
    assert move.status_code == 409 and move.json["error"]["reason"] == "checked_in"
    page = api.get(f"/book/manage/{booked['code']}/move?token={token}&lang=en")
    assert page.status_code == 409
    assert "You have checked in for this appointment" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("kind", "state", "heading"),
    [
        ("ticket.finished", "served", "Your visit is over"),
        ("ticket.no_show", "no_show", "You did not come when you were called"),
    ],
)
def test_the_end_of_the_check_in_ticket_ends_the_visit(api, keys, kind, state, heading):
    booked = book(api)
    upload(api, check_in(booked["code"]), event(2, "ticket.called", "ticket-1", ENDED_AT))
    upload(api, event(3, kind, "ticket-1", ENDED_AT))
    answer = api.get(f"/api/v1/bookings/{booked['code']}", query_string={"token": token_of(booked)})
    assert answer.json["visit"]["state"] == state
    assert answer.json["visit"]["ended_at"] == "2026-11-24T10:07:00+01:00"
    html = api.get(path_of(booked["manage_url"]) + "&lang=en").get_data(as_text=True)
    assert heading in html and "10:07" in html
    assert "Book a new time" in html and "Cancel the appointment" not in html


def test_another_tickets_end_or_another_centres_events_leave_the_visit_alone(api, keys):
    booked = book(api)
    upload(api, check_in(booked["code"]))
    upload(api, event(2, "ticket.finished", "ticket-2", ENDED_AT))
    upload(api, event(1, "ticket.finished", "ticket-1", ENDED_AT), key=OSTERBRO_KEY)
    answer = api.get(f"/api/v1/bookings/{booked['code']}", query_string={"token": token_of(booked)})
    assert answer.json["visit"]["state"] == "checked_in"


def test_the_same_events_sent_again_keep_the_first_outcome(api, keys):
    booked = book(api)
    first = [check_in(booked["code"]), event(2, "ticket.no_show", "ticket-1", ENDED_AT)]
    upload(api, *first)
    answer = upload(api, *first)
    assert answer["duplicates"] == 2
    found = api.get(f"/api/v1/bookings/{booked['code']}", query_string={"token": token_of(booked)})
    assert found.json["visit"]["state"] == "no_show"


def test_staff_see_the_visit_on_the_day_and_on_the_booking(api, keys, staff_login):
    booked = book(api)
    upload(api, check_in(booked["code"]))
    staff = staff_login("reception1")
    day = staff.get("/staff?centre=norrebro&date=2026-11-24&lang=en").get_data(as_text=True)
    assert "Checked in at 09" in day
    page = staff.get(f"/staff/bookings/{booked['code']}?lang=en").get_data(as_text=True)
    assert "Checked in at 09" in page
    assert "Cancel the appointment" not in page
    answer = staff.get("/api/v1/staff/bookings?centre=norrebro&date=2026-11-24").json
    [mine] = [b for b in answer["bookings"] if b["code"] == booked["code"]]
    assert mine["visit"]["state"] == "checked_in"


def test_events_uploaded_before_the_upgrade_are_read_into_the_visits(api, keys, central_db):
    booked = book(api)
    upload(api, check_in(booked["code"]), event(2, "ticket.finished", "ticket-1", ENDED_AT))
    central_db.execute(
        "UPDATE bookings SET ticket_id = NULL, visit_outcome = NULL, visit_ended_at = NULL"
    )
    read_visits_from_events(central_db)  # what the upgrade's migration does
    row = central_db.execute(
        "SELECT ticket_id, visit_outcome FROM bookings WHERE code = ?", [booked["code"]]
    ).fetchone()
    assert tuple(row) == ("ticket-1", "served")
