"""Reception at a centre books through central with the centre's key: hold, then book, once."""

from __future__ import annotations

import pytest

from booking.domain import reserve
from booking.store import audit
from booking.store import bookings as booking_store
from tests.booking.conftest import NORREBRO_KEY, OSTERBRO_KEY, auth
from tests.booking.test_sync_api import TUESDAY_9


@pytest.fixture
def desk(api, keys):
    class Desk:
        def hold(self, key=NORREBRO_KEY, **body):
            body = {"service": "passport", "start": TUESDAY_9, **body}
            return api.post("/api/v1/sync/holds", json=body, headers=auth(key))

        def book(self, hold, key=NORREBRO_KEY, **body):
            person = {"name": "Ida Ærø", "phone": "+45 20 30 40 50", "by": "reception1"}
            return api.post(
                "/api/v1/sync/bookings", json={"hold": hold, **person, **body}, headers=auth(key)
            )

    return Desk()


def statuses(central_db) -> list[tuple[str, str]]:
    return central_db.execute("SELECT code, status FROM bookings ORDER BY created_at").fetchall()


def test_reception_holds_then_books_at_its_own_centre_and_the_audit_names_who(desk, central_db):
    held = desk.hold()
    assert held.status_code == 201, held.json
    assert held.json["centre"] == "norrebro" and held.json["start"] == TUESDAY_9
    booked = desk.book(held.json["hold"])
    assert booked.status_code == 201, booked.json
    answer = booked.json
    assert (answer["status"], answer["centre"], answer["name"]) == (
        "confirmed",
        "norrebro",
        "Ida Ærø",
    )
    assert answer["phone"] == "+4520304050"
    trail = audit.for_booking(central_db, answer["code"])
    assert trail[-1]["actor"] == "norrebro:reception1" and trail[-1]["action"] == "book"


def test_the_same_hold_sent_again_returns_the_same_booking_not_a_second_one(desk, central_db):
    hold = desk.hold().json["hold"]
    first = desk.book(hold)
    again = desk.book(hold)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["code"] == first.json["code"]
    assert again.json["start"] == first.json["start"] == TUESDAY_9
    # The code to show the citizen at the desk, not the contact details stored with it.
    assert first.json["name"] == "Ida Ærø"
    assert not {"name", "phone", "email"} & set(again.json)
    assert statuses(central_db) == [(first.json["code"], "confirmed")]


def test_the_desk_retry_ends_when_a_hold_would_have_run_out(desk, clock):
    hold = desk.hold().json["hold"]
    first = desk.book(hold)
    clock.advance(minutes=9)
    assert desk.book(hold).json["code"] == first.json["code"]
    clock.advance(minutes=2)
    late = desk.book(hold)
    assert (late.status_code, late.json["error"]["code"]) == (404, "unknown_hold")
    assert first.json["code"] not in late.get_data(as_text=True)


@pytest.mark.parametrize("change", ["move", "cancel"])
def test_the_desk_retry_learns_nothing_of_a_later_change(desk, staff_login, change):
    hold = desk.hold().json["hold"]
    code = desk.book(hold).json["code"]
    body = {"start": "2026-11-24T09:20:00+01:00"} if change == "move" else {}
    changed = staff_login("reception1").post(f"/api/v1/staff/bookings/{code}/{change}", json=body)
    assert changed.status_code == 200, changed.json
    again = desk.book(hold)
    assert (again.status_code, again.json["error"]["code"]) == (404, "unknown_hold")
    assert code not in again.get_data(as_text=True)


def test_a_centre_cannot_hold_at_another_centre(desk, central_db):
    response = desk.hold(centre="osterbro")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert statuses(central_db) == []


def test_a_centre_cannot_confirm_or_release_another_centres_hold(desk, api, central_db):
    hold = desk.hold(key=OSTERBRO_KEY).json["hold"]
    refused = desk.book(hold)
    assert refused.status_code == 404
    assert refused.json["error"]["code"] == "unknown_hold"
    released = api.delete(f"/api/v1/sync/holds/{hold}", headers=auth(NORREBRO_KEY))
    assert released.status_code == 404
    assert [status for _, status in statuses(central_db)] == ["held"]


def test_booking_without_a_hold_is_refused_so_a_retry_can_never_book_twice(desk, central_db):
    response = desk.book(None)
    assert response.status_code == 422
    assert response.json["error"]["fields"]["hold"]["code"] == "required"
    assert statuses(central_db) == []


def test_a_slot_already_taken_is_409_with_alternatives(desk, api):
    # The demo's Nørrebro has one passport desk at 09:00; take it from the public site first.
    taken = []
    while True:
        held = desk.hold()
        if held.status_code != 201:
            break
        taken.append(held.json["hold"])
    assert held.status_code == 409
    assert held.json["error"]["code"] == "slot_taken"
    assert held.json["error"]["alternatives"]
    assert taken


def test_a_released_hold_frees_the_slot(desk, api, central_db):
    hold = desk.hold().json["hold"]
    released = api.delete(f"/api/v1/sync/holds/{hold}", headers=auth(NORREBRO_KEY))
    assert released.status_code == 200
    # Released holds are stored as run out: the slot is free for anyone at once.
    assert [status for _, status in statuses(central_db)] == ["expired"]
    assert desk.hold().status_code == 201


def test_desk_calls_without_a_key_store_nothing(api, keys, central_db):
    body = {"service": "passport", "start": TUESDAY_9}
    assert api.post("/api/v1/sync/holds", json=body).status_code == 401
    assert statuses(central_db) == []


def test_a_hold_that_ran_out_books_once_however_often_it_is_sent(desk, clock, central_db):
    hold = desk.hold().json["hold"]
    clock.advance(minutes=11)  # past the 10-minute hold: the slot is taken again, same row
    first = desk.book(hold)
    again = desk.book(hold)
    assert (first.status_code, again.status_code) == (201, 200), first.json
    assert again.json["code"] == first.json["code"]
    assert statuses(central_db) == [(first.json["code"], "confirmed")]


def test_a_retry_that_read_the_hold_before_it_was_booked_still_books_once(
    desk, central, central_db, monkeypatch
):
    hold = desk.hold().json["hold"]
    before = booking_store.by_token(central_db, hold)
    first = desk.book(hold)

    # The second request read the hold while the first was still booking it.
    def stale_read(db, token, data, *_):
        data.update(service=before["service"], centre=before["centre"], start=before["start_at"])
        return dict(before)

    monkeypatch.setattr(reserve, "_hold_for", stale_read)
    again = desk.book(hold)
    assert again.status_code == 200, again.json
    assert again.json["code"] == first.json["code"]
    assert statuses(central_db) == [(first.json["code"], "confirmed")]


def test_another_centres_desk_booking_cannot_be_read_through_its_token(desk, central_db):
    hold = desk.hold(key=OSTERBRO_KEY).json["hold"]
    assert desk.book(hold, key=OSTERBRO_KEY).status_code == 201
    peek = desk.book(hold, name="Someone Else")
    assert peek.status_code == 404
    assert "Ida" not in peek.get_data(as_text=True)
    assert peek.json["error"]["code"] == "unknown_hold"


def test_a_citizens_own_online_booking_cannot_be_read_through_its_token(desk, api, central_db):
    online = api.post(
        "/api/v1/bookings",
        json={
            "service": "passport",
            "centre": "norrebro",
            "start": TUESDAY_9,
            "name": "Karen Blixen",
            "email": "karen@example.dk",
        },
    )
    assert online.status_code == 201, online.json
    token = booking_store.by_code(central_db, online.json["code"])["token"]
    peek = desk.book(token)
    assert peek.status_code == 404
    assert "Karen" not in peek.get_data(as_text=True)


def test_a_centre_reads_the_names_of_its_own_bookings_today_and_the_read_is_audited(
    desk, api, clock, central_db
):
    code = desk.book(desk.hold().json["hold"]).json["code"]
    clock.advance(hours=24)  # the booking's day

    mine = api.get("/api/v1/sync/names?by=reception1", headers=auth(NORREBRO_KEY))
    other = api.get("/api/v1/sync/names?by=reception1", headers=auth(OSTERBRO_KEY))
    anonymous = api.get("/api/v1/sync/names?by=reception1")

    assert mine.status_code == 200, mine.json
    assert mine.json["names"] == [{"code": code, "name": "Ida Ærø"}]
    # Another centre's key opens none of them, and no key opens nothing at all.
    assert other.status_code == 200 and other.json["names"] == []
    assert anonymous.status_code == 401
    assert "Ida" not in anonymous.get_data(as_text=True)
    reads = central_db.execute(
        "SELECT actor FROM audit WHERE action = 'desk.names' ORDER BY id"
    ).fetchall()
    assert [actor for (actor,) in reads] == ["norrebro:reception1", "osterbro:reception1"]


def test_names_are_only_today_s(desk, api):
    desk.book(desk.hold().json["hold"])  # tomorrow's booking: not on today's list
    today = api.get("/api/v1/sync/names?by=reception1", headers=auth(NORREBRO_KEY))
    assert today.status_code == 200 and today.json["names"] == []
