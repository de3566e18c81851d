"""The question after a visit on the citizen's phone (390x844), and the manager's count of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.live_http import Counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("no_script_errors")]

PHONE = {"width": 390, "height": 844}
TIMEOUT = 5000


def test_phone_asks_after_the_visit_and_the_manager_sees_the_answer_counted(
    demo_server, page, browser
):
    ticket = issue(demo_server.url, language="da")
    counter = Counter(demo_server.url, counter="3")
    page.set_viewport_size(PHONE)
    page.goto(ticket["status_url"])
    expect(page.locator("#status-word")).to_have_text("Venter")
    # Nothing is asked before the visit.
    expect(page.locator("#feedback")).to_be_hidden()

    counter.act("call-next")
    counter.act("finish")

    # The finished visit asks live, without a reload, in the ticket's language.
    question = page.get_by_role("group", name="Fik du løst det, du kom for?")
    expect(question).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for box in (page.locator(sel).bounding_box() for sel in ("#feedback", "#feedback-send")):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert axe_violations(page) == []

    # Yes/no is needed; the smiley is not.
    page.locator("#feedback-send").click()
    expect(page.locator("#feedback-error")).to_have_text("Vælg ja eller nej.")
    question.get_by_text("Ja", exact=True).click()
    page.get_by_text("Godt", exact=True).click()
    page.locator("#feedback-send").click()

    expect(page.locator("#feedback-thanks")).to_have_text("Tak for dit svar.", timeout=TIMEOUT)
    expect(page.locator("#feedback-thanks")).to_be_focused()
    expect(page.locator("#feedback-form")).to_be_hidden()
    assert axe_violations(page) == []
    # Opened again, the page does not ask a second time.
    page.reload()
    expect(page.locator("#status-word")).to_have_text("Færdig")
    expect(page.locator("#feedback")).to_be_hidden()

    tablet = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    manager = tablet.new_page()
    try:
        manager.goto(f"{demo_server.url}/counter?lang=en")
        manager.fill("#username", "manager1")
        manager.fill("#password", "demo")
        manager.click("#login-submit")
        row = manager.locator('#feedback-table tr[data-service="other"][data-counter="3"]')
        expect(row.locator(".f-answers")).to_have_text("1", timeout=TIMEOUT)
        expect(row.locator(".f-solved")).to_have_text("1")
        expect(row.locator(".f-not-solved")).to_have_text("0")
        expect(row.locator(".f-smiley")).to_have_text("4.0")
        assert axe_violations(manager) == []
    finally:
        tablet.close()
