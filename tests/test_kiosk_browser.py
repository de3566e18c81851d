"""The ticket kiosk in real Chromium against the real demo server."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.conftest import CPH, axe_violations, wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TICKET = "#screen-ticket"
START = "#screen-start"


def waiting(server) -> dict[str, int]:
    """Waiting per service, as the public API reports it."""
    response = requests.get(f"{server.url}/api/v1/services", timeout=5)
    response.raise_for_status()
    return {s["id"]: s["waiting"] for s in response.json()["services"]}


def tickets_made(server, before: dict[str, int]) -> int:
    return sum(waiting(server).values()) - sum(before.values())


def take_tax_ticket(page: Page) -> str:
    """Tap Tax, then "Questions about tax"; the number shown on the ticket screen."""
    page.click("[data-open-category=tax]")
    page.click("#screen-category-tax [data-service=tax_questions]")
    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    return page.locator("#ticket-number").inner_text()


def wait_for_file(path, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.05)
    return path.exists()


def test_tapping_category_then_service_shows_the_issued_ticket_with_qr_and_printout(
    demo_server, page
):
    page.goto(demo_server.url + "/kiosk")
    number = take_tax_ticket(page)

    assert number.startswith("T") and len(number) == 4 and number[1:].isdigit()
    ticket_id = page.locator(TICKET).get_attribute("data-ticket-id")
    stored = requests.get(f"{demo_server.url}/api/v1/tickets/{ticket_id}", timeout=5).json()
    assert stored["number"] == number
    assert stored["service"] == "tax_questions"
    assert stored["status"] == "waiting"
    qr = page.locator("#ticket-qr")
    expect(qr).to_be_visible()
    wait_for_js(page, "document.querySelector('#ticket-qr').naturalWidth > 0")
    assert "/qr.svg" in qr.get_attribute("src")
    expect(page.locator("#announce")).to_contain_text(number)
    printout = demo_server.data_dir / "printouts" / "norrebro" / f"{number}.bin"
    assert wait_for_file(printout), f"no printout at {printout}"


def test_double_tapping_a_service_gives_exactly_one_ticket(demo_server, page):
    page.goto(demo_server.url + "/kiosk")
    before = waiting(demo_server)
    page.click("[data-open-category=tax]")
    page.dblclick("#screen-category-tax [data-service=tax_questions]")
    expect(page.locator(TICKET)).to_be_visible(timeout=5000)

    page.click(f"{TICKET} [data-action=restart]")
    page.click("[data-open-category=pension]")
    # Two presses in the same instant, as a trembling finger can make.
    page.evaluate(
        """() => {
            const b = document.querySelector('#screen-category-pension [data-service=pension]');
            b.click(); b.click();
        }"""
    )
    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    page.wait_for_timeout(300)  # let a second request, if one were sent, land

    after = waiting(demo_server)
    assert after["tax_questions"] == before["tax_questions"] + 1
    assert after["pension"] == before["pension"] + 1
    assert tickets_made(demo_server, before) == 2


def test_network_failure_says_so_plainly_and_retry_reuses_the_nonce(demo_server, page):
    page.goto(demo_server.url + "/kiosk?lang=en")
    before = waiting(demo_server)
    nonces = []

    def lose_the_first_answer(route):
        nonces.append(json.loads(route.request.post_data)["nonce"])
        if len(nonces) == 1:
            route.fetch()  # the server makes the ticket ...
            route.abort("connectionreset")  # ... but the kiosk never hears back
        else:
            route.continue_()

    page.route("**/api/v1/tickets", lose_the_first_answer)
    page.click("[data-open-category=moving]")  # a single service: straight to the ticket
    expect(page.locator("#screen-error")).to_be_visible(timeout=5000)
    expect(page.locator("#error-message")).to_contain_text("Could not reach the server")
    page.click("#retry")
    expect(page.locator(TICKET)).to_be_visible(timeout=5000)

    assert len(nonces) == 2 and nonces[0] == nonces[1]
    assert tickets_made(demo_server, before) == 1


def test_kiosk_says_take_your_ticket_once_the_printer_has_printed_it(demo_server, page):
    page.goto(demo_server.url + "/kiosk?lang=en")
    number = take_tax_ticket(page)

    expect(page.locator("#ticket-print")).to_have_text(
        "Take your ticket from the printer.", timeout=5000
    )
    printout = demo_server.data_dir / "printouts" / "norrebro" / f"{number}.bin"
    assert printout.exists()  # it said so only after the printer had the ticket


def test_kiosk_points_to_the_qr_code_when_no_word_comes_from_the_printer(demo_server, page):
    # No live connection: the news of the print never arrives.
    page.route("**/socket.io/**", lambda route: route.abort())
    page.goto(demo_server.url + "/kiosk?lang=en")
    wait_seconds = json.loads(page.locator("#kiosk-config").inner_text())["print_wait_seconds"]
    assert wait_seconds == 4  # the demo printer's 3 s timeout, and one more

    take_tax_ticket(page)
    expect(page.locator("#ticket-print")).to_have_text("Your ticket is being printed.")
    expect(page.locator("#ticket-print")).to_have_text(
        "No paper ticket could be printed. Use the QR code to follow your number on your phone.",
        timeout=(wait_seconds + 2) * 1000,
    )
    expect(page.locator("#ticket-number")).to_be_visible()
    expect(page.locator("#ticket-qr")).to_be_visible()


def test_refused_ticket_shows_the_servers_sentence_not_its_code(demo_server, page):
    manager = requests.Session()
    login = manager.post(
        f"{demo_server.url}/api/v1/login",
        json={"username": "manager1", "password": "demo"},
        timeout=5,
    )
    token = login.json()["csrf_token"]
    stopped = manager.post(
        f"{demo_server.url}/api/v1/manager/services/family",
        json={"stopped_today": True},
        headers={"X-CSRFToken": token},
        timeout=5,
    )
    assert stopped.status_code == 200, stopped.text
    page.goto(demo_server.url + "/kiosk?lang=en")
    before = waiting(demo_server)

    page.click("[data-open-category=family]")

    expect(page.locator("#screen-error")).to_be_visible(timeout=5000)
    expect(page.locator("#error-message")).to_have_text(
        "No more numbers are given out for this service today."
    )
    expect(page.locator("#screen-error")).not_to_contain_text("service_stopped")
    expect(page.locator("#retry")).to_be_hidden()
    assert tickets_made(demo_server, before) == 0


def test_service_needing_an_appointment_explains_booking_and_issues_no_ticket(demo_server, page):
    posts = []
    page.on("request", lambda r: posts.append(r.url) if "/api/v1/tickets" in r.url else None)
    page.goto(demo_server.url + "/kiosk")
    before = waiting(demo_server)

    page.click("[data-open-category=passport]")
    page.click("#screen-category-passport [data-service=passport]")

    screen = page.locator("#screen-appointment-passport")
    expect(screen).to_be_visible()
    # One sentence on where to book (the QR code and the address: test_kiosk_screens_browser).
    expect(screen.locator(".message")).to_contain_text("Du skal have en bestilt tid.")
    expect(page.locator(TICKET)).to_be_hidden()
    page.click("#screen-appointment-passport [data-action=back]")
    expect(page.locator("#screen-category-passport")).to_be_visible()
    assert posts == []
    assert tickets_made(demo_server, before) == 0


def test_switching_to_english_shows_english_labels_and_an_english_ticket(demo_server, page):
    page.goto(demo_server.url + "/kiosk")
    expect(page.locator("[data-open-category=tax] .tile-name")).to_have_text("Skat")

    page.click("a[lang=en]")
    page.wait_for_load_state()

    expect(page).to_have_url(demo_server.url + "/kiosk?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#start-title")).to_have_text("Take a number")
    expect(page.locator("[data-open-category=tax] .tile-name")).to_have_text("Tax")
    expect(page.locator("[data-open-category=health] .tile-name")).to_have_text(
        "Health insurance card"
    )
    take_tax_ticket(page)
    expect(page.locator("#ticket-service")).to_have_text("Questions about tax")
    expect(page.locator(TICKET)).to_contain_text("Your number")
    expect(page.locator(TICKET)).to_contain_text("Scan to follow your number on your phone")
    expect(page.locator("#ticket-print")).to_have_text(
        "Take your ticket from the printer.", timeout=5000
    )
    expect(page.locator("#ticket-ahead")).to_have_text(
        re.compile(r"^(You are next\.|There (is \d+ person|are \d+ people) ahead of you)$")
    )
    assert page.url.endswith("?lang=en")


def test_kiosk_returns_to_the_danish_start_screen_after_the_idle_timeout(demo_server, page):
    page.clock.install()
    page.goto(demo_server.url + "/kiosk?lang=en")
    idle = int(page.locator("main").get_attribute("data-idle-seconds"))
    assert idle == 30
    take_tax_ticket(page)

    page.clock.fast_forward((idle - 2) * 1000)
    expect(page.locator(TICKET)).to_be_visible()

    page.clock.fast_forward(3000)
    expect(page.locator("html")).to_have_attribute("lang", "da", timeout=5000)
    expect(page.locator(START)).to_be_visible()
    assert "lang=da" in page.url
    expect(page.locator("[data-open-category=tax] .tile-name")).to_have_text("Skat")

    # In Danish already: a half-finished choice is cleared without a reload.
    page.click("[data-open-category=tax]")
    expect(page.locator("#screen-category-tax")).to_be_visible()
    page.clock.fast_forward((idle + 1) * 1000)
    expect(page.locator(START)).to_be_visible()
    expect(page.locator("#screen-category-tax")).to_be_hidden()


def test_kiosk_screens_have_no_accessibility_violations(demo_server, page):
    page.goto(demo_server.url + "/kiosk")
    expect(page.locator("[data-live-category=tax]")).not_to_be_empty()
    assert axe_violations(page) == []

    page.click("[data-open-category=tax]")
    expect(page.locator("#screen-category-tax")).to_be_visible()
    assert axe_violations(page) == []

    page.click("#screen-category-tax [data-service=tax_questions]")
    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    wait_for_js(page, "document.querySelector('#ticket-qr').naturalWidth > 0")
    assert axe_violations(page) == []


def test_kiosk_works_by_keyboard_alone(demo_server, page):
    page.goto(demo_server.url + "/kiosk")

    def tab_to(selector: str) -> None:
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("[data-open-category=tax]")
    page.keyboard.press("Enter")
    expect(page.locator("#screen-category-tax")).to_be_visible()
    tab_to("[data-service=tax_decision]")
    page.keyboard.press("Enter")
    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^R\d{3}$"))


@pytest.mark.parametrize("width,height", [(1080, 1920), (1920, 1080)])
def test_kiosk_fits_the_screen_with_big_targets_and_big_text(demo_server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(demo_server.url + "/kiosk")
        for screen in ("start", "category", "ticket"):
            if screen == "category":
                page.click("[data-open-category=pension]")
            if screen == "ticket":
                page.click("#screen-category-pension [data-service=elderly_help]")
                expect(page.locator(TICKET)).to_be_visible(timeout=5000)
            report = page.evaluate(
                """() => {
                    const visible = (el) => el.getClientRects().length > 0;
                    const targets = [...document.querySelectorAll('button, a')].filter(visible);
                    const texts = [...document.querySelectorAll('main *')]
                        .filter((el) => visible(el) && [...el.childNodes].some(
                            (n) => n.nodeType === 3 && n.textContent.trim()));
                    return {
                        overflow: document.documentElement.scrollWidth - window.innerWidth,
                        lowTargets: targets.filter((el) => el.getBoundingClientRect().height < 80)
                            .map((el) => el.outerHTML.slice(0, 80)),
                        smallText: texts.filter(
                            (el) => parseFloat(getComputedStyle(el).fontSize) < 24)
                            .map((el) => el.outerHTML.slice(0, 80)),
                    };
                }"""
            )
            assert report["overflow"] <= 0, screen
            assert report["lowTargets"] == [], screen
            assert report["smallText"] == [], screen
    finally:
        context.close()


def test_closed_centre_says_when_it_opens_and_offers_no_services(kiosk, clock):
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=CPH))  # a Sunday: closed all day

    html = kiosk.get("/kiosk?lang=en").get_data(as_text=True)

    assert 'id="closed"' in html
    assert "We open Monday 23 November at 10:00" in html
    assert "data-open-category" not in html
    assert "data-service" not in html
    assert '"open": false' in html
