"""A logout on one tablet ends the same session on another, in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_counter_browser import TIMEOUT, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_logout_on_one_tab_sends_the_other_copy_back_to_the_login(demo_server, page):
    log_in(page, demo_server, "reception1")
    # A second tab of the same browser holds a copy of the same session cookie.
    other = page.context.new_page()
    other.goto(f"{demo_server.url}/counter?lang=en")
    expect(other.locator("#logout")).to_be_visible(timeout=TIMEOUT)
    expect(other.locator("#live-state")).to_have_text("", timeout=TIMEOUT)

    page.click("#logout")
    expect(page.locator("#login-form")).to_be_visible(timeout=TIMEOUT)
    # The other tab is told by its closed live connection, without anyone touching it.
    expect(other.locator("#login-form")).to_be_visible(timeout=TIMEOUT)
    expect(other.locator("#logout")).to_be_hidden()
    assert other.request.get(f"{demo_server.url}/api/v1/me").status == 401
