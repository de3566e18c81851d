"""The managers' page of unsent messages in Chromium: axe clean in Danish and English, and
"Send again" puts a refused SMS back in the queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from booking.domain.accounts import add_account
from tests.booking.conftest import PASSWORD
from tests.booking.test_messages import deliver
from tests.booking.test_sms import book_by_phone, gateway, sms_app  # noqa: F401 (fixture)
from tests.conftest import axe_violations
from tests.test_report_pages_browser import serve

pytestmark = pytest.mark.browser


@pytest.fixture
def refused_site(tmp_path, clock, gateway):  # noqa: F811 (the fixture imported above)
    """Central with one SMS the gateway refused (a wrong number), served on 127.0.0.1."""
    gateway.default = (400, '{"error": "invalid recipient"}')
    app = sms_app(tmp_path, clock, gateway)
    answer = book_by_phone(app)
    deliver(app)
    add_account(app.extensions["enindgang"]["pool"].get(), clock, "boss", "Bo Ss", "manager",
                PASSWORD)  # fmt: skip
    url, server = serve(app)
    yield url, app, answer["code"]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_unsent_messages_page_passes_axe(page, refused_site, language):
    url, _app, code = refused_site
    answer = page.request.post(
        f"{url}/api/v1/login", data={"username": "boss", "password": PASSWORD}
    )
    assert answer.status == 200
    page.goto(f"{url}/staff/manage/messages?lang={language}")
    expect(page.locator("#unsent tbody tr")).to_have_count(1)
    expect(page.locator("#unsent")).to_contain_text(code)
    assert axe_violations(page) == []


def test_send_again_puts_the_message_back_in_the_queue(page, refused_site, gateway):  # noqa: F811
    url, app, code = refused_site
    page.request.post(f"{url}/api/v1/login", data={"username": "boss", "password": PASSWORD})
    page.goto(f"{url}/staff/manage/messages?lang=en")
    gateway.default = (200, "{}")
    page.get_by_role("button", name="Send again").click()
    expect(page.locator("#unsent")).to_contain_text("Waiting to be sent")
    deliver(app)
    page.reload()
    expect(page.locator("#unsent")).to_contain_text("Every message has been sent.")
    assert len(gateway.received) == 2
