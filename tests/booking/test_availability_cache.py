"""Availability keeps slot grids between requests: a booking, a cancellation or a manager's
change made through one app shows at once in the next answer, also in a second app on the same
database (as a second worker process would be)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from booking.domain import world
from booking.domain.accounts import add_account
from booking.domain.setup_cache import MAX_ENTRIES, SetupCache
from tests.booking.conftest import PASSWORD, StaffSession, make_app

TUESDAY = "from=2026-11-24&to=2026-11-24"
TUESDAY_9 = "2026-11-24T09:00:00+01:00"


def starts(client, service="passport", centre="osterbro", window=TUESDAY) -> list[str]:
    query = f"/api/v1/availability?service={service}&centre={centre}&{window}"
    answer = client.get(query)
    assert answer.status_code == 200, answer.json
    return [s["start"][11:16] for s in answer.json["slots"]]


def book(client, start=TUESDAY_9, centre="osterbro") -> dict:
    body = {"service": "passport", "centre": centre, "start": start, "name": "Ida"}
    answer = client.post("/api/v1/bookings", json={**body, "email": "ida@example.dk"})
    assert answer.status_code == 201, answer.json
    return answer.json


@pytest.fixture
def other(tmp_path, clock, central):
    """A second app on the same database and clock, with its own caches: another worker."""
    url = central.extensions["enindgang"]["context"].config.database_url  # None: the SQLite file
    return make_app(tmp_path, clock, database_url=url).test_client()


@pytest.fixture
def manager_at_other(tmp_path, clock, central_db, other):
    add_account(central_db, clock, "manager1", "Manager", "manager", PASSWORD)
    return StaffSession(other.application, "manager1")


def test_a_booked_time_is_gone_from_the_next_answer(api):
    before = starts(api)
    assert "09:00" in before
    book(api)
    # Carl is Østerbro's only passport member: his 09:00 is taken, the rest stays.
    assert starts(api) == [t for t in before if t != "09:00"]


def test_a_booking_at_one_worker_is_gone_from_the_other_workers_next_answer(api, other):
    # Both have answered once, so both keep Tuesday's grid.
    assert starts(api) == starts(other)
    assert "09:00" in starts(api)
    booked = book(other)
    assert "09:00" not in starts(api)
    # Cancelled at the first: the time is back at the second.
    token = parse_qs(urlparse(booked["manage_url"]).query)["token"][0]
    cancelled = api.post(f"/api/v1/bookings/{booked['code']}/cancel", json={"token": token})
    assert cancelled.status_code == 200
    assert "09:00" in starts(other)


def test_a_pooled_time_stays_until_every_member_is_booked_across_workers(api, other):
    assert "09:00" in starts(api, centre="norrebro")
    assert "09:00" in starts(other, centre="norrebro")
    book(api, centre="norrebro")
    assert "09:00" in starts(other, centre="norrebro")  # Bo is still free
    book(other, centre="norrebro")
    assert "09:00" not in starts(api, centre="norrebro")


def test_new_hours_set_at_one_worker_show_at_once_at_the_other(api, manager_at_other):
    assert starts(api)[0] == "09:00"
    changed = manager_at_other.post(
        "/api/v1/manager/staff/carl/schedule",
        json={"hours": {"tuesday": ["08:00-10:00"]}, "breaks": {"tuesday": ["08:40-09:00"]}},
    )
    assert changed.status_code == 200
    assert starts(api) == ["08:00", "08:20", "09:00", "09:20", "09:40"]


def test_an_absence_added_at_one_worker_empties_the_day_at_the_other(api, manager_at_other):
    assert starts(api)
    added = manager_at_other.post(
        "/api/v1/manager/staff/carl/absences",
        json={"start": "2026-11-24", "end": "2026-11-24", "reason": "course"},
    )
    assert added.status_code == 201
    assert starts(api) == []
    assert starts(api, window="from=2026-11-25&to=2026-11-25")


def test_a_length_and_a_horizon_set_at_one_worker_show_at_once_at_the_other(api, manager_at_other):
    assert starts(api)[:3] == ["09:00", "09:20", "09:40"]
    assert starts(api, window="from=2026-11-25&to=2026-11-25")
    manager_at_other.post("/api/v1/manager/services/passport", json={"minutes": 30})
    assert starts(api)[:3] == ["09:00", "09:35", "10:10"]  # 30 minutes and the 5-minute buffer
    manager_at_other.post(
        "/api/v1/manager/centres/osterbro", json={"horizon_days": 1, "min_notice_minutes": 120}
    )
    assert starts(api)
    assert starts(api, window="from=2026-11-25&to=2026-11-25") == []


def test_repeated_queries_work_each_days_grid_out_once_until_the_setup_changes(
    api, manager_at_other, monkeypatch
):
    worked_out = []
    real = world.day_grid

    def counting(rule, staff, day, tz, holidays):
        worked_out.append(day)
        return real(rule, staff, day, tz, holidays)

    monkeypatch.setattr(world, "day_grid", counting)
    week = "from=2026-11-23&to=2026-11-29"
    first = starts(api, window=week)
    days = len(worked_out)
    assert days == 7
    book(api)
    # A booking changes which times are free, not the grid: no day is worked out again.
    assert len(starts(api, window=week)) == len(first) - 1
    assert len(worked_out) == days
    manager_at_other.post(
        "/api/v1/manager/staff/carl/schedule", json={"hours": {"tuesday": ["08:00-10:00"]}}
    )
    starts(api, window=week)
    assert len(worked_out) == 2 * days


def test_a_full_cache_starts_afresh_and_keeps_what_is_new(central_db):
    snapshot = SetupCache().current(central_db)
    for n in range(MAX_ENTRIES):
        snapshot.get(("old", n), lambda n=n: n)
    loads = []
    assert snapshot.get(("new",), lambda: loads.append(1) or "kept") == "kept"
    assert snapshot.get(("new",), lambda: loads.append(1) or "again") == "kept"
    assert loads == [1]
