"""Checking in for a booked time at the kiosk, in real Chromium against the whole demo system."""

from __future__ import annotations

import os
import re
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from kernel.numbering import CODE_ALPHABET
from tests import servers
from tests.conftest import CPH, axe_violations, server_now, wait_for_js
from tests.live_http import kiosk_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TICKET = "#screen-ticket"
# The demo prints today's appointments as "  norrebro        10:35 passport       code ABC123".
APPOINTMENT_LINE = re.compile(r"^\s+norrebro\s+(\d{2}):(\d{2})\s+(\w+)\s+code ([A-Z0-9]+)\s*$")


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout} s")


def central_reachable(server) -> bool:
    try:
        answer = requests.get(f"{server.url}/api/v1/centre", timeout=2).json()
    except requests.RequestException:
        return False
    return answer["central"]["reachable"]


def bookable_code(server, earliest: int = 1, latest: int = 28) -> tuple[str, str]:
    """A demo appointment at Nørrebro starting `earliest` to `latest` minutes from now
    (by default well inside its check-in window, 30 min before to 10 after): (code, "HH:MM")."""

    def in_window():
        now = server_now().astimezone(CPH)
        for line in server.log.read_text(errors="replace").splitlines():
            found = APPOINTMENT_LINE.match(line)
            if not found:
                continue
            hour, minute, _service, code = found.groups()
            start = now.replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
            if now + timedelta(minutes=earliest) <= start <= now + timedelta(minutes=latest):
                return code, f"{hour}:{minute}"
        return None

    code = wait_for(in_window, 40, "demo appointments in the server log")
    # A code not yet pulled is looked up live: central must be up for that.
    wait_for(lambda: central_reachable(server), 40, "the centre reaching central")
    return code


def test_a_code_typed_on_the_on_screen_keyboard_gives_an_appointment_ticket(demo_server, page):
    code, start = bookable_code(demo_server)
    page.goto(demo_server.url + "/kiosk?lang=en")
    page.click("[data-action=checkin]")
    expect(page.locator("#screen-checkin")).to_be_visible()

    for letter in code:
        page.click(f"#screen-checkin [data-key='{letter}']")
    expect(page.locator("#checkin-code")).to_have_value(code)
    page.click("#checkin-ok")

    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^[A-Z]\d{3}$"))
    expect(page.locator("#ticket-appointment")).to_have_text(f"Your time: {start}")


def scan(page, code: str) -> None:
    """What a USB scanner sends, as the kiosk hears it: the code's keys and Enter in one burst.

    Sent from inside the page: keys typed one by one from the test are each a round trip, which
    a loaded machine can stretch past the kiosk's 50 ms burst gap and so split the code."""
    page.evaluate(
        """(code) => {
            for (const key of [...code, "Enter"]) {
                document.dispatchEvent(new KeyboardEvent("keydown", { key, cancelable: true }));
            }
        }""",
        code,
    )


def test_a_scanned_code_typed_fast_with_enter_on_the_start_screen_checks_in(demo_server, page):
    code, start = bookable_code(demo_server)
    page.goto(demo_server.url + "/kiosk")
    expect(page.locator("#screen-start")).to_be_visible()

    # What a USB 2D scanner does: the code in a burst of keys, then Enter; nothing tapped first.
    scan(page, code)

    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    hour, minute = start.split(":")
    # A Danish kiosk writes the time the Danish way.
    expect(page.locator("#ticket-appointment")).to_have_text(f"Din tid: kl. {hour}.{minute}")
    number = page.locator("#ticket-number").inner_text()
    # The centre holds the checked-in ticket: the same code from another kiosk is already
    # checked in, and that kiosk learns nothing of the citizen's ticket.
    again = kiosk_session(demo_server.url).post(
        f"{demo_server.url}/api/v1/checkins", json={"code": code, "language": "en"}, timeout=5
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_checked_in"
    assert number not in again.text


def test_slow_typing_on_the_start_screen_checks_nobody_in(demo_server, page):
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if "/checkins" in r.url else None)
    page.goto(demo_server.url + "/kiosk")
    expect(page.locator("#screen-start")).to_be_visible()

    page.keyboard.type("ACDEFG", delay=150)
    page.keyboard.press("Enter")

    page.wait_for_timeout(300)
    assert posts == []
    expect(page.locator(TICKET)).to_be_hidden()


def test_an_unknown_code_gets_the_kind_message_and_no_ticket(demo_server, page):
    wait_for(lambda: central_reachable(demo_server), 40, "the centre reaching central")
    page.goto(demo_server.url + "/kiosk?lang=en")
    page.click("[data-action=checkin]")
    page.fill("#checkin-code", "aaaaaa")
    page.click("#checkin-ok")

    expect(page.locator("#screen-checkin-error")).to_be_visible(timeout=5000)
    expect(page.locator("#checkin-error-message")).to_have_text(
        "We cannot find a booking with that code. Please check the code or ask at the reception."
    )
    expect(page.locator("#walk-in")).to_be_hidden()
    expect(page.locator(TICKET)).to_be_hidden()


def test_too_early_explains_when_to_come_and_offers_a_walk_in_number(demo_server, page):
    # The demo books a health card (no appointment needed for it) 70 minutes from now.
    code, start = bookable_code(demo_server, earliest=60, latest=75)
    page.goto(demo_server.url + "/kiosk?lang=en")
    scan(page, code)

    expect(page.locator("#screen-checkin-error")).to_be_visible(timeout=5000)
    expect(page.locator("#checkin-error-message")).to_contain_text(
        f"You are early for your appointment at {start}."
    )
    page.click("#walk-in")

    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^[A-Z]\d{3}$"))
    expect(page.locator("#ticket-appointment")).to_be_hidden()
    expect(page.locator("#ticket-service")).to_have_text("Health insurance card (the yellow card)")


def test_checkin_and_appointment_ticket_screens_have_no_accessibility_violations(
    demo_server, page: Page
):
    code, _start = bookable_code(demo_server)
    page.goto(demo_server.url + "/kiosk")
    page.click("[data-action=checkin]")
    expect(page.locator("#screen-checkin")).to_be_visible()
    assert axe_violations(page) == []

    page.fill("#checkin-code", code)
    page.press("#checkin-code", "Enter")
    expect(page.locator(TICKET)).to_be_visible(timeout=5000)
    wait_for_js(page, "document.querySelector('#ticket-qr').naturalWidth > 0")
    assert axe_violations(page) == []


def test_counter_staff_see_todays_appointments_and_who_checked_in(demo_server, page):
    code, start = bookable_code(demo_server)
    checked = kiosk_session(demo_server.url).post(
        f"{demo_server.url}/api/v1/checkins", json={"code": code, "language": "en"}, timeout=5
    )
    assert checked.status_code == 201, checked.text
    page.goto(f"{demo_server.url}/counter?lang=en")
    page.fill("#username", "staff1")
    page.fill("#password", "demo")
    page.select_option("#login-counter", "1")
    page.click("#login-submit")

    card = page.locator("#appointments-view")
    expect(card).to_be_visible(timeout=5000)
    row = card.locator("tbody tr", has_text=checked.json()["number"])
    expect(row).to_contain_text(start, timeout=5000)
    expect(row).to_contain_text("Yes")
    # Staff see the other demo appointments of services they serve, not yet checked in.
    expect(card.locator("tbody tr", has_text="No").first).to_be_visible()
    assert axe_violations(page) == []


def kill_central(server) -> None:
    """SIGKILL the demo's central service (a child of the demo server) and its workers."""
    for child in servers.children(server.pid):
        cmdline = Path(f"/proc/{child}/cmdline").read_text()
        if "central" in cmdline.split("\0"):
            for pid in [*servers.children(child), child]:
                os.kill(pid, signal.SIGKILL)
            return
    raise AssertionError("no central process under the demo server")


def test_staff_see_a_discreet_line_when_central_cannot_be_reached(demo_server, page):
    wait_for(lambda: central_reachable(demo_server), 40, "the centre reaching central")
    page.goto(f"{demo_server.url}/counter?lang=en")
    page.fill("#username", "manager1")
    page.fill("#password", "demo")
    page.click("#login-submit")
    expect(page.locator("#logout")).to_be_visible(timeout=5000)
    expect(page.locator("#central-state")).to_be_empty()

    kill_central(demo_server)
    wait_for(lambda: not central_reachable(demo_server), 30, "the centre noticing central is gone")
    # A ticket pushes a fresh overview: the page asks again at once instead of at its next poll.
    kiosk_session(demo_server.url).post(
        f"{demo_server.url}/api/v1/tickets", json={"service": "other"}, timeout=5
    )

    expect(page.locator("#central-state")).to_have_text(
        re.compile(r"^Central booking service unreachable since \d{2}:\d{2}$"), timeout=5000
    )


def test_a_half_typed_code_is_cleared_by_the_idle_timeout(demo_server, page):
    page.clock.install()
    page.goto(demo_server.url + "/kiosk")
    idle = int(page.locator("main").get_attribute("data-idle-seconds"))
    page.click("[data-action=checkin]")
    page.click("#screen-checkin [data-key='A']")
    expect(page.locator("#checkin-code")).to_have_value("A")

    page.clock.fast_forward((idle + 1) * 1000)

    expect(page.locator("#screen-start")).to_be_visible()
    expect(page.locator("#screen-checkin")).to_be_hidden()
    # The next citizen must not find someone else's code half typed.
    expect(page.locator("#checkin-code")).to_have_value("")


@pytest.mark.parametrize("width,height", [(1080, 1920), (1920, 1080)])
def test_the_checkin_screen_fits_with_big_keys_and_big_text(demo_server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(demo_server.url + "/kiosk")
        page.click("[data-action=checkin]")
        expect(page.locator("#screen-checkin")).to_be_visible()
        report = page.evaluate(
            """() => {
                const visible = (el) => el.getClientRects().length > 0;
                const targets = [...document.querySelectorAll('button, a, input')].filter(visible);
                const texts = [...document.querySelectorAll('main *')]
                    .filter((el) => visible(el) && [...el.childNodes].some(
                        (n) => n.nodeType === 3 && n.textContent.trim()));
                return {
                    overflow: document.documentElement.scrollWidth - window.innerWidth,
                    keys: document.querySelectorAll('#screen-checkin [data-key]').length,
                    lowTargets: targets.filter((el) => el.getBoundingClientRect().height < 80)
                        .map((el) => el.outerHTML.slice(0, 80)),
                    smallText: texts.filter((el) => parseFloat(getComputedStyle(el).fontSize) < 24)
                        .map((el) => el.outerHTML.slice(0, 80)),
                };
            }"""
        )
        assert report["overflow"] <= 0
        assert report["keys"] == len(CODE_ALPHABET)
        assert report["lowTargets"] == []
        assert report["smallText"] == []
    finally:
        context.close()
