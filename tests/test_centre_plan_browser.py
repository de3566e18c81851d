"""A centre's staffing plan page in real Chromium: the hours short of counters say so in words,
the backtest's error is written out, axe clean in Danish and English at 1920x1080 and 1280x800."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from centre.app import create_app
from centre.config import from_dict
from centre.store import staff as staff_store
from kernel import visit_store
from kernel.clock import FixedClock, iso
from kernel.db import write_transaction
from tests.conftest import PASSWORD_HASH, STAFF, TUESDAY_10, axe_violations, centre_raw
from tests.test_centre_plan import history
from tests.test_report_pages_browser import SIZES, log_in_at_centre, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def centre_site(tmp_path):
    """A centre with 16 weeks of walk-ins (busy at 10:00), on 127.0.0.1 in this process."""
    clock = FixedClock(TUESDAY_10)
    app = create_app(from_dict(centre_raw(), tmp_path, tmp_path / "var"), clock=clock, testing=True)
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        for username, (name, role) in STAFF.items():
            staff_store.insert(db, username, name, role, PASSWORD_HASH, iso(clock.now()))
        visit_store.add_many(db, "test", history())
    url, server = serve(app)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_manager_sees_the_hours_short_of_counters_in_words(centre_site, page, language):
    log_in_at_centre(page, centre_site)
    page.goto(f"{centre_site}/manager/plan?lang={language}")
    words = {
        "da": ("Bemandingsplan", "mangler", "ved siden af"),
        "en": ("Staffing plan", "short", "off over"),
    }
    title, short, off = words[language]
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#plan-wape")).to_contain_text(off)
    short_cells = page.locator("td.plan-cell.short")
    # 10:00 on the five weekdays needs more than the six counters.
    expect(short_cells).to_have_count(5)
    expect(short_cells.first).to_contain_text(short)
    for size in SIZES:
        page.set_viewport_size(size)
        violations = axe_violations(page)
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
        # The page itself never scrolls sideways (the table scrolls in its own box).
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
