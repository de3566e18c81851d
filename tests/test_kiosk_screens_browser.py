"""The kiosk as hands and eyes meet it: reach, large text, reading aloud, booking QR, hours."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests import servers
from tests.conftest import axe_violations, wait_for_js
from tests.escpos_reader import decode_qr

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)
SIZES = [PORTRAIT, LANDSCAPE]
SCREENS = ("start", "category", "appointment", "ticket", "checkin")
TIMEOUT = 5000
HOURS = {
    "monday": "10:00-17:00",
    "tuesday": "10:00-17:00",
    "wednesday": "10:00-17:00",
    "thursday": '["10:00-12:00", "13:00-18:00"]',
    "friday": "10:00-14:00",
}

# Records what the kiosk asks the browser to say, instead of saying it.
RECORD_SPEECH = """
window.__spoken = [];
window.__cancels = 0;
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
  window.speechSynthesis.cancel = () => { window.__cancels += 1; };
}
"""

MEASURE = """() => {
    const visible = (el) => el.getClientRects().length > 0;
    const box = (el) => {
        const r = el.getBoundingClientRect();
        return { what: el.outerHTML.slice(0, 70), top: r.top, bottom: r.bottom,
                 left: r.left, right: r.right };
    };
    const screen = [...document.querySelectorAll('.screen')].find(visible);
    return {
        screen: screen.id,
        height: window.innerHeight,
        width: window.innerWidth,
        scrollHeight: document.documentElement.scrollHeight,
        scrollWidth: document.documentElement.scrollWidth,
        // Content that runs into the page's bottom margin, or under the tools row.
        spill: document.querySelector('main').scrollHeight
            - document.querySelector('main').clientHeight,
        // What a hand needs: the controls, and the booking QR code a phone is held up to.
        hands: [...document.querySelectorAll('main button, main a, main input, .booking-qr img')]
            .filter(visible).map(box),
        h1: parseFloat(getComputedStyle(screen.querySelector('h1')).fontSize),
        body: parseFloat(getComputedStyle(document.body).fontSize),
    };
}"""


def kiosk_page(browser, size: tuple[int, int], speech: bool = False) -> Page:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    if speech:
        context.add_init_script(RECORD_SPEECH)
    return context.new_page()


def go_to(page: Page, url: str, screen: str, query: str = "") -> None:
    """From a fresh start screen (`query`: "?lang=uk" for another language) to one of the
    kiosk's screens."""
    page.goto(url + "/kiosk" + query)
    expect(page.locator("html")).to_have_attribute("data-ready", "")
    # Measured as citizens see it: with the live line (waiting, wait) on every tile filled in.
    wait_for_js(
        page,
        "[...document.querySelectorAll('#screen-start .tile-live')]"
        ".every((el) => el.textContent.trim() !== '')",
    )
    if screen == "category":
        page.click("[data-open-category=pension]")
    elif screen == "appointment":
        page.click("[data-open-category=passport]")
        page.click("#screen-category-passport [data-service=passport]")
    elif screen == "ticket":
        page.click("[data-open-category=tax]")
        page.click("#screen-category-tax [data-service=tax_questions]")
        expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
    elif screen == "checkin":
        page.click("[data-action=checkin]")
    shown = {
        "start": "#screen-start",
        "category": "#screen-category-pension",
        "appointment": "#screen-appointment-passport",
        "ticket": "#screen-ticket",
        "checkin": "#screen-checkin",
    }[screen]
    expect(page.locator(shown)).to_be_visible()


def assert_fits_and_within_reach(report: dict, screen: str) -> None:
    where = f"{screen} at {report['width']}x{report['height']}"
    assert report["scrollHeight"] <= report["height"], where
    assert report["scrollWidth"] <= report["width"], where
    assert report["spill"] <= 0, where
    assert report["hands"], where
    for target in report["hands"]:
        assert target["bottom"] <= report["height"] and target["right"] <= report["width"], (
            where,
            target,
        )
        if report["height"] > report["width"]:
            # Portrait, floor-standing: the top third is above 1.2 m, out of a wheelchair's reach.
            assert target["top"] >= report["height"] / 3, (where, target)


@pytest.mark.parametrize("size", SIZES, ids=["portrait", "landscape"])
def test_every_kiosk_screen_keeps_its_buttons_within_reach_and_fits_without_scrolling(
    demo_server, browser, size
):
    page = kiosk_page(browser, size)
    try:
        for screen in SCREENS:
            go_to(page, demo_server.url, screen)
            assert_fits_and_within_reach(page.evaluate(MEASURE), screen)
            # The language and reading choices are on the start screen, in reach.
            if screen == "start":
                expect(page.locator("#langs a[lang=en]")).to_be_visible()
                expect(page.locator("#large-text")).to_be_visible()
                expect(page.locator("#read-aloud")).to_be_visible()
            assert axe_violations(page) == [], (screen, size)
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SIZES, ids=["portrait", "landscape"])
def test_large_text_enlarges_every_screen_and_still_fits_until_the_idle_reset(
    demo_server, browser, size
):
    page = kiosk_page(browser, size)
    page.clock.install()
    try:
        plain = {}
        for screen in SCREENS:
            go_to(page, demo_server.url, screen)
            plain[screen] = page.evaluate(MEASURE)
        go_to(page, demo_server.url, "start")
        large = page.locator("#large-text")
        expect(large).to_have_text("Stor tekst")
        large.click()
        expect(large).to_have_attribute("aria-pressed", "true")
        for screen in SCREENS:
            # A new page load keeps the choice (as a change of language does).
            go_to(page, demo_server.url, screen)
            report = page.evaluate(MEASURE)
            assert report["h1"] >= plain[screen]["h1"] * 1.2, screen
            assert report["body"] >= plain[screen]["body"] * 1.2, screen
            assert_fits_and_within_reach(report, screen)
            assert axe_violations(page) == [], (screen, size)
        # The next citizen gets plain text again.
        idle = int(page.locator("main").get_attribute("data-idle-seconds"))
        page.clock.fast_forward((idle + 1) * 1000)
        expect(page.locator("#screen-start")).to_be_visible()
        expect(page.locator("#large-text")).to_have_attribute("aria-pressed", "false")
        assert page.evaluate(MEASURE)["h1"] == plain["start"]["h1"]
    finally:
        page.context.close()


def spoken(page: Page) -> list[dict]:
    page.wait_for_timeout(100)
    return page.evaluate("window.__spoken")


def test_read_aloud_reads_each_screen_in_the_chosen_language_and_stops_on_change(
    demo_server, browser
):
    page = kiosk_page(browser, PORTRAIT, speech=True)
    page.clock.install()
    try:
        page.goto(demo_server.url + "/kiosk?lang=en")
        expect(page.locator("[data-live-category=tax]")).not_to_be_empty()
        assert spoken(page) == []  # silent until asked
        page.click("#read-aloud")
        said = spoken(page)
        texts = [u["text"] for u in said]
        assert {u["lang"] for u in said} == {"en-GB"}
        assert texts[0] == "Take a number"
        assert "Choose what you need help with." in texts
        assert any(t.startswith("Tax") for t in texts)
        assert "I have an appointment" in texts

        page.evaluate("window.__spoken = []; window.__cancels = 0")
        page.click("[data-open-category=tax]")
        texts = [u["text"] for u in spoken(page)]
        assert page.evaluate("window.__cancels") >= 1  # the start screen's reading stops
        assert texts[0] == "Tax"
        assert any(t.startswith("Questions about tax") for t in texts)
        assert "Take a number" not in texts

        page.evaluate("window.__spoken = []")
        page.click("#screen-category-tax [data-service=tax_questions]")
        expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
        number = page.locator("#ticket-number").inner_text()
        texts = [u["text"] for u in spoken(page)]
        assert texts[0] == f"Your number {number}"
        assert any(
            re.fullmatch(r"You are next\.|There (is|are) \d+ \w+ ahead of you", t) for t in texts
        ), texts
        assert "Scan to follow your number on your phone" in texts
        assert "Done" in texts

        # Back at the start after the idle time: reading aloud is off for the next citizen.
        idle = int(page.locator("main").get_attribute("data-idle-seconds"))
        page.clock.fast_forward((idle + 1) * 1000)
        expect(page.locator("html")).to_have_attribute("lang", "da", timeout=TIMEOUT)
        expect(page.locator("#read-aloud")).to_have_attribute("aria-pressed", "false")
        page.click("[data-open-category=tax]")
        assert spoken(page) == []
    finally:
        page.context.close()


def read_qr(page: Page, selector: str) -> str:
    image = Image.open(io.BytesIO(page.locator(selector).screenshot()))
    return decode_qr(image)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_passport_screen_shows_a_booking_qr_code_and_the_address_in_one_sentence(
    demo_server, browser, lang
):
    page = kiosk_page(browser, PORTRAIT)
    try:
        page.goto(f"{demo_server.url}/kiosk?lang={lang}")
        page.click("[data-open-category=passport]")
        page.click("#screen-category-passport [data-service=passport]")
        screen = page.locator("#screen-appointment-passport")
        expect(screen).to_be_visible()
        central = f"127.0.0.1:{demo_server.port + 10}"
        servers.wait_until_answers(f"http://{central}/book")  # central starts after the centre
        assert read_qr(page, "#screen-appointment-passport .booking-qr img") == (
            f"http://{central}/book?service=passport&centre=norrebro"
        )
        sentences = screen.locator(".message")
        expect(sentences).to_have_count(1)
        expected = {
            "da": f"Det kræver en bestilt tid: scan QR-koden med din telefon, eller bestil på "
            f"{central}/book.",
            "en": f"This needs a booked time: scan the QR code with your phone, or book at "
            f"{central}/book.",
        }[lang]
        expect(sentences).to_have_text(expected)
        expect(screen.locator(".booking-address")).to_have_text(f"{central}/book")
        # Opened again now that central answers: the next free time here stands under it.
        page.click("#screen-appointment-passport [data-action=back]")
        page.click("#screen-category-passport [data-service=passport]")
        first_free = {"da": "Næste ledige tid: ", "en": "Next free time: "}[lang]
        expect(screen.locator(".next-free")).to_be_visible(timeout=15_000)
        expect(screen.locator(".next-free")).to_contain_text(first_free)
        # The link works: it opens central's booking of passports at this centre.
        page.goto(f"http://{central}/book?service=passport&centre=norrebro&lang={lang}")
        assert "/book/passport/norrebro" in page.url
    finally:
        page.context.close()


def centre_config(folder: Path, hours: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "centre.toml"
    lines = "\n".join(
        f"{day} = {value}" if value.startswith("[") else f'{day} = "{value}"'
        for day, value in hours.items()
    )
    config.write_text(
        f'[centre]\nid = "hours"\nname = "Borgerservice Timer"\ndata_dir = "{folder / "var"}"\n'
        f'[opening_hours]\n{lines}\n[kiosk]\nauto_pair = true\n[printer]\ntransport = "virtual"\n',
        encoding="utf-8",
    )
    return config


def test_kiosk_shows_todays_hours_and_without_central_says_where_to_book(tmp_path, browser):
    # The servers' clock runs from Tuesday 24 November 2026 10:00 (tests/conftest.py).
    config = centre_config(tmp_path, HOURS)
    with servers.centre_run(config, tmp_path / "server.log") as server:
        page = kiosk_page(browser, PORTRAIT)
        try:
            page.goto(server.url + "/kiosk")
            expect(page.locator("#today-hours")).to_have_text(
                re.compile(r"^Åbent i dag kl\. 10[.:]00–17[.:]00$")
            )
            page.goto(server.url + "/kiosk?lang=en")
            expect(page.locator("#today-hours")).to_have_text(
                re.compile(r"^Open today 10[.:]00–17[.:]00$")
            )
            page.click("[data-open-category=passport]")
            page.click("#screen-category-passport [data-service=passport]")
            screen = page.locator("#screen-appointment-passport")
            expect(screen.locator(".message")).to_have_text(
                "This needs a booked time, which you cannot get here: please ask at the "
                "reception where to book one."
            )
            expect(screen.locator("img")).to_have_count(0)
            assert axe_violations(page) == []
        finally:
            page.context.close()


def test_closed_kiosk_says_when_it_opens_and_shows_the_weeks_hours(tmp_path, browser):
    hours = {day: value for day, value in HOURS.items() if day != "tuesday"}
    config = centre_config(tmp_path, hours)
    with servers.centre_run(config, tmp_path / "server.log") as server:
        page = kiosk_page(browser, PORTRAIT)
        try:
            page.goto(server.url + "/kiosk?lang=en")
            expect(page.locator("#today-hours")).to_have_text("Closed today")
            expect(page.locator("#closed")).to_contain_text("We open Wednesday 25 November")
            rows = page.locator("#week-hours tr")
            expect(rows).to_have_count(7)
            expect(rows.nth(0)).to_have_text(re.compile(r"^Tuesday\s*Closed$"))
            expect(rows.nth(1)).to_have_text(re.compile(r"^Wednesday\s*10[.:]00–17[.:]00$"))
            expect(rows.nth(2)).to_have_text(
                re.compile(r"^Thursday\s*10[.:]00–12[.:]00 and 13[.:]00–18[.:]00$")
            )
            assert_fits_and_within_reach(page.evaluate(MEASURE), "closed")
            assert axe_violations(page) == []
        finally:
            page.context.close()
