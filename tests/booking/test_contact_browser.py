"""The contact centre's workspace in real Chromium on a 1920×1080 desk screen (and 1280×800):
calls logged in two taps, a first free time booked and logged in one more tap, axe clean."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.booking.test_citizen_browser import assert_accessible
from tests.conftest import server_now

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(browser):
    """A 1920×1080 desk screen in Danish."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


def phone_calls_today(base: str, by: str = "outcome") -> dict[str, int]:
    """Today's calls per outcome (or `by`), as the report role reads them."""
    session = requests.Session()
    login = session.post(
        f"{base}/api/v1/login", json={"username": "report1", "password": "demo"}, timeout=10
    )
    assert login.status_code == 200, login.text
    today = server_now().astimezone(ZoneInfo("Europe/Copenhagen")).date().isoformat()
    rows = session.get(
        f"{base}/api/v1/reports/visits",
        params={"from": today, "to": today, "by": by, "centre": "kontaktcenter"},
        timeout=10,
    ).json()["rows"]
    return {r["key"]: r["visits"] for r in rows if r["visits"]}


def no_page_scroll_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_contact_centre_logs_calls_and_books_on_its_workspace(central_demo, desk):
    base = central_demo.url
    page = desk
    page.goto(f"{base}/staff/login?lang=da")
    page.fill("#username", "contact1")
    page.fill("#password", "demo")
    page.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Telefonarbejdsplads")
    # Each centre's row of waits; Valby has no centre running, so its waits are not known.
    expect(page.locator('#waits-table tr[data-centre="valby"] td').first).to_have_text(
        "Ukendt lige nu"
    )
    assert no_page_scroll_sideways(page)
    assert_accessible(page)

    # Two taps: what the caller asked about, how the call ended.
    page.locator('#call-log [data-service="moving"]').click()
    expect(page.locator('#call-log [data-service="moving"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_role("button", name="Besvaret").click()
    expect(page.locator("#call-status")).to_contain_text("Opkald logget:")
    expect(page.locator("#call-status")).to_contain_text("Besvaret")
    # A hand-over takes one more tap: which administration.
    page.locator('#call-log [data-service="pension"]').click()
    page.get_by_role("button", name="Overdraget").click()
    expect(page.locator("#call-administrations")).to_be_visible()
    page.locator('[data-administration="SUF"]').click()
    expect(page.locator("#call-status")).to_contain_text("Overdraget")
    expect(page.locator("#call-administrations")).to_be_hidden()
    assert_accessible(page)
    # So does a call put through: to which centre (or administration).
    page.locator('#call-log [data-service="moving"]').click()
    page.get_by_role("button", name="Stillet om").click()
    expect(page.locator("#call-places")).to_be_visible()
    expect(page.locator("#call-administrations")).to_be_hidden()
    assert_accessible(page)
    page.locator('#call-places [data-place="valby"]').click()
    expect(page.locator("#call-status")).to_contain_text("Stillet om")
    expect(page.locator("#call-places")).to_be_hidden()

    # The first free time anywhere, booked for the caller; logging it is one tap.
    page.get_by_label("Ydelse").select_option("passport")
    page.get_by_role("button", name="Find første ledige tid").click()
    page.locator("#free-result button").first.click()
    page.get_by_label("Navn").fill("Karen Blixen")
    page.get_by_label("Mobilnummer").fill("20 30 40 50")
    page.get_by_role("button", name="Bestil tiden").click()
    expect(page.locator("#book-status")).to_contain_text("Bestilt:")
    expect(page.locator("#book-form")).to_be_hidden()
    expect(page.locator('#call-log [data-service="passport"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator('[data-outcome="booked"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#call-status")).to_contain_text("Bestilt tid")
    assert_accessible(page)

    assert phone_calls_today(base) == {
        "answered": 1,
        "handed_over": 1,
        "booked": 1,
        "put_through": 1,
    }
    assert phone_calls_today(base, "passed_to") == {"": 2, "SUF": 1, "valby": 1}

    # The caller rings again: the booking found by its code, moved, then cancelled.
    code = re.search(r"Kode (\w+)\.", page.locator("#book-status").inner_text()).group(1)
    page.get_by_label("Bookingkode").fill(code)
    page.get_by_role("button", name="Find tiden").click()
    expect(page.locator("#booking-summary")).to_contain_text("Karen Blixen")
    page.get_by_role("button", name="Find nye tider").click()
    page.locator("#free-result button", has_text="Flyt hertil").last.click()
    expect(page.locator("#book-status")).to_contain_text("Flyttet til")
    page.get_by_role("button", name="Aflys tiden").click()
    expect(page.locator("#book-status")).to_have_text(f"Tiden {code} er aflyst.")
    page.get_by_role("button", name="Find tiden").click()
    expect(page.locator("#booking-summary")).to_contain_text("Aflyst")
    assert_accessible(page)

    # A smaller desk screen: still no sideways scrolling of the page, still accessible.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert no_page_scroll_sideways(page)
    assert_accessible(page)
