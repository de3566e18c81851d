"""Central's staffing plan: forecast walk-ins from the uploaded visits, booked times and staff
schedules per hour of a week; the API (JSON and CSV), who may read it, and the page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from booking.domain.accounts import add_account
from booking.store import bookings as bookings_store
from kernel import visit_store
from kernel.db import write_transaction
from kernel.erlang import agents_needed
from tests.booking.conftest import PASSWORD, StaffSession, make_app

# The clock's Monday (23 November 2026) is this week; next week is 2026-W49.
THIS_MONDAY = date(2026, 11, 23)
NEXT_MONDAY = date(2026, 11, 30)
HOURS = {d: "10:00-16:00" for d in ("monday", "tuesday", "wednesday", "thursday", "friday")}
PASSPORTS_AN_HOUR = 6
SERVICE_SECONDS = 600
PASSPORT_TARGET = 15 * 60  # the catalogue's target wait for passports


def fact(n: int, day: date, hour: int, channel: str = "kiosk") -> dict:
    return {
        "id": f"h{n}", "at": f"{day}T{hour - 1:02d}:10:00+00:00", "day": day.isoformat(),
        "hour": hour, "weekday": day.weekday(), "service": "passport", "channel": channel,
        "status": "served", "outcome": "resolved", "handed_to": None, "task": "ksr-pas",
        "administration": "KSR", "level": 1, "tasks": ["ksr-pas"], "wait_seconds": 120,
        "service_seconds": SERVICE_SECONDS,
        "wait_shown_low": None, "wait_shown_high": None,
    }  # fmt: skip


def sixteen_weeks_of_passports() -> list[dict]:
    """Six walk-in passports every open hour for the 16 weeks before this week, and booked
    visits (channel appointment) at 11:00 that the walk-in forecast must leave out."""
    facts, n = [], 0
    for week in range(1, 17):
        monday = THIS_MONDAY - timedelta(weeks=week)
        for day in (monday + timedelta(days=d) for d in range(5)):
            for hour in range(10, 16):
                for _ in range(PASSPORTS_AN_HOUR):
                    n += 1
                    facts.append(fact(n, day, hour, "reception" if n % 3 else "kiosk"))
            for _ in range(20):
                n += 1
                facts.append(fact(n, day, 11, "appointment"))
    return facts


@pytest.fixture
def central(tmp_path, clock):
    from booking.config import CentreSeed
    from booking.core import opening_hours

    hours = opening_hours.parse(HOURS)
    centres = [
        CentreSeed("norrebro", "Borgerservice Nørrebro", opening_hours=hours),
        CentreSeed("osterbro", "Østerbro", opening_hours=hours),
    ]
    app = make_app(tmp_path, clock, centres=centres)
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        visit_store.add_many(db, "norrebro", sixteen_weeks_of_passports())
        bookings_store.insert(db, booking("b1", "2026-11-30T09:00:00+00:00", 30))
    return app


def booking(booking_id: str, start: str, minutes: int) -> dict:
    """A confirmed booking at Nørrebro (start in UTC; 09:00 UTC is 10:00 in Copenhagen)."""
    from datetime import datetime

    begin = datetime.fromisoformat(start)
    end = (begin + timedelta(minutes=minutes)).isoformat()
    return {
        "id": booking_id, "code": booking_id.upper(), "token": f"t-{booking_id}",
        "service": "passport", "centre": "norrebro", "staff_id": "anna", "start_at": start,
        "end_at": end, "block_end_at": end, "status": "confirmed", "name": "X",
        "language": "da", "source": "online", "created_at": start, "updated_at": start,
    }  # fmt: skip


def login(central, central_db, clock, username, role, centre=None) -> StaffSession:
    add_account(central_db, clock, username, username.title(), role, PASSWORD, centre=centre)
    return StaffSession(central, username)


def by_hour(body: dict) -> dict:
    return {(h["day"], h["hour"]): h for h in body["hours"]}


def test_next_weeks_plan_needs_erlang_counters_for_the_walk_ins_plus_the_booked_times(
    central, central_db, clock
):
    manager = login(central, central_db, clock, "boss", "manager")
    body = manager.get("/api/v1/plan?centre=norrebro").json
    assert body["week"] == "2026-W49" and body["level"] == 0.8
    hours = by_hour(body)
    # Monday to Friday 10:00-16:00, and 09:00 where staff start before opening: nothing is
    # forecast before opening or at the weekend.
    assert {h for _, h in hours} == set(range(9, 16)) and len(hours) == 35
    assert {hours[day, 9]["needed"] for day, _ in hours} == {0}
    walk_in = agents_needed(PASSPORTS_AN_HOUR, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    ten = hours["2026-11-30", 10]
    # Booked visits of the history are not walk-ins: 11:00 is forecast like any other hour.
    assert hours["2026-11-30", 11]["walk_ins"] == PASSPORTS_AN_HOUR
    assert ten["walk_ins"] == PASSPORTS_AN_HOUR and ten["walk_in_counters"] == walk_in
    # The 30-minute booking at 10:00 takes a counter.
    assert (ten["booked_minutes"], ten["booked_counters"]) == (30.0, 1)
    assert ten["needed"] == walk_in + 1
    assert hours["2026-11-30", 11]["needed"] == walk_in
    # Anna, Bo and Tina work 09-16, all three at lunch 12:00-12:30: 1.5 counters then.
    assert ten["staffed"] == 3.0 and hours["2026-11-30", 12]["staffed"] == 1.5
    assert ten["short"] == max(0, walk_in + 1 - 3)
    # A constant history is forecast exactly.
    assert body["backtest"] == {"weeks": 8, "wape": 0.0, "services": {"passport": 0.0}}


def test_hours_without_enough_staff_are_marked_short(central, central_db, clock):
    manager = login(central, central_db, clock, "boss", "manager")
    hours = by_hour(manager.get("/api/v1/plan?centre=norrebro&level=0.95").json)
    need = agents_needed(PASSPORTS_AN_HOUR, SERVICE_SECONDS, PASSPORT_TARGET, 0.95)
    lunch = hours["2026-11-30", 12]
    assert lunch["needed"] == need and lunch["short"] == max(0.0, need - 1.5) > 0
    # Østerbro has one member of staff and no history: its hours need nothing.
    other = manager.get("/api/v1/plan?centre=osterbro").json
    assert {h["needed"] for h in other["hours"]} == {0}
    assert other["backtest"]["wape"] is None


def test_a_public_holiday_has_no_hours_in_the_plan(central, central_db, clock):
    manager = login(central, central_db, clock, "boss", "manager")
    body = manager.get("/api/v1/plan?centre=norrebro&week=2026-W52").json
    days = {h["day"] for h in body["hours"]}
    # Juledag, Friday 25 December.
    assert "2026-12-25" not in days and "2026-12-23" in days


def test_the_plan_downloads_as_csv(central, central_db, clock):
    manager = login(central, central_db, clock, "boss", "manager")
    answer = manager.get("/api/v1/plan?centre=norrebro&week=2026-W49&format=csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "plan-norrebro-2026-W49.csv" in answer.headers["Content-Disposition"]
    lines = answer.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("day,hour,walk_ins")
    assert len(lines) == 36 and lines[2].startswith("2026-11-30,10,6.0,")


def test_who_may_read_the_plan(central, central_db, clock):
    report = login(central, central_db, clock, "stats", "report")
    assert report.get("/api/v1/plan?centre=norrebro").status_code == 200
    assert report.get("/api/v1/plan?centre=osterbro").status_code == 200
    mine = login(central, central_db, clock, "boss", "manager", centre="osterbro")
    assert mine.get("/api/v1/plan").json["centre"]["id"] == "osterbro"
    assert mine.get("/api/v1/plan?centre=norrebro").status_code == 403
    # The pages likewise: the report role any centre, a centre's manager only theirs.
    assert report.get("/staff/plan?centre=osterbro").status_code == 200
    assert mine.get("/staff/plan?centre=norrebro").status_code == 403
    assert "Østerbro" in mine.get("/staff/plan").get_data(as_text=True)
    desk = login(central, central_db, clock, "desk", "reception")
    assert desk.get("/api/v1/plan?centre=norrebro").status_code == 403
    assert central.test_client().get("/api/v1/plan?centre=norrebro").status_code in (401, 403)


def test_a_bad_question_is_a_field_error(central, central_db, clock):
    manager = login(central, central_db, clock, "boss", "manager")
    fields = {
        "/api/v1/plan": ("centre", "required"),
        "/api/v1/plan?centre=nowhere": ("centre", "unknown"),
        "/api/v1/plan?centre=norrebro&week=49": ("week", "format"),
        "/api/v1/plan?centre=norrebro&level=2": ("level", "range"),
        "/api/v1/plan?centre=norrebro&level=x": ("level", "format"),
        "/api/v1/plan?centre=norrebro&format=xml": ("format", "invalid"),
    }
    for path, (field, code) in fields.items():
        answer = manager.get(path)
        assert answer.status_code == 422, path
        assert answer.json["error"]["fields"][field]["code"] == code, path


def test_the_plan_page_shows_needed_beside_staffed_and_the_error_in_words(
    central, central_db, clock
):
    manager = login(central, central_db, clock, "boss", "manager")
    danish = manager.get("/staff/plan?centre=norrebro&week=2026-W49&lang=da")
    text = danish.get_data(as_text=True)
    assert danish.status_code == 200
    assert "Bemandingsplan" in text
    assert "Prognosen ramte i gennemsnit 0\xa0% ved siden af de seneste 8 uger." in text
    english = manager.get("/staff/plan?centre=norrebro&week=2026-W49&lang=en")
    text = english.get_data(as_text=True)
    assert "The forecast was on average 0\xa0% off over the last 8 weeks." in text
    walk_in = agents_needed(PASSPORTS_AN_HOUR, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    assert f"{walk_in + 1} / 3" in text  # Monday 10:00: walk-ins and the booking, three staff
    assert "format=csv" in text
    assert manager.get("/staff/plan?centre=norrebro&week=x").status_code == 422
    # Another service level: the page plans for it and keeps it chosen.
    strict = manager.get("/staff/plan?centre=norrebro&week=2026-W49&level=0.95&lang=en")
    need = agents_needed(PASSPORTS_AN_HOUR, SERVICE_SECONDS, PASSPORT_TARGET, 0.95)
    assert f"{need + 1} / 3" in strict.get_data(as_text=True)
    assert '<option value="0.95" selected>' in strict.get_data(as_text=True)
