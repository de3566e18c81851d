"""The staffing plan page in real Chromium over the demo's generated history: needed beside
staffed per hour, the shortfall in words, the backtest's error, accessible at two sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import servers
from tests.booking.test_citizen_browser import assert_accessible
from tests.booking.test_staff_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def central_with_history(tmp_path):
    """`enindgang central demo` with 120 days of generated visits: enough for the forecast's
    16 weeks of history."""
    options = ("--no-rate-limit", "--history-days", "120")
    server = servers.central_demo(tmp_path / "central", tmp_path / "central.log", *options)
    server.start()
    yield server
    server.stop()


def test_a_manager_reads_next_weeks_plan_with_its_shortfalls_and_error(central_with_history, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, central_with_history.url, "manager1")
    page.get_by_role("link", name="Staffing plan").click()
    expect(page.locator("h1")).to_have_text("Staffing plan")
    expect(page.locator("#plan-wape")).to_contain_text("The forecast was on average")
    expect(page.locator("#plan-wape")).to_contain_text("off over the last 8 weeks")
    table = page.get_by_role("table", name="Counters needed / staffed per hour")
    expect(table).to_be_visible()
    # Every day column of an open week, and hours from the morning on.
    assert table.locator("thead th").count() >= 6
    expect(page.locator("#plan-short")).to_be_visible()
    # A shortfall is written out, not only coloured.
    for cell in table.locator("td.short").all()[:3]:
        expect(cell).to_contain_text("short")
    assert_accessible(page)
    page.set_viewport_size({"width": 1920, "height": 1080})
    assert_accessible(page)
    page.get_by_label("Centre").select_option(value="amager")
    page.get_by_label("Week (empty: next week)").fill("2026-W50")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#plan-heading")).to_contain_text("2026-W50")
    assert_accessible(page)
