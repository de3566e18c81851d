"""The report pages a manager reads: /manager/reports at a centre, /staff/reports at central
(managers and the report role). Hand-built visits go in; the page must show their figures."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from booking.domain.accounts import add_account
from kernel import visit_store
from kernel.clock import FixedClock
from kernel.db import write_transaction
from kernel.report_request import parse
from kernel.reports import ReportError
from tests.booking.conftest import PASSWORD
from tests.booking.conftest import make_app as make_central
from tests.conftest import TUESDAY_10
from tests.test_report_arithmetic import FACTS, served

PAGE = "/manager/reports"
DAY = "2026-11-24"
# Centre "a"'s facts of FACTS (a Tuesday): 7 visits (5 served, 1 no-show, 1 voided) and one
# booked time not kept; waits 2, 4, 6, 8 (the no-show), 10 and 20 minutes.
CENTRE_A = [f for f in FACTS if f["centre"] == "a"]


class Tables(HTMLParser):
    """The page's tables: for each table id (or data-chart), its rows as {key: cells}, where a
    row's key is its data-key (else its first cell) and cells map data-column (else position)
    to the text shown."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, dict]] = {}
        self.inputs: dict[str, dict[str, str]] = {}
        self.selected: dict[str, list[str]] = {}
        self._table: str | None = None
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self._column: str | None = None
        self._select: str | None = None
        self._head = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id") or a.get("data-chart")
            self.tables[self._table] = {}
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and self._table and not self._head:
            self._row = {"key": a.get("data-key"), "cells": []}
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._column = [], a.get("data-column")
        elif tag == "input" and a.get("name"):
            self.inputs[a["name"]] = a
        elif tag == "select":
            self._select = a.get("name")
            self.selected.setdefault(self._select, [])
        elif tag == "option" and self._select:
            self.selected[self._select].append(a.get("value"))
            if "selected" in a:
                self.inputs[self._select] = {"value": a.get("value")}

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            # Spaces of the markup collapse; a no-break space is part of the figure ("12,5 %").
            text = re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip(" ")
            self._row["cells"].append((self._column, text))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            cells = self._row["cells"]
            if cells and cells[0][0] is None:
                key = self._row["key"] or cells[0][1]
                self.tables[self._table][key] = {
                    (column or str(n)): text for n, (column, text) in enumerate(cells)
                }
            self._row = None
        elif tag == "thead":
            self._head = False
        elif tag == "table":
            self._table = None
        elif tag == "select":
            self._select = None


def read(answer) -> Tables:
    tables = Tables()
    tables.feed(answer.get_data(as_text=True))
    return tables


def store(db, centre: str, facts) -> None:
    with write_transaction(db):
        visit_store.add_many(db, centre, facts)


@pytest.fixture
def manager(app, db, login):
    store(db, "test", CENTRE_A)
    return login("manager1")


def test_the_centre_page_shows_the_days_figures_written_the_danish_way(manager):
    answer = manager.get(f"{PAGE}?period=day&date={DAY}&by=service&lang=da")
    assert answer.status_code == 200
    table = read(answer).tables["report-table"]
    moving = table["moving"]
    assert moving["0"] == "Flytning og folkeregister"
    assert (moving["visits"], moving["served"], moving["no_shows"], moving["voided"]) == (
        "5",
        "3",
        "1",
        "1",
    )
    # Waits 2, 4, 6 and 8 minutes: mean and median 5, nearest-rank 90th percentile 8.
    assert moving["wait_mean_minutes"] == "5,0" and moving["wait_p90_minutes"] == "8,0"
    assert moving["handed_over_share"] == "33,3\xa0%"  # one of three served
    total = table["total"]
    assert total["visits"] == "7" and total["served"] == "5"
    assert total["wait_mean_minutes"] == "8,3"  # 50 minutes over 6 waits
    assert total["within_target_share"] == "83,3\xa0%"  # 20 minutes is past the 15
    assert total["appointments_missed"] == "1"
    assert table["passport"]["wait_mean_minutes"] == "–"  # no wait to tell


def test_the_same_page_in_english_writes_english_numbers_and_words(manager):
    answer = manager.get(f"{PAGE}?period=day&date={DAY}&by=service&lang=en")
    page = answer.get_data(as_text=True)
    table = read(answer).tables["report-table"]
    assert table["total"]["wait_mean_minutes"] == "8.3"
    assert table["total"]["within_target_share"] == "83.3\xa0%"
    assert table["moving"]["0"] == "Moving and national register"
    assert "Show report" in page and "Vis rapport" not in page
    assert '<th scope="col" class="figure" data-column="visits">Visits</th>' in page
    assert "Wait, 90th percentile (min.)" in page and "Ventetid" not in page
    assert "Visits on November 24, 2026 by service" in page


def test_every_grouping_gives_a_table_whose_rows_add_up_to_the_total(manager):
    for by in ("administration", "centre", "task", "level", "channel", "outcome", "hour"):
        table = read(manager.get(f"{PAGE}?period=day&date={DAY}&by={by}")).tables["report-table"]
        rows = [r for k, r in table.items() if k != "total"]
        assert sum(int(r["visits"]) for r in rows) == 7, by
        assert table["total"]["visits"] == "7", by


def visits_on(day: str, n: int):
    return served(n, f"{day}T09:00:00+00:00", 3)


@pytest.mark.parametrize(
    "query, first, last, visits",
    [
        ("period=day&date=2026-11-24", "2026-11-24", "2026-11-24", 1),
        ("period=week&date=2026-11-24", "2026-11-23", "2026-11-29", 2),
        ("period=month&date=2026-11-24", "2026-11-01", "2026-11-30", 4),
        ("period=quarter&date=2026-11-24", "2026-10-01", "2026-12-31", 6),
        ("period=year&date=2026-11-24", "2026-01-01", "2026-12-31", 7),
        ("period=range&from=2026-11-23&to=2026-12-01", "2026-11-23", "2026-12-01", 3),
        ("period=week&date=2026-12-31", "2026-12-28", "2027-01-03", 2),
    ],
)
def test_the_period_presets_choose_the_days_around_the_chosen_date(
    app, db, login, query, first, last, visits
):
    days = (
        "2026-11-24",  # the chosen Tuesday
        "2026-11-23",  # its week's Monday
        "2026-11-01",  # the month's first day
        "2026-11-30",  # its last, the next week
        "2026-10-01",  # the quarter's first day
        "2026-12-31",  # its last, and the year's
        "2026-03-02",  # the year only
        "2027-01-02",  # the next year, in the week of 31 December
    )
    store(db, "test", [visits_on(day, n) for n, day in enumerate(days)])
    answer = login("manager1").get(f"{PAGE}?{query}&by=day")
    assert answer.status_code == 200
    page = read(answer)
    assert (page.inputs["from"]["value"], page.inputs["to"]["value"]) == (first, last)
    assert page.tables["report-table"]["total"]["visits"] == str(visits)


def test_without_a_choice_the_page_shows_this_month_by_administration(manager):
    page = read(manager.get(PAGE))
    assert page.inputs["period"]["value"] == "month" and page.inputs["by"]["value"] == (
        "administration"
    )
    assert (page.inputs["from"]["value"], page.inputs["to"]["value"]) == (
        "2026-11-01",
        "2026-11-30",
    )  # the test clock's day is Tuesday 24 November 2026
    assert page.tables["report-table"]["total"]["visits"] == "7"


def test_the_steps_lead_to_the_period_before_and_after(manager):
    page = manager.get(f"{PAGE}?period=month&date={DAY}&by=service&lang=da").get_data(as_text=True)
    assert re.search(r'href="[^"]*date=2026-10-31[^"]*" rel="prev">← Forrige måned<', page)
    assert re.search(r'href="[^"]*date=2026-12-01[^"]*" rel="next">Næste måned →<', page)


def test_a_wrong_day_is_said_on_the_page_next_to_its_field(manager):
    answer = manager.get(f"{PAGE}?period=range&from=2026-11-30&to=2026-11-01&lang=en")
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert 'id="report-error" class="report-error" role="alert">Type the last day' in page
    assert re.search(r'id="report-to" name="to" value="2026-11-01" aria-invalid="true"', page)
    assert 'id="report-table"' not in page


def test_the_page_links_the_downloads_of_the_report_shown(manager):
    page = manager.get(f"{PAGE}?period=day&date={DAY}&by=service").get_data(as_text=True)
    links = re.findall(r'href="(/api/v1/reports/visits\?[^"]+)" download', page)
    assert len(links) == 4
    links = [link.replace("&amp;", "&") for link in links]
    assert sum("publish=1" in link for link in links) == 2
    as_csv = manager.get(links[0])
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert "\r\ntotal,,7,5,1,1," in as_csv.get_data(as_text=True)
    published = manager.get(links[2]).get_data(as_text=True)
    assert "\r\ntax_questions," in published and ",2,2," not in published  # 2 < 5: blank


def test_the_page_draws_the_six_charts_each_with_its_table(manager):
    page = read(manager.get(f"{PAGE}?period=day&date={DAY}&lang=da"))
    charts = {k: v for k, v in page.tables.items() if k.startswith("chart-")}
    assert list(charts) == [
        "chart-hour-visits",
        "chart-hour-wait",
        "chart-weekday-visits",
        "chart-weekday-wait",
        "chart-week-trend",
        "chart-administration",
    ]
    # Arrivals at 10, 10, 10, 11, 11, 12 and 12 local time (one of them voided).
    hours = {row["0"]: row["1"] for row in charts["chart-hour-visits"].values()}
    assert hours == {"10–11": "3", "11–12": "2", "12–13": "2"}
    assert {r["0"]: r["1"] for r in charts["chart-weekday-visits"].values()}["Tirsdag"] == "7"


def test_only_the_centres_manager_reads_the_reports(app, client, login):
    answer = client.get(PAGE)
    assert answer.status_code == 401
    assert re.search(r'href="/counter/?"', answer.get_data(as_text=True))  # where to log in
    for username, counter in (("staff1", "1"), ("reception1", None)):
        answer = login(username, counter=counter).get(PAGE)
        assert answer.status_code == 403
        assert "report-table" not in answer.get_data(as_text=True)


def test_the_manager_finds_the_reports_on_the_staff_and_start_pages(client):
    assert 'href="/manager/reports"' in client.get("/counter").get_data(as_text=True)
    assert 'href="/manager/reports"' in client.get("/").get_data(as_text=True)


# --- central ---------------------------------------------------------------------------------


@pytest.fixture
def city(tmp_path):
    """Central with Nørrebro's visits (centre "a" of FACTS) and Østerbro's (centre "b"), and
    each booked service's first free time for the day."""
    central = make_central(tmp_path, FixedClock(TUESDAY_10))
    central_db = central.extensions["enindgang"]["pool"].get()
    store(central_db, "norrebro", CENTRE_A)
    store(central_db, "osterbro", [f for f in FACTS if f["centre"] == "b"])
    with write_transaction(central_db):
        central_db.execute(
            "INSERT INTO first_free (centre, service, day, working_days) VALUES"
            " ('norrebro', 'passport', ?, 3), ('osterbro', 'passport', ?, 9)",
            [DAY, DAY],
        )
    return central


def account(central, username, role, centre=None):
    """A browser-like client logged in through the login form."""
    ext = central.extensions["enindgang"]
    add_account(
        ext["pool"].get(), ext["context"].clock, username, username.title(), role, PASSWORD, centre
    )
    client = central.test_client()
    form = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post(
        "/staff/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    return client, answer


def test_the_report_role_lands_on_the_reports_and_reaches_nothing_else(city):
    client, answer = account(city, "analyst", "report")
    assert answer.status_code == 302 and answer.headers["Location"] == "/staff/reports"
    page = client.get("/staff/reports?lang=da")
    assert page.status_code == 200
    assert "Bookinger" not in page.get_data(as_text=True)  # no desk links in its menu
    for path in ("/staff", "/staff/book", "/staff/manage", "/staff/manage/settings"):
        assert client.get(path).status_code == 403, path
    assert client.get("/staff/manage/qr").status_code == 403
    assert client.get("/staff/overview").status_code == 403
    # Nor through the API: the day's bookings, the staff, the manager's setup, the roll-up.
    for path in ("/api/v1/staff/bookings", "/api/v1/staff/members", "/api/v1/manager/staff"):
        assert client.get(path).status_code == 403, path
    assert client.get("/api/v1/overview").status_code == 403
    assert client.get(f"/api/v1/reports/visits?from={DAY}&to={DAY}&by=centre").status_code == 200


def test_central_shows_every_centre_or_the_one_chosen(city):
    client, _ = account(city, "analyst", "report")
    query = f"/staff/reports?period=day&date={DAY}&by=centre&lang=da"
    page = read(client.get(query))
    table = page.tables["report-table"]
    assert table["norrebro"]["0"] == "Borgerservice Nørrebro" and table["norrebro"]["visits"] == "7"
    assert table["osterbro"]["visits"] == "1" and table["total"]["visits"] == "8"
    assert page.selected["centre"] == ["", "norrebro", "osterbro"]
    # First free time: 3 working days at Nørrebro (the 7-day promise held), 9 at Østerbro.
    assert table["total"]["first_free_days_mean"] == "6,0"
    assert table["total"]["promise_held_share"] == "50,0\xa0%"
    one = read(client.get(query + "&centre=osterbro")).tables["report-table"]
    assert list(one) == ["osterbro", "total"] and one["total"]["visits"] == "1"
    assert one["total"]["first_free_days_mean"] == "9,0"


def test_a_centres_manager_at_central_sees_only_that_centre(city):
    client, answer = account(city, "mgr_n", "manager", "norrebro")
    assert answer.headers["Location"] == "/staff"
    page = read(client.get(f"/staff/reports?period=day&date={DAY}&by=centre"))
    assert page.selected["centre"] == ["norrebro"]
    assert list(page.tables["report-table"]) == ["norrebro", "total"]
    assert page.tables["report-table"]["total"]["visits"] == "7"
    assert client.get(f"/staff/reports?period=day&date={DAY}&centre=osterbro").status_code == 403


def test_reception_at_central_gets_no_reports(city):
    client, _ = account(city, "desk", "reception")
    assert client.get("/staff/reports").status_code == 403
    assert 'href="/staff/reports"' not in client.get("/staff").get_data(as_text=True)


def test_a_city_manager_finds_the_reports_in_the_staff_menu(city):
    client, _ = account(city, "boss", "manager")
    assert 'href="/staff/reports"' in client.get("/staff").get_data(as_text=True)
    page = read(client.get(f"/staff/reports?period=day&date={DAY}&by=service"))
    assert page.tables["report-table"]["total"]["visits"] == "8"
    assert page.selected["centre"] == ["", "norrebro", "osterbro"]


def test_a_period_past_the_calendars_end_is_a_wrong_day_not_a_server_error(manager):
    # December 9999's month ends in the year 10000, which no calendar holds.
    with pytest.raises(ReportError) as refused:
        parse({"period": "month", "date": "9999-12-15", "by": "service"})
    assert refused.value.params["field"] == "date"
    answer = manager.get(f"{PAGE}?period=quarter&date=9999-12-15")
    assert answer.status_code == 422
    assert 'id="report-date" name="date" value="9999-12-15" aria-invalid="true"' in (
        answer.get_data(as_text=True)
    )
    api = manager.get("/api/v1/reports/visits?period=month&date=9999-12-31&by=service")
    assert api.status_code == 422 and api.json["error"]["field"] == "date"
    # The last day the calendar holds still has its report, without a step past it.
    last = manager.get(f"{PAGE}?period=day&date=9999-12-31").get_data(as_text=True)
    assert 'rel="prev"' in last and 'rel="next"' not in last
