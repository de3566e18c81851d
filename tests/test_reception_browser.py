"""Reception on its 10-inch tablet (1280x800), in real Chromium against the whole demo system:
what it needs first fits without scrolling, names come live from central, and a citizen who
lost their code is checked in by hand."""

from __future__ import annotations

import re
import sqlite3

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.conftest import axe_violations
from tests.live_http import Counter, issue, kiosk_session
from tests.test_checkin_browser import bookable_code, central_reachable, kill_central, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABLET = {"width": 1280, "height": 800}
NORREBRO_KEY = "demo-norrebro-sync-key"
DEMO_NAME = "Demo"  # the name central's demo gives its bookings


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport=TABLET, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


def log_in(server, page: Page, username: str = "reception1", lang: str = "da", counter=None):
    page.goto(f"{server.url}/counter?lang={lang}")
    page.fill("#username", username)
    page.fill("#password", "demo")
    if counter:
        page.select_option("#login-counter", counter)
    page.click("#login-submit")
    expect(page.locator("#logout")).to_be_visible(timeout=5000)


def below_the_fold(page: Page, selectors: list[str]) -> dict[str, object]:
    """Of these elements, those not wholly on screen as the page opens (no scrolling, bottom
    within 800 px), with their boxes: all measured, so one run shows every one out of sight."""
    assert page.evaluate("window.scrollY") == 0
    out = {}
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        if box is None or box["y"] < 0 or box["y"] + box["height"] > TABLET["height"]:
            out[selector] = box
    return out


def test_give_a_number_and_the_parked_numbers_fit_the_tablet_without_scrolling(demo_server, tablet):
    wait_for(lambda: central_reachable(demo_server), 40, "the centre reaching central")
    # A morning's queue, and a counter that parked a later citizen (gone to fetch a paper).
    for _ in range(10):
        issue(demo_server.url)
    ticket = issue(demo_server.url)
    parked = ticket["number"]
    counter = Counter(demo_server.url)
    counter.act("call", {"ticket": ticket["id"]})
    counter.act("park")

    log_in(demo_server, tablet)
    # The demo's appointments are listed too: the page is as full as a real morning's.
    expect(tablet.locator("tbody tr", has_text="Pas").first).to_be_visible(timeout=5000)
    expect(tablet.locator("#centre-queue tbody tr", has_text=parked)).to_be_attached(timeout=5000)
    expect(tablet.locator("#centre-queue tbody tr")).to_have_count(11)

    # Where the parked number is shown first on the page (a list of its own, or the queue).
    parked_at = f'#parked-all li[data-number="{parked}"], #centre-queue tr[data-number="{parked}"]'
    out_of_sight = below_the_fold(
        tablet, ["#give-title", "#give-service", "#give-form button[type=submit]", parked_at]
    )
    assert out_of_sight == {}
    expect(tablet.locator("#parked-all li", has_text=parked)).to_be_visible()
    expect(tablet.locator("#parked-count")).to_have_text("(1)")
    assert tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(tablet) == []


def test_reception_sees_names_and_checks_in_by_hand_a_citizen_who_lost_their_code(
    demo_server, tablet
):
    code, start = bookable_code(demo_server)
    log_in(demo_server, tablet, lang="en")
    row = tablet.locator(f'#desk-appts tr[data-code="{code}"]')
    # The name comes live from central; the centre's own copy has none.
    expect(row.locator("td.who")).to_have_text(DEMO_NAME, timeout=10000)
    expect(row).to_contain_text(start)
    expect(tablet.locator("#names-note")).to_be_hidden()

    row.locator("button.check-in").click()
    dialog = tablet.locator("#checkin-dialog")
    expect(dialog).to_be_visible()
    expect(tablet.locator("#checkin-name")).to_have_text(DEMO_NAME)
    expect(tablet.locator("#checkin-time")).to_have_text(start)
    assert axe_violations(tablet) == []
    tablet.click("#checkin-ok")

    number = tablet.locator("#checkin-number")
    expect(number).to_have_text(re.compile(r"^[A-Z]\d{3}$"), timeout=5000)
    ticket = number.inner_text()
    expect(tablet.locator("#checkin-text")).to_contain_text(f"The ticket {ticket} is printed")
    expect(tablet.locator("#checkin-text")).to_contain_text(start)
    assert axe_violations(tablet) == []
    tablet.click("#checkin-close")
    expect(dialog).to_be_hidden()
    # The list shows the citizen checked in with their number, and offers no second check-in.
    expect(row).to_contain_text(f"Yes, {ticket}", timeout=5000)
    expect(row.locator("button.check-in")).to_have_count(0)

    # The kiosk finds the booking checked in, as after a check-in there.
    again = kiosk_session(demo_server.url).post(
        f"{demo_server.url}/api/v1/checkins", json={"code": code}, timeout=5
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_checked_in"

    # Central hears of it from the uploaded event.
    central = f"http://127.0.0.1:{demo_server.port + 10}"

    def checked_in_at_central():
        found = requests.get(
            f"{central}/api/v1/sync/bookings/{code}",
            headers={"Authorization": f"Bearer {NORREBRO_KEY}"},
            timeout=5,
        ).json()["booking"]
        return found.get("checked_in_at")

    wait_for(checked_in_at_central, 30, "central hearing of the check-in")

    # The tablet may be shared: after logout no name is left on the page.
    tablet.click("#logout")
    expect(tablet.locator("#login-form")).to_be_visible(timeout=5000)
    assert DEMO_NAME not in tablet.evaluate("document.querySelector('main').textContent")
    assert DEMO_NAME not in tablet.evaluate("document.querySelector('#checkin-dialog').textContent")


def test_with_central_gone_the_list_has_no_names_a_clear_note_and_check_in_still_works(
    demo_server, tablet
):
    code, start = bookable_code(demo_server)
    # The replica holds the booking (pulled while central was up), without any name.
    wait_for(lambda: _replica_has(demo_server, code), 40, "the booking pulled to the centre")
    kill_central(demo_server)
    wait_for(lambda: not central_reachable(demo_server), 30, "the centre noticing central is gone")

    log_in(demo_server, tablet, lang="en")
    note = tablet.locator("#names-note")
    expect(note).to_have_text(
        "Names cannot be shown: the central booking service cannot be reached. "
        "Times and services are from this centre's own list.",
        timeout=10000,
    )
    row = tablet.locator(f'#desk-appts tr[data-code="{code}"]')
    expect(row).to_contain_text(start)
    expect(row.locator("td.who")).to_have_text("–")
    assert axe_violations(tablet) == []

    row.locator("button.check-in").click()
    expect(tablet.locator("#checkin-name")).to_have_text(
        "Not available (central cannot be reached)"
    )
    tablet.click("#checkin-ok")
    # The queue is local: the ticket is issued with central down.
    expect(tablet.locator("#checkin-number")).to_have_text(
        re.compile(r"^[A-Z]\d{3}$"), timeout=5000
    )


def _replica_has(server, code: str) -> bool:
    """The demo centre's own copy of its bookings holds this code (read-only, beside WAL)."""
    db = sqlite3.connect(f"file:{server.data_dir / 'norrebro.sqlite3'}?mode=ro", uri=True)
    try:
        return (
            db.execute("SELECT 1 FROM bookings_replica WHERE code = ?", [code]).fetchone()
            is not None
        )
    finally:
        db.close()


def test_every_action_key_is_shown_in_danish_and_marked_in_the_label_where_it_is(
    demo_server, tablet
):
    log_in(demo_server, tablet, username="staff1", counter="1")
    buttons = tablet.locator(".act:visible")
    assert buttons.count() >= 8
    for i in range(buttons.count()):
        button = buttons.nth(i)
        key = button.get_attribute("data-key")
        # The badge shows the key in every language...
        badge = button.locator("kbd")
        expect(badge).to_have_text(key.upper())
        assert badge.bounding_box()["width"] > 0
        # ...and a Danish label holding the letter has it marked, as an access key.
        label = button.evaluate(
            "b => [...b.childNodes].filter(n => n.nodeName !== 'KBD').map(n => n.textContent)"
            ".join('')"
        )
        if key in label.lower():
            expect(button.locator(".key-letter")).to_have_text(re.compile(key, re.IGNORECASE))
    # "Afslut" is finished with F: the f of the Danish word is the one marked.
    expect(tablet.locator('.act[data-action="finish"] .key-letter')).to_have_text("f")
    # The word stays one word as it is laid out (the button's children are flex items).
    assert "Afslut" in tablet.locator('.act[data-action="finish"]').inner_text()
    assert axe_violations(tablet) == []
