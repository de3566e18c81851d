"""The kiosk, the status page and the display in Turkish in real Chromium: every kiosk screen
fits at both kiosk sizes and passes axe, and the first screen holds seven language buttons."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.live_http import Counter, issue
from tests.test_display_browser import FAKE_SPEECH, SCREEN, open_display, wait_spoken
from tests.test_kiosk_screens_browser import (
    MEASURE,
    SCREENS,
    SIZES,
    assert_fits_and_within_reach,
    go_to,
    kiosk_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The citizen languages issue 13 names, by their own names: the row must hold all of them.
ALL_SEVEN = {
    "da": ("Dansk", "ltr"),
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "tr": ("Türkçe", "ltr"),
    "pl": ("Polski", "ltr"),
    "uk": ("Українська", "ltr"),
    "ur": ("اردو", "rtl"),
}
# Adds the buttons of the languages not (yet) served, as the template would write them.
ADD_MISSING_LANGUAGES = """(languages) => {
    const row = document.getElementById('langs');
    const model = row.querySelector('a.lang:not([aria-current])');
    for (const [code, [name, dir]] of Object.entries(languages)) {
        if (row.querySelector(`a[lang="${code}"]`)) continue;
        const button = model.cloneNode(false);
        Object.assign(button, { href: `?lang=${code}`, lang: code, hreflang: code, dir: dir });
        button.textContent = name;
        row.appendChild(button);
    }
}"""


@pytest.mark.parametrize("size", SIZES, ids=["portrait", "landscape"])
def test_the_turkish_kiosk_fits_every_screen_at_its_real_size_and_passes_axe(
    demo_server, browser, size, tmp_path
):
    page = kiosk_page(browser, size)
    try:
        page.goto(f"{demo_server.url}/kiosk")
        expect(page.locator("html")).to_have_attribute("data-ready", "")
        turkish = page.locator('#langs a[lang="tr"]')
        expect(turkish).to_have_text("Türkçe")
        turkish.click()  # on the first screen
        for screen in SCREENS:
            go_to(page, demo_server.url, screen, lang="tr")
            expect(page.locator("html")).to_have_attribute("lang", "tr")
            expect(page.locator("html")).to_have_attribute("dir", "ltr")
            page.screenshot(path=str(tmp_path / f"kiosk-tr-{screen}-{size[0]}x{size[1]}.png"))
            assert_fits_and_within_reach(page.evaluate(MEASURE), screen)
            assert axe_violations(page) == [], (screen, size)
            if screen == "start":
                expect(page.locator("#start-title")).to_have_text("Sıra numarası alın")
                expect(page.locator("#large-text")).to_have_text("Büyük yazı")
            if screen == "ticket":
                expect(page.locator("#ticket-print")).to_contain_text("yazıcıdan alın")
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SIZES, ids=["portrait", "landscape"])
def test_the_first_screen_holds_seven_language_buttons_within_reach(
    demo_server, browser, size, tmp_path
):
    page = kiosk_page(browser, size)
    try:
        go_to(page, demo_server.url, "start")
        page.evaluate(ADD_MISSING_LANGUAGES, {k: list(v) for k, v in ALL_SEVEN.items()})
        buttons = page.locator("#langs a.lang")
        expect(buttons).to_have_count(7)
        for large_text in (False, True):
            if large_text:
                page.click("#large-text")
                expect(page.locator("#large-text")).to_have_attribute("aria-pressed", "true")
            report = page.evaluate(MEASURE)
            assert_fits_and_within_reach(report, f"start, large text {large_text}")
            for index in range(7):
                box = buttons.nth(index).bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= report["width"], index
                assert box["y"] + box["height"] <= report["height"], index
                assert box["height"] >= 88  # still a button a finger can hit
            page.screenshot(path=str(tmp_path / f"kiosk-7-langs-{size[0]}-{large_text}.png"))
    finally:
        page.context.close()


def test_the_status_page_of_a_turkish_ticket_counts_in_turkish_on_a_phone_and_passes_axe(
    demo_server, browser
):
    issue(demo_server.url, service="tax_questions")
    issue(demo_server.url, service="tax_questions")
    ticket = issue(demo_server.url, service="tax_questions", language="tr")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
    try:
        phone = context.new_page()
        phone.goto(ticket["status_url"])
        expect(phone.locator("html")).to_have_attribute("lang", "tr")
        expect(phone.locator("html")).to_have_attribute("dir", "ltr")
        expect(phone.locator("#ahead")).to_have_text("Önünüzde 2 kişi var")
        assert axe_violations(phone) == []
    finally:
        context.close()


def test_the_turkish_display_shows_a_call_and_passes_axe(demo_server, browser):
    issue(demo_server.url, language="tr")
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        screen = context.new_page()
        screen.goto(f"{demo_server.url}/display?lang=tr")
        expect(screen.locator("html")).to_have_attribute("lang", "tr")
        expect(screen.locator("#waiting-heading")).to_have_text("Sırada")
        expect(screen.locator("#connection")).to_have_attribute("data-state", "connected")
        Counter(demo_server.url).act("call-next")
        expect(screen.locator("#latest-arrow")).to_be_visible(timeout=5000)
        assert axe_violations(screen) == []
    finally:
        context.close()


# The display's fake speech, in a browser with a Danish and a Turkish voice.
TURKISH_VOICE = FAKE_SPEECH.replace(
    "getVoices() { return []; }",
    'getVoices() { return [{ lang: "da-DK", name: "Dansk" }, { lang: "tr-TR", name: "Türkçe" }]; }',
)


def test_the_display_speaks_a_turkish_call_in_turkish_then_a_danish_one_after_it(demo_server, page):
    issue(demo_server.url, language="tr")
    issue(demo_server.url, service="tax_questions")
    one, two = Counter(demo_server.url), Counter(demo_server.url, "tax1", "2")
    page.set_viewport_size(SCREEN)
    page.add_init_script(TURKISH_VOICE)
    open_display(page, demo_server.url)

    one.act("call-next")
    two.act("call-next")

    turkish, danish = wait_spoken(page, 2)
    assert turkish["lang"] == "tr-TR" and turkish["text"].startswith("Numara A 1, gişe"), turkish
    assert danish["lang"] == "da-DK" and "T 1" in danish["text"], danish
    assert danish["start"] >= turkish["end"], "the Danish call cut into the Turkish one"
