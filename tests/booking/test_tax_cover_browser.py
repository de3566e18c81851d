"""The tax-secondee cover page in real Chromium: the demo meets the rule, the page is accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.booking.test_citizen_browser import assert_accessible
from tests.booking.test_staff_browser import log_in

pytestmark = pytest.mark.browser


def test_a_manager_sees_every_demo_centre_covered_for_the_plan_and_a_week(central_demo, page):
    log_in(page, central_demo.url, "manager1")
    page.get_by_role("link", name="Tax secondee cover").click()
    expect(page.locator("h1")).to_have_text("Tax secondee cover")
    centres = page.locator("section.tax-cover")
    expect(centres).to_have_count(8)
    expect(page.locator("section.tax-cover .cover-ok")).to_have_count(8)
    assert_accessible(page)
    page.get_by_label("Week (empty: the weekly plan)").fill("2026-W50")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#tax-rule")).to_contain_text("Week 2026-W50")
    expect(page.locator("section.tax-cover .cover-ok")).to_have_count(8)
    assert_accessible(page)
