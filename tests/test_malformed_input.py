"""Bodies JSON cannot carry safely are a 422 validation error at the centre, never a 500.

Each case here answered 500 before; tests/test_fuzz_centre.py looks for more of them."""

from __future__ import annotations

import pytest

JSON = "application/json"


def post_raw(session, path: str, raw: bytes):
    return session.post(path, data=raw, content_type=JSON)


def assert_validation(response) -> None:
    assert response.status_code == 422, response.get_data()
    assert response.json["error"]["code"] == "validation"
    assert response.json["error"]["message"]


@pytest.mark.parametrize("raw", [b"[" * 60_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000])
def test_json_nested_deeper_than_the_stack_is_a_validation_error(client, raw):
    assert_validation(client.post("/api/v1/login", data=raw, content_type=JSON))


def test_a_lone_surrogate_in_a_body_is_a_validation_error(login):
    reception = login("reception1")
    response = post_raw(
        reception, "/api/v1/reception/tickets", b'{"service": "health_card", "staff": "\\ud800"}'
    )
    assert_validation(response)
    assert_validation(post_raw(reception, "/api/v1/printer/reprint", b'{"ticket": "\\udfff"}'))
    staff = login("staff1", counter="1")
    assert_validation(post_raw(staff, "/api/v1/counter/unpark", b'{"ticket": "\\ud800"}'))


@pytest.mark.parametrize(
    "number", [b"18446744073709551616", b"-9223372036854775809", b"NaN", b"Infinity", b"1e999"]
)
def test_numbers_past_64_bits_nan_and_infinity_are_a_malformed_body(login, number):
    manager = login("manager1")
    response = post_raw(
        manager, "/api/v1/manager/services/passport", b'{"weight": ' + number + b"}"
    )
    assert_validation(response)
    assert response.json["error"].get("field") == "body"


def test_json_with_an_escaped_surrogate_pair_and_64_bit_numbers_still_works(login):
    reception = login("reception1")
    # \ud83d\ude00 is one character (an emoji) written as a pair: that is valid JSON text.
    raw = b'{"service": "health_card", "nonce": "\\ud83d\\ude00-1", "x": 9223372036854775807}'
    response = post_raw(reception, "/api/v1/reception/tickets", raw)
    assert response.status_code == 201, response.json
