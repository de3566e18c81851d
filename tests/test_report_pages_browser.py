"""The report pages in real Chromium, at a centre and at central: the six charts drawn, each
chart's table holding the chart's own numbers, axe clean in Danish and English at 1920x1080 and
1280x800, and no sideways scrolling of the page (the wide table scrolls in its own box)."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from booking.domain.accounts import add_account
from centre.app import create_app
from centre.config import from_dict
from centre.store import staff as staff_store
from kernel import charts as drawing
from kernel import visit_store
from kernel.clock import FixedClock, iso
from kernel.db import write_transaction
from kernel.report_charts import standard_charts
from kernel.reports import from_facts
from tests.booking.conftest import PASSWORD
from tests.booking.conftest import make_app as make_central
from tests.conftest import PASSWORD_HASH, STAFF, TUESDAY_10, axe_violations, centre_raw
from tests.servers import free_port
from tests.test_report_arithmetic import CATALOGUE, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 800})
CHART_IDS = (
    "chart-hour-visits",
    "chart-hour-wait",
    "chart-weekday-visits",
    "chart-weekday-wait",
    "chart-week-trend",
    "chart-administration",
)
SERVICES = ("moving", "tax_questions", "passport", "health_card", "housing", "payment")
FIRST, LAST = TUESDAY_10.date().replace(day=1), TUESDAY_10.date().replace(day=30)


def a_month_of_visits(seed: int, count: int = 240) -> list[dict]:
    """Served visits on the weekdays of November 2026, 9 to 15 local time, some handed over."""
    pick = random.Random(seed)
    days = [FIRST + timedelta(days=n) for n in range(30)]
    days = [d for d in days if d.weekday() < 5]
    facts = []
    for n in range(count):
        day = pick.choice(days)
        # Local 9-15 is 8-14 UTC in November.
        arrived = datetime(day.year, day.month, day.day, pick.randint(8, 14), pick.randint(0, 59))
        handed = pick.random() < 0.15
        facts.append(
            served(
                n,
                arrived.replace(tzinfo=UTC).isoformat(),
                pick.randint(0, 40),
                service_min=pick.randint(3, 15),
                service=pick.choice(SERVICES),
                outcome="handed_over" if handed else None,
                handed_to="FAF" if handed else None,
            )
        )
    return facts


def serve(app) -> tuple[str, object]:
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


@pytest.fixture
def centre_site(tmp_path):
    """A centre with a month of visits, on 127.0.0.1 in this process."""
    clock = FixedClock(TUESDAY_10)
    app = create_app(from_dict(centre_raw(), tmp_path, tmp_path / "var"), clock=clock, testing=True)
    db = app.extensions["enindgang"]["pool"].get()
    facts = a_month_of_visits(11)
    with write_transaction(db):
        for username, (name, role) in STAFF.items():
            staff_store.insert(db, username, name, role, PASSWORD_HASH, iso(clock.now()))
        visit_store.add_many(db, "test", facts)
    url, server = serve(app)
    yield url, app, facts
    server.shutdown()
    server.server_close()


@pytest.fixture
def central_site(tmp_path):
    """Central with a month of visits at Nørrebro and Østerbro and a report account."""
    app = make_central(tmp_path, FixedClock(TUESDAY_10))
    ext = app.extensions["enindgang"]
    db = ext["pool"].get()
    norrebro, osterbro = a_month_of_visits(12), a_month_of_visits(13, 120)
    with write_transaction(db):
        visit_store.add_many(db, "norrebro", norrebro)
        visit_store.add_many(db, "osterbro", osterbro)
    add_account(db, ext["context"].clock, "analyst", "Ane Analytiker", "report", PASSWORD)
    url, server = serve(app)
    yield url, app, norrebro + osterbro
    server.shutdown()
    server.server_close()


def log_in_at_centre(page, url: str) -> None:
    answer = page.request.post(
        f"{url}/api/v1/login", data={"username": "manager1", "password": "secret-pw"}
    )
    assert answer.status == 200


def log_in_at_central(page, url: str) -> None:
    page.goto(f"{url}/staff/login?lang=da")
    page.fill("#username", "analyst")
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{url}/staff/reports")  # the report role lands on its page


def number(text: str, language: str) -> float | None:
    """A figure as the page writes it, back to a number ("1.234,5" in Danish)."""
    if text == "–":
        return None
    # Danish: "." groups thousands and "," is the decimal mark; English the other way round.
    grouping, decimal = (".", ",") if language == "da" else (",", ".")
    text = text.replace(grouping, "").replace(decimal, ".")
    return float(text.replace("%", "").replace("\xa0", ""))


def chart_tables(page, language: str) -> dict[str, tuple[list[str], list[float | None]]]:
    tables = page.evaluate(
        """Array.from(document.querySelectorAll("table[data-chart]")).map((t) => [
             t.dataset.chart,
             Array.from(t.querySelectorAll("tbody tr")).map((r) =>
               Array.from(r.children).map((c) => c.textContent.trim()))])"""
    )
    return {
        chart: ([row[0] for row in rows], [number(row[1], language) for row in rows])
        for chart, rows in tables
    }


def drawn(page, chart_id: str) -> list[float]:
    """What the picture shows of each value it draws: bar heights (columns), bar widths (rows)
    or the line's height above the axis (trend)."""
    return page.evaluate(
        """(id) => {
          const svg = document.getElementById(id);
          const line = svg.querySelector("polyline, circle");
          if (line && line.tagName === "polyline") {
            return line.getAttribute("points").trim().split(/\\s+/)
              .map((p) => Number(p.split(",")[1]));
          }
          if (line) return [Number(line.getAttribute("cy"))];
          const rows = id.endsWith("administration");
          return Array.from(svg.querySelectorAll("rect")).map((r) =>
            Number(r.getAttribute(rows ? "width" : "height")));
        }""",
        chart_id,
    )


def assert_pictures_match_tables(page, app, facts, names, language: str) -> None:
    """Each chart's table holds the chart's values, and the picture is drawn to them."""
    with app.test_request_context(f"/?lang={language}"):
        expected = {
            c.id: c
            for c in standard_charts(from_facts(facts, FIRST, LAST, CATALOGUE), CATALOGUE, names)
        }
    shown = chart_tables(page, language)
    assert list(shown) == list(CHART_IDS)
    for chart_id, (labels, values) in shown.items():
        chart = expected[chart_id]
        assert labels == chart.labels, chart_id
        assert values == [None if v is None else round(v, 1) for v in chart.values], chart_id
        assert any(values), chart_id  # a month of visits: every picture has something
        sizes = drawn(page, chart_id)
        if chart_id.endswith("week-trend"):
            axis = drawing.MARGIN_TOP + drawing.HEIGHT - drawing.MARGIN_TOP - drawing.MARGIN_BOTTOM
            sizes = [axis - y for y in sizes]
        present = [v for v in values if v]
        assert len(sizes) == len(present), chart_id
        scale = sizes[0] / present[0]
        for size, value in zip(sizes, present, strict=True):
            assert size == pytest.approx(value * scale, abs=0.2), chart_id


def assert_fits_and_is_accessible(page) -> None:
    for size in SIZES:
        page.set_viewport_size(size)
        expect(page.locator("figure.report-chart svg[role=img]")).to_have_count(6)
        expect(page.locator("figure.report-chart figcaption")).to_have_count(6)
        expect(page.locator("figure.report-chart table caption")).to_have_count(6)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= size["width"], (size, wide)  # the page never scrolls sideways
        assert axe_violations(page) == [], size


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_centre_page_draws_six_charts_with_their_numbers_and_passes_axe(
    page, centre_site, language, no_script_errors
):
    url, app, facts = centre_site
    log_in_at_centre(page, url)
    page.goto(f"{url}/manager/reports?period=month&date=2026-11-24&lang={language}")
    expect(page.locator("h1")).to_have_text(
        "Besøgsrapporter" if language == "da" else "Visit reports"
    )
    total = page.locator('#report-table tfoot td[data-column="visits"]')
    expect(total).to_have_text(str(len(facts)))
    assert_pictures_match_tables(page, app, facts, {"test": "Borgerservice Test"}, language)
    assert_fits_and_is_accessible(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_central_page_draws_six_charts_with_their_numbers_and_passes_axe(
    page, central_site, language, no_script_errors
):
    url, app, facts = central_site
    log_in_at_central(page, url)
    page.goto(f"{url}/staff/reports?period=month&date=2026-11-24&by=centre&lang={language}")
    expect(page.locator('#report-table tfoot td[data-column="visits"]')).to_have_text(
        str(len(facts))
    )
    names = {"norrebro": "Borgerservice Nørrebro", "osterbro": "Østerbro"}
    assert_pictures_match_tables(page, app, facts, names, language)
    assert_fits_and_is_accessible(page)


def test_the_period_form_shows_the_chosen_report(page, central_site):
    url, _, _ = central_site
    log_in_at_central(page, url)
    page.goto(f"{url}/staff/reports?lang=en")
    page.select_option("#report-period", "week")
    page.fill("#report-date", "2026-11-24")
    page.select_option("#report-by", "weekday")
    page.select_option("#report-centre", "osterbro")
    page.locator("#report-form button[type=submit]").click()
    expect(page.locator("#report-heading")).to_have_text(
        "Visits from November 23, 2026 to November 29, 2026 by weekday"
    )
    rows = page.locator("#report-table tbody th")
    expect(rows).to_have_text(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])


def test_typing_the_days_asks_for_those_days(page, centre_site, no_script_errors):
    url, _, _ = centre_site
    log_in_at_centre(page, url)
    page.goto(f"{url}/manager/reports?period=month&date=2026-11-24&lang=en")
    page.fill("#report-from", "2026-11-09")
    page.fill("#report-to", "2026-11-13")
    expect(page.locator("#report-period")).to_have_value("range")
    page.locator("#report-form button[type=submit]").click()
    expect(page.locator("#report-heading")).to_have_text(
        "Visits from November 9, 2026 to November 13, 2026 by administration"
    )
    expect(page.locator(".report-steps")).to_have_count(0)  # no neighbours of chosen days
