"""The citizen's booking flow in real Chromium against a real server, axe-clean on every page."""

from __future__ import annotations

import re
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import axe_violations, wait_for_js

pytestmark = pytest.mark.browser


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.fixture
def phone(browser):
    """A phone-sized browser in Danish (the booking site is mobile first)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def wait_for_mail(base: str, text: str, timeout: float = 20.0) -> None:
    """The background round sends within moments of the booking; poll the mailbox for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in requests.get(f"{base}/dev/mailbox", timeout=5).text:
            return
        time.sleep(0.2)
    raise AssertionError(f"no message with {text!r} in the mailbox")


def pick_first_day_and_time(page) -> None:
    expect(page.locator("h1")).to_have_text(re.compile("Vælg en dag|Choose a day"))
    assert_accessible(page)
    page.locator("ul.days a.choice").first.click()
    expect(page.locator("h1")).to_have_text(re.compile("Vælg et tidspunkt|Choose a time"))
    assert_accessible(page)
    page.locator("button.time").first.click()


def test_scanned_poster_link_to_confirmation_and_cancel(central_demo, phone):
    page = phone
    # A QR poster at Valby for passports: straight to the days with free times there.
    page.goto(f"{central_demo.url}/book?centre=valby&service=passport&lang=en")
    expect(page.locator(".summary")).to_contain_text("Borgerservice Valby")
    pick_first_day_and_time(page)

    expect(page.locator("h1")).to_have_text("Your details")
    expect(page.locator(".note")).to_contain_text("We hold this time for you until")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Ida Ærø")
    page.get_by_label("E-mail address").fill("ida@example.dk")
    page.get_by_role("button", name="Book the time").click()

    expect(page.locator("h1")).to_have_text("Your time is booked")
    code = page.locator(".code span[aria-hidden]").inner_text()
    assert re.fullmatch(r"[ACDEFGHJKMNPRTUVWXY34679]{6}", code)
    expect(page.locator(".booking-card")).to_contain_text("Borgerservice Valby")
    expect(page.get_by_role("heading", name="Remember to bring")).to_be_visible()
    expect(page.locator("ul.bring li").first).to_contain_text("passport")
    qr = page.locator("img.qr")
    expect(qr).to_have_attribute("alt", re.compile(" ".join(code)))
    wait_for_js(page, "document.querySelector('img.qr').naturalWidth > 0")
    assert_accessible(page)
    ics_link = page.get_by_role("link", name=re.compile(r"\.ics"))
    ics = page.request.get(ics_link.get_attribute("href"))
    assert ics.ok and "BEGIN:VCALENDAR" in ics.text() and code in ics.text()

    # The confirmation went out through the outbox: the demo keeps it in its mailbox.
    wait_for_mail(central_demo.url, code)
    manage_url = page.url
    page.goto(f"{central_demo.url}/dev/mailbox?lang=en")
    expect(page.locator("article.mail").first).to_contain_text(f"Booking code: {code}")
    assert_accessible(page)
    page.goto(manage_url)

    page.get_by_role("link", name="Cancel the appointment").click()
    expect(page.locator("h1")).to_have_text("Cancel the appointment?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel the appointment").click()
    expect(page.locator("h1")).to_have_text("Your appointment is cancelled")
    expect(page.get_by_role("status")).to_contain_text("cancelled")
    assert_accessible(page)


def test_booking_from_the_start_page_at_the_first_free_centre_and_moving_it(central_demo, phone):
    page = phone
    page.goto(f"{central_demo.url}/book")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert_accessible(page)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Book a time")
    page.get_by_role("link", name=re.compile("Tax case that needs a decision")).click()

    expect(page.locator("h1")).to_have_text("Choose a centre")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("First free time at any centre")).click()
    pick_first_day_and_time(page)

    # Sending the form empty shows what is missing, next to each field and in a summary.
    page.get_by_role("button", name="Book the time").click()
    expect(page.locator("#error-summary")).to_contain_text("Please write your name.")
    expect(page.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Jens Hansen")
    page.get_by_label("Mobile number").fill("12 34 56 78")
    page.get_by_role("button", name="Book the time").click()
    expect(page.locator("h1")).to_have_text("Your time is booked")
    first_time = page.locator(".booking-card").inner_text()

    page.get_by_role("link", name="Move the appointment").click()
    expect(page.locator(".note")).to_contain_text("Your booking code stays the same")
    pick_first_day_and_time(page)
    expect(page.locator("h1")).to_have_text("Your appointment has been moved")
    assert page.locator(".booking-card").inner_text() != first_time
    assert_accessible(page)
