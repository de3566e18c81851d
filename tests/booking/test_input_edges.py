"""Input at the edges (calendar ends, offsets, non-ASCII digits and tokens, huge ids, deep
JSON) is a 4xx with a clear code at central, never a 500.

Each case here answered 500 before; tests/booking/test_fuzz_central.py looks for more."""

from __future__ import annotations

import pytest

from tests.booking.conftest import NORREBRO_KEY, auth

HOLD = {"service": "passport", "centre": "norrebro"}
ENDS = ["0001-01-01", "9999-12-31"]
# Times whose UTC offset carries them off either end of the calendar, and the ends in UTC.
OFF_THE_CALENDAR = [
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:30:00+23:59",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+00:00",
]


def assert_field_error(response, field: str) -> None:
    assert response.status_code == 422, response.get_data()
    error = response.json["error"]
    assert error["code"] == "validation"
    assert error["message"]
    assert error["fields"][field]["code"] == "invalid"


@pytest.mark.parametrize("day", ENDS)
def test_a_date_at_the_end_of_the_calendar_is_a_validation_error(api, day):
    query = {"service": "passport", "centre": "norrebro"}
    assert_field_error(api.get("/api/v1/availability", query_string={**query, "from": day}), "from")
    to = api.get("/api/v1/availability", query_string={**query, "from": "2026-11-24", "to": day})
    assert_field_error(to, "to")


@pytest.mark.parametrize("start", OFF_THE_CALENDAR)
def test_a_time_off_the_ends_of_the_calendar_is_a_validation_error(api, keys, start):
    assert_field_error(api.post("/api/v1/holds", json={**HOLD, "start": start}), "start")
    booking = {**HOLD, "start": start, "name": "Ida", "email": "ida@example.dk"}
    assert_field_error(api.post("/api/v1/bookings", json=booking), "start")
    desk = api.post("/api/v1/sync/holds", json={**HOLD, "start": start}, headers=auth(NORREBRO_KEY))
    assert_field_error(desk, "start")


@pytest.mark.parametrize("day", ENDS)
def test_a_booking_page_for_a_day_at_the_end_of_the_calendar_is_not_found(api, day):
    response = api.get(f"/book/passport/norrebro/{day}")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("day", ENDS)
def test_a_staff_day_at_the_end_of_the_calendar_is_a_validation_error(staff_login, day):
    reception = staff_login("reception1")
    query = {"centre": "norrebro", "date": day}
    assert_field_error(reception.get("/api/v1/staff/bookings", query_string=query), "date")
    assert reception.get("/staff", query_string=query).status_code == 422


def test_an_event_time_off_the_calendar_refuses_the_batch(api, keys):
    event = {"id": "ev-1", "seq": 1, "at": OFF_THE_CALENDAR[0], "type": "ticket.issued"}
    response = api.post("/api/v1/sync/events", json={"events": [event]}, headers=auth(NORREBRO_KEY))
    assert response.status_code == 422
    assert response.json["error"]["fields"]["events"]["code"] == "invalid"


def test_a_non_ascii_manage_token_is_an_unknown_booking(api):
    booked = api.post(
        "/api/v1/bookings",
        json={**HOLD, "start": "2026-11-24T09:00:00+01:00", "name": "Ida", "email": "i@x.dk"},
    )
    assert booked.status_code == 201, booked.json
    code = booked.json["code"]
    response = api.get(f"/api/v1/bookings/{code}", query_string={"token": "Æøå-token"})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_booking"
    assert api.get(f"/book/manage/{code}", query_string={"token": "Æ"}).status_code == 404


def test_a_superscript_digit_is_not_a_number(api, keys, staff_login):
    # "²".isdigit() is true, but int("²") raises.
    limit = api.get("/api/v1/sync/bookings?limit=²", headers=auth(NORREBRO_KEY))
    assert_field_error(limit, "limit")
    manager = staff_login("manager1")
    minutes = manager.post("/api/v1/manager/services/passport", json={"minutes": "²"})
    assert minutes.status_code == 422
    assert minutes.json["error"]["fields"]["minutes"]["code"] == "out_of_range"


def test_a_phone_number_in_other_scripts_digits_is_invalid(api):
    body = {**HOLD, "start": "2026-11-24T09:00:00+01:00", "name": "Ida", "phone": "٣" * 8}
    response = api.post("/api/v1/bookings", json=body)
    assert response.status_code == 422
    assert response.json["error"]["fields"]["phone"]["code"] == "invalid"


@pytest.mark.parametrize("kind", ["absences", "extra-days"])
def test_an_item_id_past_64_bits_is_not_found(staff_login, kind):
    manager = staff_login("manager1")
    response = manager.http.delete(
        f"/api/v1/manager/staff/carl/{kind}/{2**64}", headers={"X-CSRFToken": manager.token}
    )
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("raw", [b"[" * 60_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000])
def test_json_nested_deeper_than_the_stack_is_a_validation_error(api, raw):
    for path in ("/api/v1/bookings", "/api/v1/holds", "/api/v1/login"):
        response = api.post(path, data=raw, content_type="application/json")
        assert response.status_code == 422, (path, response.get_data())
        assert response.json["error"]["code"] == "validation"


@pytest.mark.parametrize("period", ["0001-01-01", "09:00-10:00-01:00", "01-01"])
def test_a_period_whose_end_reads_as_a_time_with_an_offset_is_a_validation_error(
    staff_login, period
):
    # time.fromisoformat("01-01") is 01:00 at UTC-1, which no wall-clock time compares with.
    manager = staff_login("manager1")
    response = manager.post(
        "/api/v1/manager/staff/anna/schedule", json={"breaks": {"friday": [period]}}
    )
    assert response.status_code == 422, response.get_data()
    assert response.json["error"]["fields"]["breaks"]["code"] == "invalid"
