"""Limits against hoarding: a rate limit per client address, configurable or lifted."""

from __future__ import annotations

from pathlib import Path

import pytest

from booking.config import DEFAULT_RATE_LIMIT, from_dict
from kernel.config import ConfigError
from tests.booking.conftest import make_app

BODY = {
    "service": "passport",
    "centre": "norrebro",
    "start": "2026-11-24T09:00:00+01:00",
    "name": "Ida",
}


def test_booking_requests_per_address_are_limited(tmp_path, clock):
    api = make_app(tmp_path, clock, rate_limit="3 per minute").test_client()
    answers = [
        api.post("/api/v1/bookings", json={**BODY, "email": f"p{n}@example.dk"}) for n in range(4)
    ]
    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert answers[2].status_code == 409  # a refusal counts too: it is still an attempt
    assert answers[3].status_code == 429
    error = answers[3].json["error"]
    assert error["code"] == "rate_limited" and error["message"]
    other_address = api.post(
        "/api/v1/bookings",
        json={**BODY, "start": "2026-11-24T09:20:00+01:00", "email": "q@example.dk"},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert other_address.status_code == 201


def test_holds_are_limited_per_address_too(tmp_path, clock):
    api = make_app(tmp_path, clock, rate_limit="2 per minute").test_client()
    codes = [api.post("/api/v1/holds", json={}).status_code for _ in range(3)]
    assert codes == [422, 422, 429]


def test_reading_is_never_limited(tmp_path, clock):
    api = make_app(tmp_path, clock, rate_limit="1 per minute").test_client()
    codes = {api.get("/api/v1/availability?service=passport").status_code for _ in range(5)}
    assert codes == {200}


def test_without_a_rate_limit_many_bookings_from_one_address_go_through(api):
    codes = [
        api.post(
            "/api/v1/bookings",
            json={**BODY, "start": f"2026-11-24T{t}:00+01:00", "email": f"p{t}@example.dk"},
        ).status_code
        for t in ("09:00", "09:20", "09:40", "10:00", "10:20", "10:40")
        for _ in range(2)
    ]
    assert codes == [201] * 12


def test_rate_limit_comes_from_the_config_file():
    base = Path("/tmp")
    assert from_dict({}, base).rate_limit == DEFAULT_RATE_LIMIT
    assert from_dict({"booking": {"rate_limit": "5 per hour"}}, base).rate_limit == "5 per hour"
    assert from_dict({"booking": {"rate_limit": False}}, base).rate_limit is None
    with pytest.raises(ConfigError):
        from_dict({"booking": {"rate_limit": "lots"}}, base)
    config = from_dict({"booking": {"max_open_per_contact": 5, "hold_minutes": 15}}, base)
    assert (config.max_open_per_contact, config.hold_minutes) == (5, 15)
    with pytest.raises(ConfigError):
        from_dict({"booking": {"hold_minutes": 0}}, base)
