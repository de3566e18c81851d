"""The walk-in queue end to end, three tabs as in a centre: kiosk → counter → display."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_kiosk_ticket_is_called_at_the_counter_and_shown_on_the_display(browser, demo_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    kiosk, counter, display = context.new_page(), context.new_page(), context.new_page()
    display.set_viewport_size({"width": 1920, "height": 1080})
    display.goto(demo_server.url + "/display?speech=off")
    connection = display.locator("#connection")
    expect(connection).to_have_attribute("data-state", "connected", timeout=5000)

    # A citizen taps Moving at the kiosk and gets a number.
    kiosk.goto(demo_server.url + "/kiosk")
    kiosk.click("[data-open-category=moving]")
    expect(kiosk.locator("#screen-ticket")).to_be_visible(timeout=5000)
    number = kiosk.locator("#ticket-number").inner_text()
    assert number.startswith("F")

    # Staff logs in at counter 3 and calls next.
    counter.goto(demo_server.url + "/counter")
    counter.fill("#username", "staff1")
    counter.fill("#password", "demo")
    counter.select_option("#login-counter", "3")
    counter.click("#login-submit")
    expect(counter.locator(f'#my-queue tr[data-number="{number}"]')).to_be_visible(timeout=5000)
    with counter.expect_response("**/api/v1/counter/call-next*") as answer:
        counter.locator('.act[data-action="call-next"]').click()
    answered = time.monotonic()
    assert answer.value.json()["ticket"]["number"] == number

    # The waiting room sees it within two seconds of the counter's answer.
    expect(display.locator("#latest-number")).to_have_text(number, timeout=2000)
    assert time.monotonic() - answered < 2.0
    expect(display.locator("#latest-counter")).to_contain_text("3")
    expect(counter.locator("#cur-number")).to_have_text(number)

    for page in (kiosk, counter, display):
        assert axe_violations(page) == [], page.url
    context.close()
