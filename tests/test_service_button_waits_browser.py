"""The kiosk's service button shows, in Danish, the range the ticket taken next is given, in
real Chromium at the kiosk's size."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.live_http import Counter, issue, kiosk_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KIOSK = {"width": 1080, "height": 1920}
TIMEOUT = 5000  # ms


def test_the_kiosk_button_shows_in_danish_the_range_the_ticket_then_shows(demo_server, page):
    page.set_viewport_size(KIOSK)
    counter = Counter(demo_server.url, "staff1", "1")
    issue(demo_server.url, "moving")
    issue(demo_server.url, "moving")
    counter.act("call-next")  # the first mid-visit, the second waiting behind it
    services = kiosk_session(demo_server.url).get(f"{demo_server.url}/api/v1/services").json()
    moving = next(s for s in services["services"] if s["id"] == "moving")
    low, high = moving["estimated_wait_range"]
    # The counter's visit still runs and one waits before a new ticket: about two visits
    # (the queue's length alone counted one).
    assert moving["waiting"] == 1 and low >= 10

    page.goto(demo_server.url + "/kiosk")
    line = page.locator("[data-live-category=moving]")
    expect(line).to_have_text(f"1 venter · ca. {low}–{high} min.", timeout=TIMEOUT)
    assert axe_violations(page) == []
    page.click("[data-open-category=moving]")
    expect(page.locator("#ticket-wait")).to_have_text(
        f"Forventet ventetid: ca. {low}–{high} minutter.", timeout=TIMEOUT
    )
