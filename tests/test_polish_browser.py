"""The kiosk and the status page in Polish in real Chromium: chosen on the first screen, fitting
at both kiosk sizes, axe-clean, and counting people in Polish's three forms; the first screen's
language row holds seven languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, wait_for_js
from tests.live_http import Counter, issue
from tests.test_display_browser import FAKE_SPEECH, wait_spoken
from tests.test_kiosk_screens_browser import (
    MEASURE,
    SIZES,
    assert_fits_and_within_reach,
    kiosk_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The display's fake speech, in a browser that has a Danish and a Polish voice.
POLISH_VOICE = FAKE_SPEECH.replace(
    "getVoices() { return []; }",
    'getVoices() { return [{ lang: "da-DK", name: "Dansk" }, { lang: "pl-PL", name: "Polski" }]; }',
)
LIVE_FILLED = (
    "[...document.querySelectorAll('#screen-start .tile-live')]"
    ".every((el) => el.textContent.trim() !== '')"
)


def test_polish_is_chosen_on_the_first_screen_and_the_kiosk_fits_and_passes_axe(
    demo_server, browser, tmp_path
):
    for size in SIZES:
        page = kiosk_page(browser, size)
        try:
            page.goto(f"{demo_server.url}/kiosk")
            polish = page.locator('#langs a[lang="pl"]')
            expect(polish).to_have_text("Polski")
            polish.click()
            expect(page.locator("html")).to_have_attribute("lang", "pl")
            expect(page.locator("html")).to_have_attribute("dir", "ltr")
            expect(page.locator("#start-title")).to_have_text("Proszę pobrać numer")
            expect(page.locator('#langs a[lang="pl"]')).to_have_attribute("aria-current", "true")
            wait_for_js(page, LIVE_FILLED)
            assert_fits_and_within_reach(page.evaluate(MEASURE), "start")
            assert axe_violations(page) == [], size
            page.screenshot(path=str(tmp_path / f"kiosk-pl-{size[0]}x{size[1]}.png"))
            page.click("[data-open-category=pension]")
            expect(page.locator("#category-title-pension")).to_have_text("Emerytura i seniorzy")
            assert_fits_and_within_reach(page.evaluate(MEASURE), "category")
            assert axe_violations(page) == [], size
        finally:
            page.context.close()


@pytest.mark.parametrize("large", [False, True], ids=["plain", "large-text"])
def test_the_first_screen_holds_seven_languages_in_reach_at_both_kiosk_sizes(
    demo_server, browser, tmp_path, large
):
    for size in SIZES:
        page = kiosk_page(browser, size)
        try:
            page.goto(f"{demo_server.url}/kiosk?lang=pl")
            expect(page.locator("html")).to_have_attribute("data-ready", "")
            if large:
                page.click("#large-text")
                expect(page.locator("html")).to_have_class("large-text")
            wait_for_js(page, LIVE_FILLED)
            assert page.locator("#langs a.lang").count() == 7  # every citizen language
            report = page.evaluate(MEASURE)
            assert_fits_and_within_reach(report, "start with seven languages")
            buttons = page.locator("#langs a.lang")
            for index in range(buttons.count()):
                expect(buttons.nth(index)).to_be_in_viewport(ratio=1)
            page.screenshot(path=str(tmp_path / f"langs-7-{size[0]}x{size[1]}-{large}.png"))
        finally:
            page.context.close()


def test_the_status_page_of_a_polish_ticket_counts_live_in_the_polish_forms(demo_server, browser):
    for _ in range(5):
        issue(demo_server.url, service="tax_questions")
    ticket = issue(demo_server.url, service="tax_questions", language="pl")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
    try:
        phone = context.new_page()
        phone.goto(ticket["status_url"])
        expect(phone.locator("html")).to_have_attribute("lang", "pl")
        expect(phone.locator("#ahead")).to_have_text("Przed Panem/Panią czeka 5 osób")  # many
        assert axe_violations(phone) == []
        counter = Counter(demo_server.url)
        counter.act("call-next")
        # The live update picks the form with Intl.PluralRules("pl"): 4 is "few".
        expect(phone.locator("#ahead")).to_have_text(
            "Przed Panem/Panią czekają 4 osoby", timeout=5000
        )
    finally:
        context.close()


def test_the_display_speaks_a_polish_call_in_polish_and_reads_in_polish_without_axe_faults(
    demo_server, browser
):
    issue(demo_server.url, language="pl")
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        screen = context.new_page()
        screen.add_init_script(POLISH_VOICE)
        screen.goto(f"{demo_server.url}/display?lang=pl")
        expect(screen.locator("html")).to_have_attribute("lang", "pl")
        expect(screen.locator("#connection")).to_have_attribute("data-state", "connected")
        Counter(demo_server.url).act("call-next")
        [call] = wait_spoken(screen, 1)
        assert call["lang"] == "pl-PL", call
        assert call["text"].startswith("Numer ") and "stanowisko 1" in call["text"], call
        assert axe_violations(screen) == []
    finally:
        context.close()
