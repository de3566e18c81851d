"""Central's "All centres today" in real Chromium against the whole demo system: figures that
change in place (no reload), the no-counter warning, a centre that never reported, axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from centre.demo_system import CENTRAL_OFFSET
from tests import servers
from tests.conftest import axe_violations
from tests.live_http import Counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A ticket reaches the page by the centre's next upload (every 3 s) and the page's next
# fetch (every 5 s).
ARRIVES = 20_000  # ms


def open_overview(page, central: str) -> None:
    page.goto(f"{central}/staff/login?lang=da")
    page.fill("#username", "reception1")
    page.fill("#password", "demo")
    page.locator("button[type=submit]").click()
    expect(page.locator("#username")).to_have_count(0)
    page.goto(f"{central}/staff/overview?lang=da")
    expect(page.locator("h1")).to_have_text("Alle centre i dag")


def test_the_overview_changes_in_place_and_warns_when_nobody_serves(demo_server, page):
    central = f"http://127.0.0.1:{demo_server.port + CENTRAL_OFFSET}"
    servers.wait_until_answers(central)
    open_overview(page, central)
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    norrebro = page.locator('tr[data-centre="norrebro"]')
    waiting = norrebro.locator('[data-label="waiting"]')
    warning = norrebro.locator('[data-label="warning"]')
    expect(norrebro.locator('[data-label="reporting"]')).to_have_text(
        "Melder løbende", timeout=ARRIVES
    )
    # Valby is in the booking system but no centre runs there: not "0 waiting".
    valby = page.locator('tr[data-centre="valby"]')
    expect(valby.locator('[data-label="reporting"]')).to_have_text("Har aldrig meldt")
    expect(valby.locator('[data-label="waiting"]')).to_have_text("–")
    assert axe_violations(page) == []

    page.evaluate("window.__sameDocument = true")
    before = int(waiting.inner_text())
    issue(demo_server.url, service="moving")
    issue(demo_server.url, service="moving")

    expect(waiting).to_have_text(str(before + 2), timeout=ARRIVES)
    sentence = f"{before + 2} borgere venter, og ingen skranke er åben."
    expect(warning).to_be_visible()
    expect(warning).to_have_text(sentence)
    expect(page.locator("#overview-warnings")).to_have_text(f"Borgerservice Nørrebro: {sentence}")
    assert page.evaluate("window.__sameDocument") is True  # the page was not reloaded
    assert axe_violations(page) == []

    # Opened with the warning already there, the page does not write it again (a screen
    # reader would read it out at every update).
    page.reload()
    page.evaluate(
        """window.__sameDocument = true; window.__rewrites = 0;
        new MutationObserver(() => { window.__rewrites += 1; }).observe(
            document.getElementById("overview-warnings"), { childList: true, subtree: true });"""
    )
    with page.expect_response(lambda r: "/api/v1/overview" in r.url, timeout=ARRIVES):
        pass
    page.wait_for_timeout(500)  # the answer written into the page
    assert page.evaluate("window.__rewrites") == 0
    expect(warning).to_have_text(sentence)

    Counter(demo_server.url, "staff1", "1")  # signs in at counter 1: it opens
    expect(norrebro.locator('[data-label="open_counters"]')).to_have_text("1", timeout=ARRIVES)
    expect(warning).to_be_hidden()
    expect(page.locator("#overview-warnings")).to_have_text("")
    assert page.evaluate("window.__sameDocument") is True


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_overview_fits_the_screen_and_the_wide_table_scrolls_in_its_own_box(
    demo_server, browser, width, height
):
    central = f"http://127.0.0.1:{demo_server.port + CENTRAL_OFFSET}"
    servers.wait_until_answers(central)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    try:
        open_overview(page, central)
        page_width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= page_width
        box = page.locator(".table-scroll").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page_width
        assert axe_violations(page) == []
    finally:
        context.close()
