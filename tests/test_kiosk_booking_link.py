"""The kiosk's booking QR code points citizens at central's public address for the service."""

from __future__ import annotations

import pytest

from centre.app import create_app
from centre.config import from_dict
from centre.web import qr_svg
from kernel.config import ConfigError
from tests.conftest import centre_raw, paired_client

INSIDE = "http://central.kk.lan:8080"
PUBLIC = "https://booking.kk.dk"


def kiosk_with_central(tmp_path, clock, **central):
    raw = centre_raw(central={"url": INSIDE, "key": "test.key", **central})
    app = create_app(from_dict(raw, tmp_path, tmp_path / "var"), clock=clock, testing=True)
    return paired_client(app)


def test_booking_qr_links_the_public_booking_page_for_the_service_at_this_centre(tmp_path, clock):
    kiosk = kiosk_with_central(tmp_path, clock, public_url=PUBLIC + "/")

    qr = kiosk.get("/kiosk/book/passport/qr.svg")
    page = kiosk.get("/kiosk?lang=en").get_data(as_text=True)

    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.data == qr_svg(f"{PUBLIC}/book?service=passport&centre=test")
    assert "or book at booking.kk.dk/book." in page
    assert "central.kk.lan" not in page


def test_without_a_public_url_the_qr_uses_centrals_url(tmp_path, clock):
    kiosk = kiosk_with_central(tmp_path, clock)

    qr = kiosk.get("/kiosk/book/driving_licence/qr.svg")

    assert qr.data == qr_svg(f"{INSIDE}/book?service=driving_licence&centre=test")


def test_no_booking_qr_for_a_walk_in_service_or_without_central(tmp_path, clock, kiosk):
    assert kiosk.get("/kiosk/book/passport/qr.svg").status_code == 404  # no [central]
    with_central = kiosk_with_central(tmp_path / "c", clock)
    assert with_central.get("/kiosk/book/tax_questions/qr.svg").status_code == 404
    assert with_central.get("/kiosk/book/nothing/qr.svg").status_code == 404


def test_a_public_url_that_is_no_web_address_is_refused(tmp_path):
    raw = centre_raw(central={"url": INSIDE, "key": "k", "public_url": "booking.kk.dk"})
    with pytest.raises(ConfigError, match="public_url"):
        from_dict(raw, tmp_path, tmp_path / "var")
