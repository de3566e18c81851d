"""Holds: a slot is kept for the citizen for a few minutes, then released if not confirmed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from booking.core.errors import BookingError
from booking.domain import bookings as booking_domain
from booking.domain import reserve
from tests.booking.conftest import make_app

TUESDAY_9 = "2026-11-24T09:00:00+01:00"
# Østerbro has one passport member, so one hold takes the whole slot.
SLOT = {"service": "passport", "centre": "osterbro", "start": TUESDAY_9}
PERSON = {"name": "Ida Ærø", "email": "ida@example.dk"}


def free_starts(api) -> set[str]:
    query = "/api/v1/availability?service=passport&centre=osterbro&from=2026-11-24&to=2026-11-24"
    return {s["start"] for s in api.get(query).json["slots"]}


def test_a_hold_answers_with_its_token_and_expiry(api):
    response = api.post("/api/v1/holds", json=SLOT)
    assert response.status_code == 201
    hold = response.json
    assert len(hold["hold"]) >= 20
    # Monday 08:00 plus the default ten minutes, in Copenhagen time.
    assert hold["expires_at"] == "2026-11-23T08:10:00+01:00"
    assert (hold["start"], hold["end"]) == (TUESDAY_9, "2026-11-24T09:15:00+01:00")


def test_a_held_slot_is_taken_for_others_until_the_hold_expires(api, clock):
    api.post("/api/v1/holds", json=SLOT)
    assert TUESDAY_9 not in free_starts(api)
    refused = api.post("/api/v1/bookings", json={**SLOT, **PERSON, "email": "other@example.dk"})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "slot_taken"
    clock.advance(minutes=9, seconds=59)
    assert TUESDAY_9 not in free_starts(api)
    clock.advance(seconds=1)
    assert TUESDAY_9 in free_starts(api)
    taken = api.post("/api/v1/bookings", json={**SLOT, **PERSON, "email": "other@example.dk"})
    assert taken.status_code == 201


def test_confirming_a_live_hold_books_it(api, clock):
    hold = api.post("/api/v1/holds", json=SLOT).json
    clock.advance(minutes=9)
    response = api.post("/api/v1/bookings", json={"hold": hold["hold"], **PERSON})
    assert response.status_code == 201
    assert (response.json["start"], response.json["centre"]) == (TUESDAY_9, "osterbro")
    again = api.post("/api/v1/bookings", json={"hold": hold["hold"], **PERSON})
    assert (again.status_code, again.json) == (200, {"status": "confirmed"})


def test_an_expired_hold_is_still_booked_if_nobody_took_the_time(api, clock):
    hold = api.post("/api/v1/holds", json=SLOT).json
    clock.advance(minutes=30)
    response = api.post("/api/v1/bookings", json={"hold": hold["hold"], **PERSON})
    assert response.status_code == 201


def test_an_expired_hold_taken_by_someone_else_is_refused_with_alternatives(api, clock):
    hold = api.post("/api/v1/holds", json=SLOT).json
    clock.advance(minutes=11)
    api.post("/api/v1/bookings", json={**SLOT, **PERSON, "email": "fast@example.dk"})
    response = api.post("/api/v1/bookings", json={"hold": hold["hold"], **PERSON})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "slot_taken"
    assert response.json["error"]["alternatives"][0]["start"] == "2026-11-24T09:20:00+01:00"


def test_releasing_a_hold_frees_the_slot_at_once(api):
    hold = api.post("/api/v1/holds", json=SLOT).json
    response = api.delete(f"/api/v1/holds/{hold['hold']}")
    assert response.status_code == 200
    assert TUESDAY_9 in free_starts(api)
    again = api.delete(f"/api/v1/holds/{hold['hold']}")
    assert again.status_code == 404
    assert again.json["error"]["code"] == "unknown_hold"


def test_a_booking_must_match_its_hold(api):
    hold = api.post("/api/v1/holds", json=SLOT).json
    other_time = {"hold": hold["hold"], **PERSON, "start": "2026-11-24T09:20:00+01:00"}
    response = api.post("/api/v1/bookings", json=other_time)
    assert response.status_code == 422
    assert response.json["error"]["fields"]["hold"]["code"] == "mismatch"
    unknown = api.post("/api/v1/bookings", json={"hold": "not-a-hold", **PERSON})
    assert unknown.status_code == 422
    assert unknown.json["error"]["fields"]["hold"]["code"] == "unknown"


def test_hold_minutes_are_configurable(tmp_path, clock):
    api = make_app(tmp_path, clock, hold_minutes=3).test_client()
    hold = api.post("/api/v1/holds", json=SLOT).json
    assert hold["expires_at"] == "2026-11-23T08:03:00+01:00"
    clock.advance(minutes=3)
    assert TUESDAY_9 in free_starts(api)


def test_a_hold_is_live_until_it_runs_out(api, clock):
    """One rule for whether a hold still keeps its time: the details page's 'held until' and
    the booking that confirms it (booking/domain/reserve.py hold_live)."""
    token = api.post("/api/v1/holds", json=SLOT).json["hold"]
    held = booking_domain.online_hold(central_db_of(api), token)
    assert reserve.hold_live(held, clock.now())
    clock.advance(minutes=9, seconds=59)
    assert reserve.hold_live(held, clock.now())
    clock.advance(seconds=1)
    assert not reserve.hold_live(held, clock.now())
    assert not reserve.hold_live({**held, "status": "expired"}, clock.now())


def test_a_booking_is_changeable_exactly_while_cancelling_it_is_allowed(api, clock):
    """The pages offer a change exactly when cancel or move would take it (reserve.changeable)."""
    booked = api.post("/api/v1/bookings", json={**SLOT, **PERSON}).json
    db = central_db_of(api)
    found = booking_domain.find(db, booked["code"], staff=True)
    clock.advance(hours=24, minutes=59, seconds=59)  # one second before Tuesday 09:00
    assert reserve.changeable(found, clock.now())
    clock.advance(seconds=1)
    assert not reserve.changeable(found, clock.now())
    with pytest.raises(BookingError) as refused:
        reserve.check_changeable(found, clock.now())
    assert refused.value.params["reason"] == "started"
    assert not reserve.changeable({**found, "status": "cancelled"}, clock.now() - timedelta(days=1))


def central_db_of(api):
    return api.application.extensions["enindgang"]["pool"].get()
