"""The kiosk while no tax secondee is here or expected today: a kind message, the booking QR
code for a tax decision and a tax-questions number instead, in reach and accessible."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests import servers
from tests.conftest import axe_violations, wait_for_js
from tests.escpos_reader import decode_qr
from tests.test_kiosk_screens_browser import (
    MEASURE,
    SIZES,
    TIMEOUT,
    assert_fits_and_within_reach,
    kiosk_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The servers' clock runs from Tuesday 24 November 2026 10:00 (tests/conftest.py): the rota has
# a secondee on Monday and Thursday only, so nobody is here or expected today.
CONFIG = """[centre]
id = "taxless"
name = "Borgerservice Uden Skat"
data_dir = "{data}"
[opening_hours]
monday = "09:00-16:00"
tuesday = "09:00-16:00"
[tax]
scheduled = {{ monday = "09:00-16:00", thursday = "09:00-16:00" }}
[central]
url = "http://127.0.0.1:{central}"
key = "taxless.unused-key"
[kiosk]
auto_pair = true
[printer]
transport = "virtual"
"""

QR = "#screen-no-tax-tax_decision .booking-qr img"


def read_qr(page, selector: str) -> str:
    """The QR code's text; OpenCV's detector misses some codes at one exact size (this one at
    its screen size), so it is read at that size and enlarged."""
    image = Image.open(io.BytesIO(page.locator(selector).screenshot()))
    for scale in (1, 1.5, 2):
        size = (int(image.width * scale), int(image.height * scale))
        found = decode_qr(image.resize(size, Image.NEAREST))
        if found:
            return found
    return ""


def config_file(folder: Path) -> tuple[Path, str]:
    folder.mkdir(parents=True, exist_ok=True)
    central = servers.free_port()
    path = folder / "centre.toml"
    path.write_text(CONFIG.format(data=folder / "var", central=central), encoding="utf-8")
    return path, f"127.0.0.1:{central}"


@pytest.mark.parametrize("size", SIZES, ids=["portrait", "landscape"])
def test_no_tax_secondee_today_the_kiosk_says_so_offers_booking_and_tax_questions(
    tmp_path, browser, size
):
    config, central = config_file(tmp_path)
    with servers.centre_run(config, tmp_path / "server.log") as server:
        page = kiosk_page(browser, size)
        try:
            page.goto(server.url + "/kiosk")
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            page.click("[data-open-category=tax]")
            tile = page.locator("[data-live-service=tax_decision]")
            expect(tile).to_have_text("Ingen fra Skattestyrelsen i dag: bestil en tid")
            wait_for_js(
                page,
                "[...document.querySelectorAll('#screen-category-tax .tile-live')]"
                ".every((el) => el.textContent.trim() !== '')",
            )
            page.click("#screen-category-tax [data-service=tax_decision]")
            screen = page.locator("#screen-no-tax-tax_decision")
            expect(screen).to_be_visible(timeout=TIMEOUT)
            expect(screen.locator(".message").first).to_have_text(
                "Der er ingen fra Skattestyrelsen her resten af dagen. Derfor kan du ikke få et "
                "nummer til en skatteafgørelse."
            )
            expect(screen.locator(".booking-address")).to_have_text(f"{central}/book")
            wait_for_js(page, f"document.querySelector('{QR}').naturalWidth > 0")
            assert read_qr(page, QR) == (
                f"http://{central}/book?service=tax_decision&centre=taxless"
            )
            assert_fits_and_within_reach(page.evaluate(MEASURE), "no tax secondee")
            assert axe_violations(page) == [], size
            # With large text the screen still fits and keeps its buttons in reach.
            page.goto(server.url + "/kiosk")
            page.click("#large-text")
            expect(page.locator("#large-text")).to_have_attribute("aria-pressed", "true")
            page.goto(server.url + "/kiosk")
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            page.click("[data-open-category=tax]")
            page.click("#screen-category-tax [data-service=tax_decision]")
            expect(screen).to_be_visible(timeout=TIMEOUT)
            assert_fits_and_within_reach(page.evaluate(MEASURE), "no tax secondee, large text")
            assert axe_violations(page) == [], size
            # The alternative: a number for tax questions, which centre staff answer.
            alternative = screen.get_by_role("button", name="Træk et nummer til: Spørgsmål om skat")
            alternative.click()
            expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
            expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^[A-Z]\d{3}$"))
        finally:
            page.context.close()


def test_the_message_and_the_offer_are_in_english_too(tmp_path, browser):
    config, _ = config_file(tmp_path)
    with servers.centre_run(config, tmp_path / "server.log") as server:
        page = kiosk_page(browser, SIZES[0])
        try:
            page.goto(server.url + "/kiosk?lang=en")
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            page.click("[data-open-category=tax]")
            page.click("#screen-category-tax [data-service=tax_decision]")
            screen = page.locator("#screen-no-tax-tax_decision")
            expect(screen).to_be_visible(timeout=TIMEOUT)
            expect(screen.locator(".message").first).to_contain_text(
                "no one from the Danish Tax Agency is here for the rest of today"
            )
            expect(
                screen.get_by_role("button", name=re.compile("^Take a number for: "))
            ).to_be_visible()
            assert axe_violations(page) == []
        finally:
            page.context.close()
