"""Reception books a later appointment through central, in real Chromium on the demo system."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta

import holidays
import pytest
import requests
from playwright.sync_api import Page, expect

from tests.conftest import CPH, axe_violations, server_now
from tests.test_checkin_browser import central_reachable, kill_central, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NORREBRO_KEY = "demo-norrebro-sync-key"
CODE = re.compile(r"^[A-Z0-9]{6}$")


def next_working_day() -> date:
    """The first weekday after today that is not a Danish public holiday (demo staff work then)."""
    day = server_now().astimezone(CPH).date() + timedelta(days=1)
    closed = holidays.Denmark(years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def reception(server, page: Page) -> None:
    wait_for(lambda: central_reachable(server), 40, "the centre reaching central")
    page.goto(f"{server.url}/counter?lang=en")
    page.fill("#username", "reception1")
    page.fill("#password", "demo")
    page.click("#login-submit")
    expect(page.locator("#book-card")).to_be_visible(timeout=5000)
    expect(page.locator("#book-service option[value=passport]")).to_have_text("Passport")


def hold_first_time(page: Page, day: date) -> str:
    page.select_option("#book-service", "passport")
    page.fill("#book-day", day.isoformat())
    page.click("#book-search button[type=submit]")
    first = page.locator("#book-time-list .time").first
    expect(first).to_be_visible(timeout=5000)
    start = first.get_attribute("data-start")
    first.click()
    expect(page.locator("#book-held")).to_contain_text("is held until", timeout=5000)
    expect(first).to_have_attribute("aria-pressed", "true")
    return start


def test_reception_books_a_later_appointment_and_central_has_it(demo_server, page):
    reception(demo_server, page)
    day = next_working_day()
    start = hold_first_time(page, day)

    page.fill("#book-name", "Ida Ærø")
    page.fill("#book-phone", "20 30 40 50")
    page.click("#book-submit")

    code_line = page.locator("#booked-code")
    expect(code_line).to_have_text(CODE, timeout=5000)
    code = code_line.inner_text()
    expect(page.locator("#booked-text")).to_contain_text(f"Booking code {code}")
    expect(page.locator("#booked-text")).to_contain_text("Passport")
    expect(page.locator("#booked-text")).to_contain_text("The confirmation goes to +4520304050")
    central = f"http://127.0.0.1:{demo_server.port + 10}"
    stored = requests.get(
        f"{central}/api/v1/sync/bookings/{code}",
        headers={"Authorization": f"Bearer {NORREBRO_KEY}"},
        timeout=5,
    )
    assert stored.status_code == 200, stored.text
    booking = stored.json()["booking"]
    assert booking["status"] == "confirmed"
    assert datetime.fromisoformat(booking["start"]) == datetime.fromisoformat(start)
    # The form is ready for the next citizen, and the page stays accessible.
    expect(page.locator("#book-person")).to_be_hidden()
    assert axe_violations(page) == []


def test_a_wrong_contact_is_shown_at_its_field_and_nothing_is_booked(demo_server, page):
    reception(demo_server, page)
    hold_first_time(page, next_working_day())
    page.fill("#book-name", "Ida Ærø")
    page.fill("#book-email", "not an address")
    page.click("#book-submit")

    expect(page.locator("#book-email-error")).not_to_be_empty(timeout=5000)
    expect(page.locator("#book-email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#book-email")).to_be_focused()
    expect(page.locator("#booked-code")).to_be_empty()
    expect(page.locator("#book-person")).to_be_visible()
    assert axe_violations(page) == []


def test_with_central_gone_reception_is_told_and_keeps_what_it_typed(demo_server, page):
    reception(demo_server, page)
    hold_first_time(page, next_working_day())
    page.fill("#book-name", "Ida Ærø")
    page.fill("#book-phone", "20304050")

    kill_central(demo_server)
    page.click("#book-submit")

    error = page.locator("#book-error")
    expect(error).to_contain_text("No answer came from the central booking service", timeout=10000)
    expect(error).to_contain_text("never booked twice")
    expect(page.locator("#booked-code")).to_be_empty()
    # Nothing typed is lost: pressing Book again is all it takes once central is back.
    expect(page.locator("#book-name")).to_have_value("Ida Ærø")
    expect(page.locator("#book-submit")).to_be_enabled()

    page.click("#book-search button[type=submit]")
    expect(page.locator("#book-error")).to_contain_text("Nothing has been booked", timeout=10000)


def central_holds(server) -> list[str]:
    """Statuses of the holds at the demo's central service (its own database file)."""
    path = server.data_dir / "central" / "central.sqlite3"
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT status FROM bookings WHERE status = 'held'").fetchall()
    finally:
        db.close()
    return [status for (status,) in rows]


def test_a_double_tap_on_a_time_holds_it_once_and_logging_out_gives_it_back(demo_server, page):
    reception(demo_server, page)
    page.select_option("#book-service", "passport")
    page.fill("#book-day", next_working_day().isoformat())
    page.click("#book-search button[type=submit]")
    first = page.locator("#book-time-list .time").first
    expect(first).to_be_visible(timeout=5000)
    # Two taps before the first answer is back (a tap that did not seem to take).
    first.evaluate("button => { button.click(); button.click(); }")
    expect(page.locator("#book-held")).to_contain_text("is held until", timeout=5000)
    page.wait_for_timeout(500)  # room for a second hold request, were one sent
    # One hold, and no "just taken" caused by the desk's own first hold.
    assert central_holds(demo_server) == ["held"]
    expect(page.locator("#book-error")).to_be_empty()
    expect(page.locator("#book-person")).to_be_visible()

    page.click("#logout")
    expect(page.locator("#login-submit")).to_be_visible(timeout=5000)
    wait_for(lambda: central_holds(demo_server) == [], 5, "the hold given back")
