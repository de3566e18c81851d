"""The kiosk in Arabic and Urdu in real Chromium at its real size (1080×1920): mirrored,
axe-clean, and the citizen's language follows the ticket to the status page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, wait_for_js
from tests.live_http import Counter, issue
from tests.test_kiosk_screens_browser import PORTRAIT, kiosk_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOX = "(el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right}; }"


def fonts_used(page, selector: str) -> dict[str, int]:
    """The fonts Chromium drew the element's text with, and how many glyphs from each."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def open_category(page, base: str, language: str) -> dict:
    """The pension screen in `language`: where its back button and its heading sit."""
    page.goto(f"{base}/kiosk?lang={language}")
    expect(page.locator("html")).to_have_attribute("data-ready", "")
    page.click("[data-open-category=pension]")
    expect(page.locator("#screen-category-pension")).to_be_visible()
    back = page.locator("#screen-category-pension [data-action=back]")
    return {
        "back": back.evaluate(BOX),
        "title": page.locator("#category-title-pension").evaluate(
            "(el) => { const r = document.createRange(); r.selectNodeContents(el);"
            " const b = r.getBoundingClientRect(); return {left: b.left, right: b.right}; }"
        ),
        "width": page.evaluate("window.innerWidth"),
    }


# Each right-to-left language: its own name on its button, "Take a number" in it, and the one
# font its letters are drawn in (DejaVu Sans lacks Urdu's ہ and ے).
RTL = [
    ("ar", "العربية", "خذ رقمًا", "DejaVu Sans"),
    ("ur", "اردو", "نمبر لیں", "Noto Naskh Arabic"),
]


@pytest.mark.parametrize("language, own_name, take_a_number, font", RTL)
def test_the_right_to_left_kiosk_is_mirrored_at_its_real_size_and_passes_axe(
    demo_server, browser, tmp_path, language, own_name, take_a_number, font
):
    page = kiosk_page(browser, PORTRAIT)
    try:
        page.goto(f"{demo_server.url}/kiosk")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        button = page.locator(f'#langs a[lang="{language}"]')
        expect(button).to_have_text(own_name)
        button.click()  # on the first screen
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("#start-title")).to_have_text(take_a_number)
        wait_for_js(
            page,
            "[...document.querySelectorAll('#screen-start .tile-live')]"
            ".every((el) => el.textContent.trim() !== '')",
        )
        # "I have an appointment" (in Urdu with ہ and ے) in one font, so that every word keeps
        # its joins: a letter from a fallback font stands apart. (Noto Sans, first in the list,
        # has no Arabic letters: it draws the spaces only.)
        assert set(fonts_used(page, ".checkin-button")) - {"Noto Sans"} == {font}
        assert axe_violations(page) == []
        shot = tmp_path / f"kiosk-{language}-start.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000

        danish = open_category(page, demo_server.url, "da")
        arabic_screen = open_category(page, demo_server.url, language)
        middle = arabic_screen["width"] / 2
        # Danish: the way back is on the left, the heading starts at the left edge.
        assert danish["back"]["right"] < middle
        # Right to left: the way back is on the right, the heading starts at the right edge.
        assert arabic_screen["back"]["left"] > middle, arabic_screen
        assert arabic_screen["title"]["right"] > middle > arabic_screen["title"]["left"] or (
            arabic_screen["title"]["left"] > middle
        )
        assert (
            arabic_screen["width"] - arabic_screen["title"]["right"] < danish["title"]["left"] + 5
        )
        assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / f"kiosk-{language}-category.png"))
    finally:
        page.context.close()


# Two people ahead: Arabic's dual writes the number as a word ("two people ahead of you").
TWO_AHEAD = [("ar", "شخصان قبلك"), ("ur", "آپ سے پہلے 2 افراد ہیں")]


@pytest.mark.parametrize("language, two_ahead", TWO_AHEAD)
def test_the_status_page_of_a_right_to_left_ticket_is_mirrored_on_a_phone_and_passes_axe(
    demo_server, browser, language, two_ahead
):
    issue(demo_server.url, service="tax_questions")
    issue(demo_server.url, service="tax_questions")
    ticket = issue(demo_server.url, service="tax_questions", language=language)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
    try:
        phone = context.new_page()
        phone.goto(ticket["status_url"])
        expect(phone.locator("html")).to_have_attribute("lang", language)
        expect(phone.locator("html")).to_have_attribute("dir", "rtl")
        expect(phone.locator("#ahead")).to_have_text(two_ahead)
        assert axe_violations(phone) == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_the_right_to_left_display_points_from_number_to_counter_leftwards_and_passes_axe(
    demo_server, browser, language
):
    issue(demo_server.url, language=language)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        screen = context.new_page()
        screen.goto(f"{demo_server.url}/display?lang={language}")
        expect(screen.locator("html")).to_have_attribute("dir", "rtl")
        expect(screen.locator("#connection")).to_have_attribute("data-state", "connected")
        Counter(demo_server.url).act("call-next")
        arrow = screen.locator("#latest-arrow")
        expect(arrow).to_be_visible(timeout=5000)
        number = screen.locator("#latest-number").evaluate(BOX)
        pointing = arrow.evaluate("(el) => getComputedStyle(el).transform")
        assert pointing.startswith("matrix(-1"), pointing  # mirrored: it points left
        assert number["left"] > arrow.evaluate(BOX)["right"]  # the number right of the arrow
        assert axe_violations(screen) == []
    finally:
        context.close()
