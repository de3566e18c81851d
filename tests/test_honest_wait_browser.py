"""No wait is promised on any screen while no counter that serves a service is staffed: the
kiosk, the phone status page, the manager's page and the waiting-room display, in real
Chromium at the sizes they are used at."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
from playwright.sync_api import Page, expect

from centre.store import staff as staff_store
from centre.store.db import init_db
from kernel.db import connect, write_transaction
from kernel.runtime_clock import OFFSET_VARIABLE
from tests import servers
from tests.conftest import CPH, PASSWORD_HASH, WEEKDAY_HOURS, axe_violations
from tests.live_http import Counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KIOSK = {"width": 1080, "height": 1920}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1280, "height": 800}
DISPLAY = {"width": 1920, "height": 1080}
TIMEOUT = 5000  # ms
UNKNOWN_DA = "Vi kan ikke sige, hvor længe der går."
UNKNOWN_EN = "We cannot say how long the wait will be."


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def fits(page: Page, selector: str) -> None:
    """The element's text is not cut: nothing overflows its own box."""
    box = page.locator(selector).evaluate(
        "e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]"
    )
    assert box[0] <= box[1], (selector, box)
    assert box[2] <= page.viewport_size["width"], (selector, box)


# -- a centre with weekday hours (Tuesday 10-17), run as if it were early in the morning -----


@pytest.fixture
def early_centre(tmp_path, monkeypatch):
    """`enindgang centre run` at 08:30 on a Tuesday: closed, opening at 10."""
    moment = datetime(2026, 11, 24, 8, 30, tzinfo=CPH)
    monkeypatch.setenv(OFFSET_VARIABLE, str((moment - datetime.now(UTC)).total_seconds()))
    hours = "\n".join(
        f"{day} = {value!r}".replace("'", '"') for day, value in WEEKDAY_HOURS.items()
    )
    config = tmp_path / "centre.toml"
    config.write_text(
        f'[centre]\nid = "early"\nname = "Borgerservice Tidlig"\ndata_dir = "{tmp_path / "var"}"\n'
        f'[opening_hours]\n{hours}\n[counters.1]\n[counters.2]\n[printer]\ntransport = "virtual"\n',
        encoding="utf-8",
    )
    database = tmp_path / "var" / "early.sqlite3"
    init_db(database)
    db = connect(database)
    with write_transaction(db):
        for username, role in (("reception1", "reception"), ("staff1", "staff")):
            staff_store.insert(db, username, username, role, PASSWORD_HASH, moment.isoformat())
    db.close()
    with servers.centre_run(config, tmp_path / "server.log", "--threads", "8") as server:
        yield server


def reception_ticket(base: str, language: str = "da") -> dict:
    """A number handed out by reception (the kiosk gives none while the centre is closed)."""
    http = requests.Session()
    login = http.post(
        f"{base}/api/v1/login",
        json={"username": "reception1", "password": "secret-pw"},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    answer = http.post(
        f"{base}/api/v1/reception/tickets",
        json={"service": "moving", "language": language},
        headers={"X-CSRFToken": login.json()["csrf_token"]},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


# -- the kiosk, portrait 1080x1920 ----------------------------------------------------------------


def test_kiosk_says_it_cannot_promise_a_wait_until_a_counter_opens(demo_server, page):
    page.set_viewport_size(KIOSK)
    issue(demo_server.url, "tax_questions")
    page.goto(demo_server.url + "/kiosk")
    page.click("[data-open-category=tax]")
    line = page.locator("#screen-category-tax [data-live-service=tax_questions]")
    expect(line).to_contain_text("Ingen skranke åben", timeout=TIMEOUT)
    expect(line).not_to_contain_text("min.")
    fits(page, "#screen-category-tax [data-service=tax_questions]")

    page.click("#screen-category-tax [data-service=tax_questions]")
    expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#ticket-ahead")).to_have_text("Der er 1 foran dig")
    expect(page.locator("#ticket-wait")).to_have_text(UNKNOWN_DA)
    expect(page.locator("#announce")).to_contain_text(UNKNOWN_DA)
    fits(page, "#ticket-wait")
    no_sideways_scroll(page)
    assert axe_violations(page) == []

    # Someone sits down at a counter that serves it: now a number is promised again.
    Counter(demo_server.url, "staff1", "1")
    page.click("#screen-ticket [data-action=restart]")
    page.click("[data-open-category=tax]")
    expect(line).to_contain_text("ca.", timeout=TIMEOUT)
    page.click("#screen-category-tax [data-service=tax_questions]")
    # Two ahead at an idle counter, 10 minutes each: 20 minutes, shown as a range.
    expect(page.locator("#ticket-wait")).to_have_text(
        "Forventet ventetid: ca. 15–25 minutter.", timeout=TIMEOUT
    )


# -- the phone status page, 390x844 ---------------------------------------------------------------


def test_status_page_says_no_wait_can_be_promised_and_updates_when_a_counter_opens(
    demo_server, page
):
    page.set_viewport_size(PHONE)
    issue(demo_server.url)
    ticket = issue(demo_server.url, language="en")
    assert ticket["estimated_wait_minutes"] is None
    page.goto(ticket["status_url"])
    expect(page.locator("#ahead")).to_have_text("1 person ahead of you")
    expect(page.locator("#wait")).to_have_text(UNKNOWN_EN)
    fits(page, "#wait")
    no_sideways_scroll(page)
    assert axe_violations(page) == []

    Counter(demo_server.url, "staff1", "1")  # counter staff serve "other"
    expect(page.locator("#wait")).to_have_text(
        "Expected waiting time: about 5–15 minutes.", timeout=TIMEOUT
    )


def test_status_page_before_opening_says_when_the_counter_opens(early_centre, page):
    page.set_viewport_size(PHONE)
    ticket = reception_ticket(early_centre.url)
    page.goto(ticket["status_url"])
    # Server-rendered first, then kept by the script: both write the Danish time.
    expect(page.locator("#wait")).to_have_text("Skranken åbner kl. 10.00.")
    no_sideways_scroll(page)
    assert axe_violations(page) == []


# -- the manager's page on the tablet, 1280x800 ---------------------------------------------------


def test_manager_page_shows_no_wait_beside_no_counter_serving(demo_server, page):
    page.set_viewport_size(TABLET)
    issue(demo_server.url)
    issue(demo_server.url)
    page.goto(f"{demo_server.url}/counter?lang=en")
    page.fill("#username", "manager1")
    page.fill("#password", "demo")
    page.click("#login-submit")
    row = page.locator('#services tr[data-service="other"]')
    expect(row.locator(".s-waiting")).to_have_text("2", timeout=TIMEOUT)
    expect(row.locator(".s-serving")).to_have_text("0")
    expect(row.locator(".s-wait")).to_have_text("No counter open")
    fits(page, '#services tr[data-service="other"] .s-wait')
    no_sideways_scroll(page)
    assert axe_violations(page) == []

    Counter(demo_server.url, "staff1", "1")
    expect(row.locator(".s-serving")).to_have_text("1", timeout=TIMEOUT)
    # Two ahead of a number taken now, one counter: 16 minutes, shown as the kiosk shows it.
    expect(row.locator(".s-wait")).to_have_text("about 10–20 min")
    fits(page, '#services tr[data-service="other"] .s-wait')


# -- the waiting-room display, 1920x1080 -----------------------------------------------------------


def display_fits(page: Page) -> None:
    """Nothing scrolls and no row of the waiting list is cut at 1920x1080."""
    sizes = page.evaluate(
        """() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,
                  ...[...document.querySelectorAll('.display-waiting-row, #hours')]
                    .map(e => e.scrollWidth - e.clientWidth)]"""
    )
    assert sizes[0] <= DISPLAY["width"] and sizes[1] <= DISPLAY["height"], sizes
    assert max(sizes[2:]) <= 0, sizes
    hours = page.locator("#hours").bounding_box()
    clock = page.locator("#clock").bounding_box()
    assert hours["x"] + hours["width"] <= clock["x"], (hours, clock)


def test_display_shows_a_wait_only_where_a_counter_serves_and_todays_hours(demo_server, page):
    page.set_viewport_size(DISPLAY)
    issue(demo_server.url)
    issue(demo_server.url)
    page.goto(f"{demo_server.url}/display")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    other = page.locator('.display-waiting-row[data-service="other"]')
    expect(other.locator("[data-count]")).to_have_text("2")
    expect(other.locator("[data-wait]")).to_have_text("Ingen skranke åben")
    # Nobody waits for moving: no wait is shown there at all.
    expect(page.locator('.display-waiting-row[data-service="moving"] [data-wait]')).to_have_text("")
    # The demo centre is open round the clock.
    expect(page.locator("#hours")).to_have_text("Åbent hele dagen i dag")
    display_fits(page)
    assert axe_violations(page) == []

    Counter(demo_server.url, "staff1", "1")
    # The range a ticket taken now is given (two ahead at an idle counter, 8 minutes each: 16).
    expect(other.locator("[data-wait]")).to_have_text("ca. 10–20 min.", timeout=TIMEOUT)
    display_fits(page)


def test_display_before_opening_says_when_the_centre_opens(early_centre, page):
    page.set_viewport_size(DISPLAY)
    reception_ticket(early_centre.url)
    page.goto(f"{early_centre.url}/display")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(page.locator("#hours")).to_have_text("Lukket nu. Åbner kl. 10.00")
    moving = page.locator('.display-waiting-row[data-service="moving"]')
    expect(moving.locator("[data-count]")).to_have_text("1")
    expect(moving.locator("[data-wait]")).to_have_text("Ingen skranke åben")
    display_fits(page)
    assert axe_violations(page) == []
