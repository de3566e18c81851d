"""The whole booking flow on a phone in each citizen language, in real Chromium: every page has
the right lang and dir, no English sentence left, its language links on the phone's width (room
for seven), and passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kernel.languages import CITIZEN_LANGUAGES, direction
from tests.booking.test_citizen_browser import assert_accessible, phone  # noqa: F401
from tests.test_citizen_languages_browser import SEVEN, english_sentences

pytestmark = pytest.mark.browser

# The booking header's language links, with the seven (those not yet listed added here).
ADD_MISSING_LANGUAGES = """(seven) => {
    const nav = document.querySelector('nav.langs');
    for (const [code, name, dir] of seven) {
        if (nav.querySelector(`a[lang="${code}"]`)) continue;
        const link = nav.querySelector('a').cloneNode();
        link.removeAttribute('aria-current');
        Object.assign(link, { lang: code, hreflang: code, dir: dir, textContent: name });
        nav.appendChild(link);
    }
    return nav.querySelectorAll('a').length;
}"""
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def check_page(page, language: str, where: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", direction(language))
    shown = page.evaluate("document.body.innerText")
    left = [sentence for sentence in english_sentences(language) if sentence in shown]
    assert not left, (language, where, left)
    assert page.evaluate(FITS), (language, where)
    assert_accessible(page)


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_booking_and_cancelling_on_a_phone_in_each_citizen_language(
    central_demo,
    phone,  # noqa: F811
    language,
):
    page = phone
    page.goto(f"{central_demo.url}/book?lang={language}")
    check_page(page, language, "services")
    assert page.evaluate(ADD_MISSING_LANGUAGES, SEVEN) == 7
    assert page.evaluate(FITS), "seven language links wider than the phone"
    for code, _name, _dir in SEVEN:
        expect(page.locator(f'nav.langs a[lang="{code}"]')).to_be_in_viewport(ratio=1)

    page.goto(f"{central_demo.url}/book/passport")
    check_page(page, language, "centres")
    page.locator("ul a.choice, ul.choices a").first.click()
    check_page(page, language, "days")
    page.locator("ul.days a.choice").first.click()
    check_page(page, language, "times")
    page.locator("button.time").first.click()
    check_page(page, language, "details")
    page.locator("#name").fill("Ida Ærø")
    page.locator("#email").fill("ida@example.dk")
    page.locator(".details-form button[type=submit]").click()
    expect(page.locator(".booking-card")).to_be_visible()
    check_page(page, language, "booked")
    page.locator("a.button.danger").click()
    check_page(page, language, "cancel?")
    page.locator("form button[type=submit]").first.click()
    expect(page.locator(".booking-card.cancelled")).to_be_visible()
    check_page(page, language, "cancelled")
