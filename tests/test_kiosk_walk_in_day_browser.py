"""An appointment-only day at the kiosk, in real Chromium (portrait kiosk, 1080x1920): a
service that takes walk-ins on other days offers the booking QR code and the next free time
instead of a number, check-in for a booked time still works, and reception still gives a
number for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from booking.demo import demo_key
from centre.demo_system import ensure_demo_accounts
from centre.store.db import init_db
from tests import servers
from tests.conftest import CPH, axe_violations, server_now, wait_for_js
from tests.test_checkin_browser import APPOINTMENT_LINE, central_reachable, wait_for
from tests.test_kiosk_screens_browser import (
    MEASURE,
    PORTRAIT,
    TIMEOUT,
    assert_fits_and_within_reach,
    kiosk_page,
)
from tests.test_kiosk_tax_browser import read_qr

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The servers' clock runs from Tuesday 24 November 2026 10:00 (tests/conftest.py). Tuesdays at
# this Nørrebro only moving and tax questions take walk-ins: a health card needs a booked time
# today, though it is a walk-in service on every other day.
CONFIG = """[centre]
id = "norrebro"
name = "Borgerservice Nørrebro"
data_dir = "{data}"
[opening_hours]
monday = "08:00-20:00"
tuesday = "08:00-20:00"
wednesday = "08:00-20:00"
[counters.1]
[counters.2]
[walk_in]
tuesday = ["moving", "tax_questions"]
[kiosk]
auto_pair = true
[printer]
transport = "virtual"
[central]
url = "http://127.0.0.1:{central}"
key = "{key}"
max_backoff_seconds = 2
"""

SCREEN = "#screen-appointment-health_card"
QR = SCREEN + " .booking-qr img"


def centre_config(folder: Path, central_port: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "norrebro.toml"
    text = CONFIG.format(data=folder / "var", central=central_port, key=demo_key("norrebro"))
    path.write_text(text, encoding="utf-8")
    from centre.config import load

    database = load(path).database_path
    init_db(database)
    ensure_demo_accounts(database)  # reception1 / "demo"
    return path


def booked_health_card_or_any(central_log: Path) -> tuple[str, str]:
    """A demo appointment at Nørrebro in its check-in window now (1 to 28 minutes ahead):
    (code, service), one for a service that needs a booked time today if there is one."""
    now = server_now().astimezone(CPH)

    def found():
        inside = []
        for line in central_log.read_text(errors="replace").splitlines():
            match = APPOINTMENT_LINE.match(line)
            if not match:
                continue
            hour, minute, service, code = match.groups()
            start = now.replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
            if 60 <= (start - now).total_seconds() <= 28 * 60:
                inside.append((code, service))
        booked_only = [c for c in inside if c[1] not in ("moving", "tax_questions")]
        return (booked_only or inside)[:1]

    return wait_for(found, 40, "demo appointments in central's log")[0]


def test_on_an_appointment_only_day_the_kiosk_offers_booking_and_reception_a_number(
    tmp_path, browser
):
    central_port = servers.free_port()
    central = servers.central_demo(
        tmp_path / "central",
        tmp_path / "central.log",
        "--bookings-today",
        "norrebro",
        "--history-days",
        "0",
        port=central_port,
    )
    config = centre_config(tmp_path / "norrebro", central_port)
    with central, servers.centre_run(config, tmp_path / "centre.log") as centre:
        page = kiosk_page(browser, PORTRAIT)
        try:
            page.goto(centre.url + "/kiosk")
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            # The start screen tells before the tap that a health card needs a booked time today.
            health = page.locator("[data-open-category=health]")
            expect(health.locator(".tile-live")).to_have_text("Kun med bestilt tid")
            # Moving is a walk-in today: its tile shows the queue, and it gives a number.
            wait_for_js(
                page,
                "document.querySelector('[data-live-category=moving]').textContent.trim() !== ''",
            )
            expect(page.locator("[data-open-category=moving] .tile-live")).not_to_have_text(
                "Kun med bestilt tid"
            )
            wait_for(lambda: central_reachable(centre), 40, "the centre reaching central")

            health.click()
            screen = page.locator(SCREEN)
            expect(screen).to_be_visible(timeout=TIMEOUT)
            expect(screen.locator(".booked-today")).to_have_text(
                "I dag kun med bestilt tid. Du kan stadig få et nummer i receptionen."
            )
            # The next free time, asked of central; a Danish day and time ("kl. 10.30").
            next_free = screen.locator("[data-next-free=health_card]")
            expect(next_free).to_be_visible(timeout=10_000)
            expect(next_free).to_have_text(
                re.compile(r"^Næste ledige tid: \w+dag \d{1,2}\. \w+ kl\. \d{2}\.\d{2}$")
            )
            wait_for_js(page, f"document.querySelector('{QR}').naturalWidth > 0")
            assert read_qr(page, QR) == (
                f"http://127.0.0.1:{central_port}/book?service=health_card&centre=norrebro"
            )
            # No number was taken: the screen has no ticket on it and no button that takes one.
            expect(page.locator("#screen-ticket")).to_be_hidden()
            assert screen.locator("[data-action=walk-in]").count() == 0
            assert_fits_and_within_reach(page.evaluate(MEASURE), "appointment-only day")
            assert axe_violations(page) == []

            # Check-in for a booked time still gives an appointment ticket.
            code, _service = booked_health_card_or_any(central.log)
            screen.locator("[data-action=restart]").click()
            page.click("[data-action=checkin]")
            expect(page.locator("#screen-checkin")).to_be_visible()
            for letter in code:
                page.click(f"#screen-checkin [data-key='{letter}']")
            page.click("#checkin-ok")
            expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
            expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^[A-Z]\d{3}$"))
            expect(page.locator("#ticket-appointment")).to_be_visible()

            # Reception, at its tablet, still gives a number for a health card today.
            tablet = browser.new_context(
                viewport={"width": 1280, "height": 800}, locale="da-DK"
            ).new_page()
            try:
                tablet.goto(f"{centre.url}/counter?lang=da")
                tablet.fill("#username", "reception1")
                tablet.fill("#password", "demo")
                tablet.click("#login-submit")
                expect(tablet.locator("#logout")).to_be_visible(timeout=TIMEOUT)
                tablet.select_option("#give-service", "health_card")
                tablet.click("#give-form button[type=submit]")
                expect(tablet.locator("#issued-number")).to_have_text(
                    re.compile(r"^[A-Z]\d{3}$"), timeout=TIMEOUT
                )
                expect(tablet.locator("#issued-text")).to_contain_text("Sundhedskort")
            finally:
                tablet.context.close()
        finally:
            page.context.close()


def test_the_appointment_only_screen_reads_in_english_too(tmp_path, browser):
    """Without central the QR code's address still shows, and the next free time is left
    out rather than wrong."""
    config = centre_config(tmp_path / "norrebro", servers.free_port())
    with servers.centre_run(config, tmp_path / "centre.log") as centre:
        page = kiosk_page(browser, PORTRAIT)
        try:
            page.goto(centre.url + "/kiosk?lang=en")
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            page.click("[data-open-category=health]")
            screen = page.locator(SCREEN)
            expect(screen).to_be_visible(timeout=TIMEOUT)
            expect(screen.locator(".booked-today")).to_have_text(
                "Today only with a booked time. The reception can still give you a number."
            )
            page.wait_for_timeout(1500)  # the next free time was asked for and not found
            expect(screen.locator("[data-next-free=health_card]")).to_be_hidden()
            expect(screen.locator(".booking-qr img")).to_be_visible()
            assert axe_violations(page) == []
        finally:
            page.context.close()


def test_a_kiosk_page_drawn_on_another_day_redraws_itself_for_today(tmp_path, browser):
    """A kiosk left on overnight at a centre that never closes: the page drawn yesterday (a
    walk-in day, say) redraws at the next check, so today's appointment-only services offer
    booking instead of a tap that ends in an error."""
    config = centre_config(tmp_path / "norrebro", servers.free_port())
    with servers.centre_run(config, tmp_path / "centre.log") as centre:
        page = kiosk_page(browser, PORTRAIT)
        try:
            page.clock.install()
            page.goto(centre.url + "/kiosk")
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            today = page.evaluate("window.Kiosk.config.today")
            assert today == server_now().astimezone(CPH).date().isoformat()
            page.evaluate("window.__drawn = 'still here'")
            # The same day: the minute's check leaves the page alone.
            page.clock.run_for(61_000)
            page.wait_for_timeout(500)
            assert page.evaluate("window.__drawn") == "still here"
            # As if drawn yesterday: the next check redraws it for today.
            page.evaluate("window.Kiosk.config.today = '2026-11-23'")
            with page.expect_navigation(timeout=10_000):
                page.clock.run_for(61_000)
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            assert page.evaluate("window.__drawn") is None
            assert page.evaluate("window.Kiosk.config.today") == today
            page.click("[data-open-category=health]")
            expect(page.locator(SCREEN)).to_be_visible(timeout=TIMEOUT)
        finally:
            page.context.close()
