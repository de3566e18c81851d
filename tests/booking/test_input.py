"""Bad input is a 422 with field errors (or the right 4xx), never a 500; every error code."""

from __future__ import annotations

import json

import pytest

from tests.booking.conftest import PASSWORD

GOOD = {
    "service": "passport",
    "centre": "norrebro",
    "start": "2026-11-24T09:00:00+01:00",
    "name": "Ida Ærø",
    "email": "ida@example.dk",
}


def with_(**changes) -> dict:
    body = {**GOOD, **changes}
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (with_(start="2026-11-20T09:00:00+01:00"), "start", "past"),
        (with_(start="2026-11-23T09:00:00+01:00"), "start", "too_soon"),
        (with_(start="2027-02-01T09:00:00+01:00"), "start", "beyond_horizon"),
        (with_(start="2026-12-25T09:00:00+01:00"), "start", "closed_day"),
        (with_(start="2026-11-24T09:07:00+01:00"), "start", "outside_hours"),
        (with_(start="2026-11-24T12:10:00+01:00"), "start", "outside_hours"),
        (with_(start="2026-11-28T09:00:00+01:00"), "start", "outside_hours"),
        (with_(start="2026-11-24T09:00:00"), "start", "needs_offset"),
        (with_(start="next tuesday"), "start", "invalid"),
        (with_(start=1764000000), "start", "invalid"),
        (with_(start=None), "start", "required"),
        (with_(centre="mars"), "centre", "unknown"),
        (with_(centre=["norrebro"]), "centre", "unknown"),
        (with_(centre=None), "centre", "required"),
        (with_(service="nope"), "service", "unknown"),
        (with_(service={"id": "passport"}), "service", "unknown"),
        (with_(service="x" * 5000), "service", "unknown"),
        (with_(email="not-an-email"), "email", "invalid"),
        (with_(email="a" * 60 + "@" + "b" * 250 + ".dk"), "email", "too_long"),
        (with_(email=None, phone="123"), "phone", "invalid"),
        (with_(email=None, phone=["12345678"]), "phone", "invalid"),
        (with_(email=None), "contact", "required"),
        (with_(name=None), "name", "required"),
        (with_(name="   "), "name", "required"),
        (with_(name="x" * 101), "name", "too_long"),
        (with_(name={"first": "Ida"}), "name", "invalid"),
        (with_(name="Ida\u0007"), "name", "invalid"),
    ],
)
def test_bad_booking_input_is_a_422_naming_the_field(api, body, field, code):
    response = api.post("/api/v1/bookings", json=body)
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert error["code"] == "validation"
    assert error["message"]
    assert error["fields"][field]["code"] == code
    assert error["fields"][field]["message"]


def test_every_bad_field_is_reported_at_once(api):
    body = {"service": "nope", "centre": "mars", "start": "soon", "name": "", "email": "x"}
    fields = api.post("/api/v1/bookings", json=body).json["error"]["fields"]
    assert {k: v["code"] for k, v in fields.items()} == {
        "service": "unknown",
        "centre": "unknown",
        "start": "invalid",
        "name": "required",
        "email": "invalid",
    }


@pytest.mark.parametrize(
    "raw", ["null", "[]", '"text"', "12", "{not json", '{"service": ', "\xff\xfe"]
)
def test_a_body_that_is_not_a_json_object_is_a_422(api, raw):
    response = api.post("/api/v1/bookings", data=raw, content_type="application/json")
    assert response.status_code == 422
    assert response.json["error"]["fields"]["body"]["code"] == "invalid"


def test_a_body_without_json_content_type_is_a_422(api):
    response = api.post("/api/v1/bookings", data=json.dumps(GOOD), content_type="text/plain")
    assert response.status_code == 422


def test_oversized_bodies_are_refused(api):
    big = with_(name="x" * 20_000)
    assert api.post("/api/v1/bookings", json=big).status_code == 422
    huge = with_(name="x" * 100_000)
    response = api.post("/api/v1/bookings", json=huge)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_holds_check_their_input_too(api):
    response = api.post("/api/v1/holds", json={"service": "passport", "centre": "norrebro"})
    assert response.status_code == 422
    assert response.json["error"]["fields"]["start"]["code"] == "required"


def test_unknown_addresses_and_methods_answer_in_json(api):
    missing = api.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    wrong_method = api.delete("/api/v1/centres")
    assert wrong_method.status_code == 405
    assert wrong_method.json["error"]["code"] == "method_not_allowed"


def test_staff_endpoints_need_a_login_and_the_csrf_token(api, staff_login):
    assert api.get("/api/v1/me").json["error"]["code"] == "not_authenticated"
    bad = api.post("/api/v1/login", json={"username": "reception1", "password": "wrong"})
    assert bad.status_code == 401
    assert bad.json["error"]["code"] == "not_authenticated"
    session = staff_login("reception1")
    assert session.get("/api/v1/me").json["account"]["role"] == "reception"
    forged = session.http.post("/api/v1/logout")
    assert forged.status_code == 400
    assert forged.json["error"]["code"] == "csrf_failed"
    assert session.post("/api/v1/logout").status_code == 200
    assert PASSWORD not in json.dumps(session.get("/api/v1/me").json)


def test_errors_are_translated(api):
    body = with_(email="nope")
    danish = api.post("/api/v1/bookings?lang=da", json=body).json["error"]
    english = api.post("/api/v1/bookings?lang=en", json=body).json["error"]
    assert english["message"] == "Some of the information sent is missing or not valid."
    assert english["fields"]["email"]["message"].startswith("Please write a valid e-mail")
    assert danish["code"] == english["code"] == "validation"
