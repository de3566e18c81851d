"""Central's links (manage, check-in QR, poster QR) never take a stranger's Host header."""

from __future__ import annotations

from tests.booking.conftest import make_app as make_central
from tests.booking.test_manager_api import decode_png_qr

EVIL = {"Host": "evil.example"}


def get_as_stranger(central, staff, path: str):
    """A staff request under a stranger's Host. The test client sends cookies by host, so
    a client without a cookie jar carries the session cookie by hand."""
    cookie = f"enindgang_central={staff.http.get_cookie('enindgang_central').value}"
    return central.test_client(use_cookies=False).get(path, headers={**EVIL, "Cookie": cookie})


BOOKING = {
    "service": "passport",
    "centre": "osterbro",
    "start": "2026-11-24T09:00:00+01:00",
    "name": "Ida",
    "email": "ida@example.dk",
}


def test_a_booking_made_under_a_strangers_host_links_to_no_stranger(tmp_path, clock):
    central = make_central(tmp_path, clock)
    api = central.test_client()
    answer = api.post("/api/v1/bookings", json=BOOKING, headers=EVIL)
    assert answer.status_code == 201, answer.json
    assert "evil.example" not in str(answer.json)
    # The citizen's page, opened under that host, neither.
    path = answer.json["manage_url"].replace("http://localhost", "")
    page = api.get(path, headers=EVIL)
    assert page.status_code == 200
    assert b"evil.example" not in page.data


def test_a_poster_qr_code_made_under_a_strangers_host_opens_the_real_site(central, staff_login):
    manager = staff_login("manager1")
    png = get_as_stranger(central, manager, "/api/v1/manager/qr.png?service=passport")
    assert png.status_code == 200
    assert decode_png_qr(png.data) == "http://localhost/book?service=passport"
    page = get_as_stranger(central, manager, "/staff/manage/qr?service=passport")
    assert page.status_code == 200
    assert b"evil.example" not in page.data


def test_central_links_use_its_public_url(tmp_path, clock):
    central = make_central(tmp_path, clock, public_url="https://booking.example.dk")
    answer = central.test_client().post("/api/v1/bookings", json=BOOKING, headers=EVIL).json
    assert answer["manage_url"].startswith("https://booking.example.dk/book/manage/")
    assert answer["checkin_qr_url"].startswith("https://booking.example.dk/api/v1/bookings/")
