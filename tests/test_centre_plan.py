"""A centre's staffing plan (/api/v1/plan and /manager/plan): its own visits forecast, its
booking replica as booked load, its configured counters as staffed, for its manager only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from centre.store import replica
from kernel import visit_store
from kernel.db import write_transaction
from kernel.erlang import agents_needed

# The clock's Tuesday (24 November 2026) is in week 48; next week is 2026-W49.
THIS_MONDAY = date(2026, 11, 23)
BUSY_TEN = 60  # walk-ins at 10:00, more than six counters can serve
QUIET_ELEVEN = 6
SERVICE_SECONDS = 600
PASSPORT_TARGET = 15 * 60


def fact(n: int, day: date, hour: int, channel: str) -> dict:
    return {
        "id": f"h{n}", "at": f"{day}T{hour - 1:02d}:10:00+00:00", "day": day.isoformat(),
        "hour": hour, "weekday": day.weekday(), "service": "passport", "channel": channel,
        "status": "served", "outcome": "resolved", "handed_to": None, "task": "ksr-pas",
        "administration": "KSR", "level": 1, "tasks": ["ksr-pas"], "wait_seconds": 120,
        "service_seconds": SERVICE_SECONDS,
        "wait_shown_low": None, "wait_shown_high": None,
    }  # fmt: skip


def history() -> list[dict]:
    """16 weeks of walk-ins at 10:00 and 11:00 on weekdays, and booked visits at 11:00."""
    facts, n = [], 0
    for week in range(1, 17):
        monday = THIS_MONDAY - timedelta(weeks=week)
        for day in (monday + timedelta(days=d) for d in range(5)):
            for hour, count, channel in (
                (10, BUSY_TEN, "kiosk"),
                (11, QUIET_ELEVEN, "reception"),
                (11, 10, "appointment"),
            ):
                for _ in range(count):
                    n += 1
                    facts.append(fact(n, day, hour, channel))
    return facts


@pytest.fixture
def manager(app, db, login, clock):
    with write_transaction(db):
        visit_store.add_many(db, "test", history())
        # A confirmed 45-minute booking Monday 11:00 (10:00 UTC) and a cancelled one.
        for code, status in (("AB12", "confirmed"), ("CD34", "cancelled")):
            booking = {
                "code": code, "service": "passport", "start_at": "2026-11-30T10:00:00+00:00",
                "end_at": "2026-11-30T10:45:00+00:00", "status": status, "checked_in_at": None,
            }  # fmt: skip
            replica.upsert(db, booking, "2026-11-24T09:00:00+00:00")
    return login("manager1")


def by_hour(body: dict) -> dict:
    return {(h["day"], h["hour"]): h for h in body["hours"]}


def test_the_centres_plan_sets_the_need_against_its_configured_counters(manager):
    body = manager.get("/api/v1/plan").json
    assert body["week"] == "2026-W49" and body["centre"]["id"] == "test"
    hours = by_hour(body)
    busy = agents_needed(BUSY_TEN, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    quiet = agents_needed(QUIET_ELEVEN, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    ten, eleven = hours["2026-11-30", 10], hours["2026-11-30", 11]
    # Six counters are configured: the staffing of every open hour.
    assert ten["staffed"] == 6.0 and hours["2026-12-04", 13]["staffed"] == 6.0
    assert ten["needed"] == busy and ten["short"] == busy - 6 > 0
    # The confirmed booking takes a counter; the cancelled one nothing; booked visits of the
    # history are not walk-ins.
    assert eleven["walk_ins"] == QUIET_ELEVEN and eleven["booked_minutes"] == 45.0
    assert eleven["needed"] == quiet + 1 and eleven["short"] == 0
    # Thursday 12-13 and Friday after 14:00 are closed; nothing at the weekend.
    assert ("2026-12-03", 12) not in hours and ("2026-12-04", 14) not in hours
    assert not [d for d, _ in hours if d >= "2026-12-05"]
    assert body["backtest"]["wape"] == 0.0


def test_a_public_holiday_is_closed_in_the_centres_plan(manager):
    days = {h["day"] for h in manager.get("/api/v1/plan?week=2026-W52").json["hours"]}
    assert "2026-12-25" not in days and "2026-12-23" in days


def test_the_centres_plan_downloads_as_csv(manager):
    answer = manager.get("/api/v1/plan?week=2026-W49&format=csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert 'filename="plan-test-2026-W49.csv"' in answer.headers["Content-Disposition"]
    lines = answer.get_data(as_text=True).lstrip("\ufeff").splitlines()
    busy = agents_needed(BUSY_TEN, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    assert lines[1].startswith(f"2026-11-30,10,{BUSY_TEN}.0,")
    assert lines[1].endswith(f",{busy},6.0,{float(busy - 6)}")


def test_only_the_centres_manager_reads_its_plan(app, manager, login, client):
    staff = login("staff1", counter="1")
    assert staff.get("/api/v1/plan").status_code == 403
    assert client.get("/api/v1/plan").status_code == 401
    assert manager.get("/api/v1/plan?centre=other").status_code == 422
    assert manager.get("/api/v1/plan?week=49").status_code == 422
    assert manager.get("/api/v1/plan?level=1.5").status_code == 422
    assert staff.get("/manager/plan").status_code == 403
    assert client.get("/manager/plan").status_code == 401


def test_the_manager_page_shows_the_plan_and_its_error_in_danish_and_english(manager):
    danish = manager.get("/manager/plan?lang=da").get_data(as_text=True)
    assert "Bemandingsplan" in danish
    assert "Prognosen ramte i gennemsnit 0\xa0% ved siden af de seneste 8 uger." in danish
    english = manager.get("/manager/plan?week=2026-W49&lang=en")
    text = english.get_data(as_text=True)
    busy = agents_needed(BUSY_TEN, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    assert english.status_code == 200
    assert f"{busy} / 6 <strong>short {busy - 6}</strong>" in text
    assert "The forecast was on average 0\xa0% off over the last 8 weeks." in text
    assert "format=csv" in text
    assert manager.get("/manager/plan?week=soon").status_code == 422
    assert manager.get("/manager/plan?level=2").status_code == 422


def test_the_manager_page_plans_for_the_chosen_service_level(manager):
    text = manager.get("/manager/plan?week=2026-W49&level=0.95&lang=en").get_data(as_text=True)
    busy = agents_needed(BUSY_TEN, SERVICE_SECONDS, PASSPORT_TARGET, 0.95)
    assert busy > agents_needed(BUSY_TEN, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    assert f"{busy} / 6 <strong>short {busy - 6}</strong>" in text
    assert '<option value="0.95" selected>' in text and "level=0.95" in text
