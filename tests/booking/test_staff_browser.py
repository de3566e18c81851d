"""Staff pages in real Chromium: reception books, moves and cancels; a manager sets up staff."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from booking.core.calendar import HolidayCalendar
from tests.booking.test_citizen_browser import assert_accessible
from tests.conftest import server_now, wait_for_js

pytestmark = pytest.mark.browser


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/staff?lang=en")
    expect(page.locator("h1")).to_have_text("Staff login")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Bookings of the day")


def first_free_day(base: str, service: str, centre: str) -> str:
    slots = requests.get(
        f"{base}/api/v1/availability", params={"service": service, "centre": centre}, timeout=10
    ).json()["slots"]
    return slots[0]["start"][:10]


def next_plain_saturday() -> date:
    """A Saturday at least two days ahead that is not a public holiday."""
    day = server_now().astimezone(ZoneInfo("Europe/Copenhagen")).date() + timedelta(days=2)
    while day.weekday() != 5 or HolidayCalendar().is_closed(day):
        day += timedelta(days=1)
    return day


def test_reception_books_moves_and_cancels_for_a_citizen(central_demo, page):
    base = central_demo.url
    log_in(page, base, "reception1")
    assert_accessible(page)
    expect(page.get_by_role("link", name="Staff and hours")).to_have_count(0)

    page.get_by_role("link", name="Book for a citizen").click()
    page.get_by_label("Service").select_option("passport")
    page.get_by_label("Centre").select_option("valby")
    day = first_free_day(base, "passport", "valby")
    page.get_by_label("Day").fill(day)
    page.get_by_role("button", name="Show free times").click()
    assert_accessible(page)
    page.locator("label.time").first.click()
    page.get_by_label("Citizen's name").fill("Karen Blixen")
    page.get_by_label("Mobile number").fill("20 30 40 50")
    page.get_by_role("button", name="Book the time").click()

    expect(page.get_by_role("status")).to_contain_text("The time is booked")
    heading = page.locator("h1").inner_text()
    code = heading.split()[-1]
    assert_accessible(page)

    page.goto(f"{base}/staff?centre=valby&date={day}")
    row = page.locator("tr", has_text=code)
    expect(row).to_contain_text("Karen Blixen")
    expect(row).to_contain_text("+4520304050")
    assert_accessible(page)

    row.get_by_role("link", name=code).click()
    page.get_by_label("New day").fill(day)
    page.get_by_role("button", name="Show free times").click()
    page.locator("label.time").nth(1).click()
    page.get_by_role("button", name="Move to this time").click()
    expect(page.get_by_role("status")).to_contain_text("moved")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the appointment").click()
    expect(page.get_by_role("status")).to_contain_text("cancelled")


def test_manager_sets_up_a_secondee_and_prints_a_qr_code(central_demo, page):
    base = central_demo.url
    log_in(page, base, "manager1")
    page.get_by_role("link", name="Staff and hours").click()
    expect(page.locator("h1")).to_have_text("Staff and hours")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Signe Skat")
    page.locator("#new-role").select_option("tax")
    page.locator("#new-centre").select_option("valby")
    page.get_by_label(re.compile("Tax case that needs a decision")).check()
    page.get_by_role("button", name="Add", exact=True).click()

    expect(page.locator("h1")).to_have_text("Signe Skat")
    assert_accessible(page)
    page.get_by_label("Working hours, Saturday").fill("10:00-12:00")
    page.get_by_label("Breaks, Saturday").fill("11:00-11:15")
    page.get_by_role("button", name="Save hours").click()
    expect(page.get_by_label("Working hours, Saturday")).to_have_value("10:00-12:00")
    saturday = next_plain_saturday().isoformat()
    slots = requests.get(
        f"{base}/api/v1/availability",
        params={"service": "tax_decision", "centre": "valby", "from": saturday, "to": saturday},
        timeout=10,
    ).json()["slots"]
    # 20 minutes + 5 buffer from 10:00, the grid starting again after the break.
    assert [s["start"][11:16] for s in slots] == ["10:00", "10:25", "11:15", "11:40"]

    page.get_by_role("link", name="Settings").click()
    expect(page.locator("h1")).to_have_text("Settings")
    assert_accessible(page)
    page.get_by_role("link", name="QR codes").click()
    page.get_by_label("Centre").select_option("valby")
    page.get_by_label("Service").select_option("passport")
    page.get_by_role("button", name="Make QR code").click()
    expect(page.locator("code")).to_have_text(re.compile(r"/book\?centre=valby&service=passport$"))
    wait_for_js(page, "document.querySelector('img.qr-preview').naturalWidth > 0")
    assert_accessible(page)
