"""The booking site in Polish on a phone (390×844) in real Chromium: chosen by its own name,
kept for the visit, left to right and axe-clean from the services to the day's times."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def test_the_polish_booking_pages_read_in_polish_and_pass_axe_on_a_phone(central_demo, phone):
    page = phone
    page.goto(f"{central_demo.url}/book")
    polish = page.locator('nav.langs a[lang="pl"]')
    expect(polish).to_have_text("Polski")
    polish.click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Umów wizytę")  # "Book a time"
    expect(page.get_by_text("Paszport", exact=True).first).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{central_demo.url}/book/passport")  # the choice holds without ?lang=
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_have_text("Proszę wybrać centrum")
    assert axe_violations(page) == []

    page.locator("ul a.choice, ul.choices a").first.click()
    expect(page.locator("h1")).to_have_text("Proszę wybrać dzień")
    assert axe_violations(page) == []
    page.locator("ul a.choice, ul.choices a").first.click()
    expect(page.locator("h1")).to_have_text("Proszę wybrać godzinę")
    assert axe_violations(page) == []
