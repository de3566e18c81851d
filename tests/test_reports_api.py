"""GET /api/v1/reports/visits at a centre and at central: who may ask, the formats, and that
both tell the same figures for a centre once it has synced."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from booking.domain.accounts import add_account
from kernel.reports import NUMBERS
from tests import central_loopback
from tests.booking.conftest import PASSWORD, StaffSession
from tests.conftest import TUESDAY_10

# This module's centre talks to a real central on loopback (fixtures shared with others).
agent, central, config = central_loopback.agent, central_loopback.central, central_loopback.config

DAY = TUESDAY_10.date().isoformat()
QUERY = f"/api/v1/reports/visits?from={DAY}&to={DAY}"


def central_login(central, username: str, role: str, centre: str | None = None):
    add_account(central.db, central.clock, username, username.title(), role, PASSWORD, centre)
    return StaffSession(central.app, username)


def a_day_of_visits(kiosk, login, clock):
    """Five visits: three resolved, one handed over to FAF, one no-show; one still waiting."""
    counter = login("staff1", counter="1")
    outcomes = [
        {},
        {"outcome": "handed_over", "administration": "FAF"},
        {"outcome": "referred"},
        {},
    ]
    for service in ("moving", "housing", "health_card", "moving", "moving", "payment"):
        assert kiosk.post("/api/v1/tickets", json={"service": service}).status_code == 201
    for n, body in enumerate(outcomes):
        clock.advance(minutes=3 + 4 * n)
        assert counter.act("call-next").status_code == 200
        clock.advance(minutes=5)
        assert counter.act("finish", body).status_code == 200, body
    clock.advance(minutes=2)
    assert counter.act("call-next").status_code == 200
    assert counter.act("no-show").status_code == 200


def test_a_manager_gets_the_centres_figures_with_labels(kiosk, login, clock):
    a_day_of_visits(kiosk, login, clock)
    answer = login("manager1").get(QUERY + "&by=outcome")
    assert answer.status_code == 200
    rows = {r["key"]: r for r in answer.json["rows"]}
    assert rows["resolved"]["visits"] == 2 and rows["handed_over"]["visits"] == 1
    assert rows["no_show"]["visits"] == 1 and rows["referred"]["visits"] == 1
    assert rows["handed_over"]["label"] == "Overdraget til forvaltning"
    total = answer.json["total"]
    assert total["visits"] == 5 and total["served"] == 4
    assert total["handed_over_share"] == 0.25


def test_counter_staff_and_anyone_else_get_no_report(kiosk, login, client):
    assert login("staff1", counter="1").get(QUERY + "&by=service").status_code == 403
    assert login("reception1").get(QUERY + "&by=service").status_code == 403
    assert client.get(QUERY + "&by=service").status_code == 401
    assert kiosk.get(QUERY + "&by=service").status_code == 401


def test_a_bad_grouping_or_another_centre_answers_validation_naming_the_field(login):
    manager = login("manager1")
    answer = manager.get(QUERY + "&by=name")
    assert answer.status_code == 422 and answer.json["error"]["field"] == "by"
    answer = manager.get(QUERY + "&by=service&centre=osterbro")
    assert answer.status_code == 422 and answer.json["error"]["field"] == "centre"


def csv_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def number(value):
    if value in ("", None):
        return None
    return float(value)


def test_csv_and_xlsx_hold_the_same_numbers_as_json(kiosk, login, clock):
    a_day_of_visits(kiosk, login, clock)
    manager = login("manager1")
    as_json = manager.get(QUERY + "&by=service").json
    as_csv = manager.get(QUERY + "&by=service&format=csv")
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["Content-Disposition"]
    lines = csv_rows(as_csv.data)
    expected = [*as_json["rows"], {"key": "total", **as_json["total"]}]
    assert [line["key"] for line in lines] == [r["key"] for r in expected]
    for line, row in zip(lines, expected, strict=True):
        for column in NUMBERS:
            assert number(line[column]) == number(row[column]), column
    as_xlsx = manager.get(QUERY + "&by=service&format=xlsx")
    sheet = load_workbook(io.BytesIO(as_xlsx.data)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][2] == "Besøg"  # the people's header above the machine one
    header = table[1]
    for values, row in zip(table[2:], expected, strict=True):
        cells = dict(zip(header, values, strict=True))
        assert cells["key"] == row["key"]
        for column in NUMBERS:
            assert number(cells[column]) == number(row[column]), column


def test_central_and_the_centre_tell_the_same_figures_after_a_sync(
    kiosk, login, clock, agent, central
):
    a_day_of_visits(kiosk, login, clock)
    counter = login("staff2", counter="2")
    assert counter.act("call-next").status_code == 200  # the last ticket: not ended yet
    assert agent.run_once() is True
    manager = login("manager1")
    city = central_login(central, "analyst", "report")
    for by in ("service", "outcome", "hour", "administration", "channel", "task"):
        here = manager.get(QUERY + f"&by={by}").json
        there = city.get(QUERY + f"&by={by}&centre=norrebro")
        assert there.status_code == 200, there.json
        assert there.json["rows"] == here["rows"], by
        assert there.json["total"] == here["total"], by
    # The last visit ends after the sync: both see it once the next round has run.
    assert counter.act("finish").status_code == 200
    assert agent.run_once() is True
    here = manager.get(QUERY + "&by=service").json
    there = city.get(QUERY + "&by=service&centre=norrebro").json
    assert here["total"]["visits"] == there["total"]["visits"] == 6


def test_a_centres_manager_at_central_sees_only_that_centre(central):
    own = central_login(central, "mgr_n", "manager", "norrebro")
    assert own.get(QUERY + "&by=centre").json["centre"] == "norrebro"
    assert own.get(QUERY + "&by=centre&centre=osterbro").status_code == 403
    reception = central_login(central, "desk", "reception")
    assert reception.get(QUERY + "&by=centre").status_code == 403
    answer = central_login(central, "analyst", "report").get(QUERY + "&by=centre&centre=nowhere")
    assert answer.status_code == 422


def test_a_published_report_hides_groups_under_five_visits(kiosk, login, clock):
    a_day_of_visits(kiosk, login, clock)
    answer = login("manager1").get(QUERY + "&by=service&publish=1").json
    rows = {r["key"]: r for r in answer["rows"]}
    assert rows["housing"]["suppressed"] is True and rows["housing"]["visits"] is None
    assert answer["total"]["visits"] == 5
