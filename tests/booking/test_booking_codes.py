"""Booking codes: every booking gets its own, even when a freshly drawn one is taken."""

from __future__ import annotations

import re

from booking.domain import reserve
from kernel.numbering import readable_code


def manage_token(answer: dict) -> str:
    return re.search(r"token=([\w-]+)", answer["manage_url"])[1]


PERSON = {"name": "Ida Ærø", "email": "ida@example.dk"}
NINE = {"service": "passport", "centre": "osterbro", "start": "2026-11-24T09:00:00+01:00"}
TEN = {**NINE, "start": "2026-11-24T10:00:00+01:00"}


def test_a_drawn_code_that_is_taken_is_drawn_again_and_the_first_booking_keeps_it(api, monkeypatch):
    first = api.post("/api/v1/bookings", json={**NINE, **PERSON})
    assert first.status_code == 201
    taken = first.json["code"]
    draws = iter([taken, taken])
    monkeypatch.setattr(
        reserve, "readable_code", lambda length: next(draws, None) or readable_code(length)
    )

    second = api.post("/api/v1/bookings", json={**TEN, **PERSON, "email": "bo@example.dk"})

    assert second.status_code == 201
    assert second.json["code"] != taken
    assert next(draws, "used up") == "used up"  # both taken draws were tried
    mine = api.get(f"/api/v1/bookings/{taken}?token={manage_token(first.json)}")
    assert mine.status_code == 200
    assert (mine.json["start"], mine.json["name"]) == (NINE["start"], PERSON["name"])
    theirs = api.get(f"/api/v1/bookings/{second.json['code']}?token={manage_token(second.json)}")
    assert theirs.json["start"] == TEN["start"]
