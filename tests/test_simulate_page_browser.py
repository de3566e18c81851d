"""The what-if page in real Chromium: the form runs the comparison, and the page is axe clean
in Danish and English at 1920x1080 and 1280x800 without sideways scrolling."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from centre.app import create_app
from centre.config import from_dict
from centre.store import staff as staff_store
from kernel.clock import FixedClock, iso
from kernel.db import write_transaction
from tests.conftest import PASSWORD_HASH, STAFF, TUESDAY_10, axe_violations, centre_raw
from tests.servers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 800})
HEADINGS = {"da": "Hvad nu hvis: en simuleret dag", "en": "What if: a day simulated"}


@pytest.fixture
def site(tmp_path):
    counters = {"1": {}, "2": {}, "skat": {"services": ["tax_questions", "tax_decision"]}}
    clock = FixedClock(TUESDAY_10)
    config = from_dict(centre_raw(counters=counters), tmp_path, tmp_path / "var")
    app = create_app(config, clock=clock, testing=True)
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        for username, (name, role) in STAFF.items():
            staff_store.insert(db, username, name, role, PASSWORD_HASH, iso(clock.now()))
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


def fits_and_is_accessible(page) -> None:
    for size in SIZES:
        page.set_viewport_size(size)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= size["width"], (size, wide)  # the page never scrolls sideways
        assert axe_violations(page) == [], size


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_form_compares_one_more_counter_and_the_page_passes_axe(
    page, site, language, no_script_errors
):
    answer = page.request.post(
        f"{site}/api/v1/login", data={"username": "manager1", "password": "secret-pw"}
    )
    assert answer.status == 200
    page.goto(f"{site}/manager/simulate?lang={language}")
    expect(page.locator("h1")).to_have_text(HEADINGS[language])
    fits_and_is_accessible(page)
    page.select_option("#change-1-what", "add-staff")
    page.fill("#change-1-from", "10:00")
    page.fill("#change-1-to", "12:00")
    page.locator("#whatif-form button[type=submit]").click()
    mean = page.locator('#whatif-summary tr[data-key="wait_mean_minutes"]')
    expect(mean).to_be_visible()
    planned = mean.locator('td[data-column="planned"]').inner_text()
    changed = mean.locator('td[data-column="changed"]').inner_text()
    assert float(changed.replace(",", ".")) < float(planned.replace(",", "."))
    expect(page.locator("#whatif-hours tbody tr").first).to_be_visible()
    page.screenshot(path=f"/tmp/whatif-{language}.png", full_page=True)
    fits_and_is_accessible(page)
    # A wrong time keeps the page and names the field.
    page.fill("#change-1-to", "09:00")
    page.locator("#whatif-form button[type=submit]").click()
    expect(page.locator("#change-1-to-error")).to_be_visible()
    expect(page.locator("#change-1-to")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=f"/tmp/whatif-error-{language}.png", full_page=True)
    fits_and_is_accessible(page)
