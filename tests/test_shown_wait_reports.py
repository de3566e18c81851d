"""How well the shown wait held, as managers read it: the report pages at a centre and at
central, the API's JSON and CSV, and the same figures at both once the centre has synced."""

from __future__ import annotations

from kernel.clock import FixedClock
from kernel.db import write_transaction
from tests import central_loopback
from tests.booking.conftest import make_app as make_central
from tests.conftest import TUESDAY_10
from tests.test_report_arithmetic import served
from tests.test_report_pages import DAY, account, read, store
from tests.test_reports_api import QUERY, central_login, csv_rows
from tests.test_shown_wait_figures import shown

# This module's centre talks to a real central on loopback (fixtures shared with others).
agent, central, config = central_loopback.agent, central_loopback.central, central_loopback.config

AT = "2026-11-24T09:00:00+00:00"
# Six visits, four shown 10-20 minutes: waits of 10 and 20 (held), 25 (longer), 5 (quicker).
FACTS = [
    shown(1, 10, 10, 20),
    shown(2, 20, 10, 20),
    shown(3, 25, 10, 20),
    shown(4, 5, 10, 20),
    served(5, AT, 30),
    served(6, AT, 2),
]


def without_centre(facts):
    return [{k: v for k, v in f.items() if k != "centre"} for f in facts]


def test_the_centre_page_shows_how_well_the_shown_wait_held_and_of_how_many(ctx, db, login):
    store(db, ctx.id, without_centre(FACTS))
    answer = login("manager1").get(f"/manager/reports?period=day&date={DAY}&by=service&lang=da")
    assert answer.status_code == 200
    tables = read(answer).tables
    # A table of its own: with the other figures one table would be wider than a screen.
    assert "shown_wait_visits" not in tables["report-table"]["total"]
    total = tables["shown-wait-table"]["total"]
    assert total["shown_wait_visits"] == "4"
    assert total["shown_wait_held_share"] == "50,0\xa0%"
    assert total["shown_wait_over_share"] == "25,0\xa0%"
    assert total["shown_wait_error_minutes"] == "7,5"  # 5, 5, 10 and 10 minutes off the 15
    page = answer.get_data(as_text=True)
    assert "Vist ventetid holdt" in page
    assert "4 af de 6 besøg fik vist en forventet ventetid" in page
    english = login("manager1").get(f"/manager/reports?period=day&date={DAY}&by=service&lang=en")
    assert "Shown wait held" in english.get_data(as_text=True)


def test_the_report_json_and_csv_carry_the_shown_wait_and_publication_hides_few(ctx, db, login):
    store(db, ctx.id, without_centre(FACTS))
    manager = login("manager1")
    total = manager.get(QUERY + "&by=service").json["total"]
    assert (total["shown_wait_visits"], total["shown_wait_held_share"]) == (4, 0.5)
    lines = {
        line["key"]: line for line in csv_rows(manager.get(QUERY + "&by=channel&format=csv").data)
    }
    assert lines["total"]["shown_wait_held_share"] == "0.5"
    assert lines["total"]["shown_wait_over_share"] == "0.25"
    assert lines["kiosk"]["shown_wait_error_minutes"] == "7.5"
    published = csv_rows(manager.get(QUERY + "&by=channel&format=csv&publish=1").data)
    kiosk = next(line for line in published if line["key"] == "kiosk")
    assert kiosk["visits"] == "6" and kiosk["shown_wait_visits"] == ""  # four people
    assert kiosk["shown_wait_held_share"] == ""


def test_central_shows_the_shown_wait_of_every_centre(tmp_path):
    city = make_central(tmp_path, FixedClock(TUESDAY_10))
    store(city.extensions["enindgang"]["pool"].get(), "norrebro", without_centre(FACTS))
    client, _ = account(city, "analyst", "report")
    page = client.get(f"/staff/reports?period=day&date={DAY}&by=centre&lang=en")
    table = read(page).tables["shown-wait-table"]
    assert table["norrebro"]["shown_wait_held_share"] == "50.0\xa0%"
    assert table["total"]["shown_wait_visits"] == "4"
    assert "4 of the 6 visits were shown a wait range" in page.get_data(as_text=True)


def test_central_and_the_centre_tell_the_same_shown_wait_after_a_sync(
    kiosk, login, clock, db, agent, central
):
    for service in ("moving", "housing", "health_card", "moving", "moving", "payment"):
        assert kiosk.post("/api/v1/tickets", json={"service": service}).status_code == 201
    # The ranges the kiosk showed, put on the tickets as the ticket issue does.
    with write_transaction(db):
        db.execute("UPDATE tickets SET wait_shown_low = 0, wait_shown_high = 10")
        db.execute("UPDATE tickets SET wait_shown_low = 5 WHERE service = 'moving'")
    counter = login("staff1", counter="1")
    for n in range(5):
        clock.advance(minutes=3 if n else 6)  # waits of 6, 13, 20, 27 and 34 minutes
        assert counter.act("call-next").status_code == 200
        clock.advance(minutes=4)
        assert counter.act("finish").status_code == 200
    assert agent.run_once() is True
    manager = login("manager1")
    city = central_login(central, "analyst", "report")
    for by in ("service", "hour", "channel"):
        here = manager.get(QUERY + f"&by={by}").json
        there = city.get(QUERY + f"&by={by}&centre=norrebro").json
        assert there["rows"] == here["rows"], by
        assert there["total"] == here["total"], by
    assert here["total"]["shown_wait_visits"] == 5
    assert here["total"]["shown_wait_held_share"] == 0.2  # the first, 6 minutes
    assert here["total"]["shown_wait_over_share"] == 0.8
