"""The booking site in Arabic and Urdu on a phone (390×844) in real Chromium: mirrored and
axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

BOX = "(el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right}; }"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def back_link(page, url: str) -> dict:
    page.goto(url)
    return page.locator("a.back").first.evaluate(BOX)


# Each right-to-left language: "Book a time" and "Choose a day" in it.
RTL = [("ar", "احجز موعدًا", "اختر يومًا"), ("ur", "وقت بک کریں", "دن چنیں")]


@pytest.mark.parametrize("language, book_a_time, choose_a_day", RTL)
def test_the_right_to_left_booking_pages_are_mirrored_on_a_phone_and_pass_axe(
    central_demo, phone, tmp_path, language, book_a_time, choose_a_day
):
    page = phone
    page.goto(f"{central_demo.url}/book")
    page.locator(f'nav.langs a[lang="{language}"]').click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(book_a_time)
    assert axe_violations(page) == []

    danish = back_link(page, f"{central_demo.url}/book/passport?lang=da")
    mirrored = back_link(page, f"{central_demo.url}/book/passport?lang={language}")
    middle = 390 / 2
    assert danish["right"] < middle  # Danish: the way back on the left
    assert mirrored["left"] > middle, mirrored  # right to left: on the right
    # A centre's Latin address is isolated, so it keeps its own order ("2200 København N",
    # not "København N 2200") on the right-to-left page.
    expect(page.locator(".choice-hint bdi", has_text="2200 København N")).to_have_count(1)
    assert axe_violations(page) == []
    shot = tmp_path / f"book-{language}-centres-phone.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 5_000

    page.locator("ul a.choice, ul.choices a").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text(choose_a_day)
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / f"book-{language}-days-phone.png"))
