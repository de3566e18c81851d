"""The booking site in Turkish on a phone (390×844) in real Chromium: a whole booking, from the
language button to the cancelled appointment, in Turkish and axe-clean on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.booking.test_citizen_browser import assert_accessible, wait_for_mail

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def in_turkish(page, heading: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text(heading)
    assert_accessible(page)


def test_a_whole_booking_in_turkish_on_a_phone(central_demo, phone):
    page = phone
    page.goto(f"{central_demo.url}/book")
    page.locator('nav.langs a[lang="tr"]').click()
    in_turkish(page, "Randevu al")
    page.get_by_role("link", name=re.compile("^Pasaport$")).click()
    in_turkish(page, "Bir merkez seçin")
    page.get_by_role("link", name=re.compile("Borgerservice Valby")).click()
    in_turkish(page, "Bir gün seçin")
    expect(page.locator("ul.days a.choice").first).to_contain_text(re.compile(r"\d+ boş saat"))
    page.locator("ul.days a.choice").first.click()
    in_turkish(page, "Bir saat seçin")
    page.locator("button.time").first.click()

    in_turkish(page, "Bilgileriniz")
    expect(page.locator(".note")).to_contain_text("sizin için ayrılmıştır")
    page.get_by_label("Adınız").fill("Ayşe Yılmaz")
    page.get_by_label("E-posta adresi").fill("ayse@example.dk")
    page.get_by_role("button", name="Randevuyu al").click()

    in_turkish(page, "Randevunuz alındı")
    code = page.locator(".code span[aria-hidden]").inner_text()
    expect(page.get_by_role("heading", name="Yanınızda getirmeyi unutmayın")).to_be_visible()
    expect(page.locator("ul.bring li").first).to_contain_text("pasaport")
    wait_for_mail(central_demo.url, code)  # the confirmation, in Turkish

    page.get_by_role("link", name="Randevuyu iptal et").click()
    in_turkish(page, "Randevu iptal edilsin mi?")
    page.get_by_role("button", name="Evet, randevuyu iptal et").click()
    in_turkish(page, "Randevunuz iptal edildi")
