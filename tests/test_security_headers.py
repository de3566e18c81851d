"""Security headers on every answer of the centre and central apps, pages and API alike."""

from __future__ import annotations

import pytest

from tests.booking.conftest import make_app as make_central

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def assert_protected(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.request.path)
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/kiosk",
        "/display",
        "/counter",
        "/api/v1/services",
        "/no-such-page",
        "/vendor/socket.io.min.js",
    ],
)
def test_every_centre_answer_carries_the_security_headers(client, path):
    assert_protected(client.get(path))


def test_socketio_answers_carry_the_security_headers_too(client):
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200
    assert_protected(response)


def test_a_ticket_status_page_tells_the_browser_to_send_no_referrer(client, login):
    ticket = login("reception1").post("/api/v1/reception/tickets", json={"service": "other"})
    assert ticket.status_code == 201, ticket.json
    path = ticket.json["status_url"].replace("http://localhost", "")
    page = client.get(path)
    assert page.status_code == 200
    assert_protected(page)


@pytest.mark.parametrize("path", ["/book", "/api/v1/centres", "/staff/login", "/no-such-page"])
def test_every_central_answer_carries_the_security_headers(tmp_path, clock, path):
    central = make_central(tmp_path, clock)
    assert_protected(central.test_client().get(path))
