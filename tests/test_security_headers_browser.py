"""Every page works in real Chromium under the strict Content-Security-Policy, with no violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from centre.demo_system import CENTRAL_OFFSET
from tests import servers
from tests.conftest import wait_for_js
from tests.live_http import Counter, kiosk_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT = 10000  # ms
# Recorded before any script of the page runs: what the browser refused, and why.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


class Watched:
    """A page whose CSP violations (events and console reports) and script errors are kept."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, url
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert response.headers.get("referrer-policy") == "no-referrer", url

    def check(self) -> None:
        seen = self.page.evaluate("window.__csp || []")
        assert self.problems == [] and seen == [], self.problems + seen


@pytest.fixture
def watched(page) -> Watched:
    return Watched(page)


def test_kiosk_status_display_and_counter_work_under_the_policy(demo_server, watched):
    page = watched.page
    watched.open(f"{demo_server.url}/display?lang=en")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    watched.check()

    watched.open(f"{demo_server.url}/kiosk")
    page.click("[data-open-category=tax]")
    page.click("#screen-category-tax [data-service=tax_questions]")
    expect(page.locator("#ticket-number")).to_be_visible(timeout=TIMEOUT)
    number = page.locator("#ticket-number").inner_text()
    wait_for_js(page, "document.querySelector('#ticket-qr').naturalWidth > 0")
    watched.check()

    watched.open(f"{demo_server.url}/counter?lang=en")
    page.fill("#username", "staff1")
    page.fill("#password", "demo")
    page.select_option("#login-counter", "2")
    page.click("#login-submit")
    expect(page.locator("#logout")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(f'tr[data-number="{number}"]').first).to_be_visible(timeout=TIMEOUT)
    page.locator('.act[data-action="call-next"]').click()
    expect(page.locator("#cur-number")).to_have_text(re.compile(r"\w\d{3}"), timeout=TIMEOUT)
    watched.check()


def test_the_phone_status_page_works_under_the_policy(demo_server, watched):
    ticket = (
        kiosk_session(demo_server.url)
        .post(f"{demo_server.url}/api/v1/tickets", json={"service": "other"}, timeout=10)
        .json()
    )
    watched.open(ticket["status_url"])
    expect(watched.page.locator("#ticket-number")).to_have_text(ticket["number"])
    Counter(demo_server.url).act("call-next")
    expect(watched.page.locator("#status-word")).to_have_text(
        re.compile("Kaldt|Called"), timeout=TIMEOUT
    )
    watched.check()


def test_central_booking_pages_work_under_the_policy(demo_server, watched):
    central = f"http://127.0.0.1:{demo_server.port + CENTRAL_OFFSET}"
    servers.wait_until_answers(central)
    page = watched.page
    watched.open(f"{central}/book?centre=valby&service=passport&lang=en")
    page.locator("ul.days a.choice").first.click()
    page.locator("button.time").first.click()
    page.get_by_label("Your name").fill("Ida Ærø")
    page.get_by_label("E-mail address").fill("ida@example.dk")
    page.get_by_role("button", name="Book the time").click()
    expect(page.locator("h1")).to_have_text("Your time is booked", timeout=TIMEOUT)
    wait_for_js(page, "document.querySelector('img.qr').naturalWidth > 0")
    watched.check()

    watched.open(f"{central}/staff/login?lang=en")
    page.fill("#username", "reception1")
    page.fill("#password", "demo")
    page.locator("button[type=submit]").click()
    expect(page.locator("#username")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("h1")).to_be_visible()
    watched.open(f"{central}/staff/overview?lang=en")
    expect(page.locator("h1")).to_be_visible()
    watched.check()
