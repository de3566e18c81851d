"""`enindgang simulate` without an arrivals file: walk-ins drawn from the planning forecast,
the booked times of the centre's replica, and the what-if page on the very same day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from centre import config as centre_config
from centre.domain import what_if
from centre.domain.simulation import DEFAULT, FORECAST, day_arrivals
from centre.store import replica
from centre.store.db import init_db
from kernel import visit_store
from kernel.clock import FixedClock, iso
from kernel.db import connect
from kernel.runtime_clock import OFFSET_VARIABLE
from tests.test_simulate import CONFIG, MONDAY, TZ, _fact, at, local, run, simulated


@pytest.fixture
def centre_toml(tmp_path, monkeypatch):
    """The test centre, with the command's clock at 08:00 on MONDAY (the forecast reads the
    weeks before the asked day's week, or before this week: here the same)."""
    path = tmp_path / "centre.toml"
    path.write_text(CONFIG, encoding="utf-8")
    offset = at("08:00") - datetime.now(UTC)
    monkeypatch.setenv(OFFSET_VARIABLE, str(offset.total_seconds()))
    return path


def _database(config_path):
    config = centre_config.load(config_path)
    init_db(config.database_path)
    return config, connect(config.database_path)


def _mondays(db, centre: str, per_hour: dict[int, tuple[int, int]]) -> None:
    """Eight Mondays of moving walk-ins: per hour (the four earlier weeks, the four recent)."""
    facts, n = [], 0
    for week in range(1, 9):
        day = MONDAY - timedelta(weeks=week)
        for hour, (earlier, recent) in per_hour.items():
            for _ in range(recent if week <= 4 else earlier):
                n += 1
                facts.append(_fact(n, "moving", day, hour, 600))
    visit_store.add_many(db, centre, facts)
    db.conn.commit()


def _booking(db, code: str, service: str, hh_mm: str, status: str = "confirmed") -> None:
    start = at(hh_mm)
    replica.upsert(
        db,
        {
            "code": code,
            "service": service,
            "start_at": iso(start),
            "end_at": iso(start + timedelta(minutes=15)),
            "status": status,
            "checked_in_at": None,
        },
        iso(at("07:00")),
    )
    db.conn.commit()


def _hour_counts(arrivals) -> dict[int, int]:
    found: dict[int, int] = {}
    for a in arrivals:
        if a.appointment_at is None:
            hour = a.at.astimezone(TZ).hour
            found[hour] = found.get(hour, 0) + 1
    return found


def test_walk_ins_follow_the_forecast_its_strong_hour_and_its_trend(centre_toml):
    config, db = _database(centre_toml)
    # 10-11: 10 a Monday four weeks back, 20 in the last four (a trend of 2); 14-15: 1 then 2.
    _mondays(db, config.id, {10: (10, 20), 14: (1, 2)})
    seeds = range(1, 13)
    days = [
        day_arrivals(db, config.id, config.catalogue(), config.hours(), MONDAY, MONDAY, seed)
        for seed in seeds
    ]
    db.close()
    assert {d.source for d in days} == {FORECAST}
    mean = {
        hour: sum(_hour_counts(d.arrivals).get(hour, 0) for d in days) / len(days)
        for hour in (9, 10, 14)
    }
    # The forecast: the 8-week mean (15 and 1.5) times the trend (2.0): 30 and 3 an hour; a
    # plain mean of the weeks would give 15 (kernel/forecast.py).
    assert 26 <= mean[10] <= 34
    assert 1 <= mean[14] <= 6
    assert mean[9] == 0  # nobody came at 9 in the history: nobody is forecast
    assert {a.service for d in days for a in d.arrivals} == {"moving"}


def test_the_command_draws_the_forecast_day_and_says_so(centre_toml, tmp_path):
    config, db = _database(centre_toml)
    _mondays(db, config.id, {10: (12, 12)})
    db.close()
    rows = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "4")["tickets"]
    assert 4 <= len(rows) <= 25
    assert all(local(r["arrived_at"]).startswith("10:") for r in rows)

    code, output = run("--config", str(centre_toml), "--day", MONDAY.isoformat(), "--seed", "4")
    assert code == 0
    assert f"{len(rows)} walk-ins from the forecast, 0 booked times" in output


def test_the_days_booked_times_check_in_as_appointment_tickets(centre_toml):
    config, db = _database(centre_toml)
    _booking(db, "AAAA1111", "passport", "10:00")
    _booking(db, "BBBB2222", "driving_licence", "11:30")
    _booking(db, "CCCC3333", "passport", "12:00", status="cancelled")
    _booking(db, "DDDD4444", "passport", "10:00")
    # Another day's booking is not this day's.
    replica.upsert(
        db,
        {
            "code": "EEEE5555",
            "service": "passport",
            "start_at": iso(at("10:00") + timedelta(days=1)),
            "end_at": iso(at("10:15") + timedelta(days=1)),
            "status": "confirmed",
            "checked_in_at": None,
        },
        iso(at("07:00")),
    )
    db.conn.commit()
    db.close()
    rows = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "3")["tickets"]
    booked = [r for r in rows if r["number"].startswith("E")]
    assert sorted((r["service"], r["number"]) for r in booked) == [
        ("driving_licence", "E003"),
        ("passport", "E001"),
        ("passport", "E002"),
    ]
    for row in booked:
        arrived = datetime.fromisoformat(row["arrived_at"])
        slot = at("11:30") if row["service"] == "driving_licence" else at("10:00")
        assert slot - timedelta(minutes=15) <= arrived <= slot
        # A due appointment goes first: called at the first counter free after its time.
        assert datetime.fromisoformat(row["called_at"]) <= slot + timedelta(minutes=20)
    # No walk-ins in the history: the walk-ins come from the default profile.
    assert len(rows) > 50


def test_without_walk_ins_in_the_history_the_default_profile_is_drawn(centre_toml):
    config, db = _database(centre_toml)
    drawn = day_arrivals(db, config.id, config.catalogue(), config.hours(), MONDAY, MONDAY, 1)
    none = day_arrivals(None, config.id, config.catalogue(), config.hours(), MONDAY, MONDAY, 1)
    db.close()
    assert drawn.source == none.source == DEFAULT
    assert drawn.arrivals == none.arrivals
    assert 150 <= drawn.walk_ins <= 250


def test_the_what_if_page_simulates_the_same_day_as_the_command(centre_toml):
    config, db = _database(centre_toml)
    _mondays(db, config.id, {10: (15, 15), 13: (8, 8)})
    # A fifth of the moving citizens called did not come: both draw the same no-shows.
    absent = [_fact(9000 + n, "moving", MONDAY - timedelta(days=7), 11, 0) for n in range(60)]
    for fact in absent:
        fact.update(status="no_show", outcome=None, service_seconds=None)
    visit_store.add_many(db, config.id, absent)
    db.conn.commit()
    _booking(db, "AAAA1111", "passport", "10:30")
    ctx = config.context(FixedClock(at("08:00")))
    compared = what_if.compare(ctx, db, MONDAY, 6, [])
    db.close()
    assert compared.source == FORECAST
    assert compared.booked == 1
    out = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "6")
    keys = ("number", "service", "arrived_at", "called_at", "actual_wait_minutes", "no_show")
    command = [{k: r[k] for k in keys} for r in out["tickets"]]
    page = [{k: r[k] for k in keys} for r in compared.planned.tickets]
    assert command == page
    assert any(r["number"] == "E001" for r in page)
    assert any(r["no_show"] for r in page)
    assert compared.planned.figures(compared.targets)["no_shows"] == sum(r["no_show"] for r in page)


def test_the_historys_share_of_missed_booked_times_stays_away(centre_toml):
    config, db = _database(centre_toml)
    facts = []
    for n in range(40):
        fact = _fact(n, "passport", MONDAY - timedelta(days=7 + n % 20), 10, 600)
        fact["channel"] = "appointment"
        if n % 2:  # half of the booked times were not used
            fact.update(status="missed", outcome=None, wait_seconds=None, service_seconds=None)
        facts.append(fact)
    visit_store.add_many(db, config.id, facts)
    db.conn.commit()
    for n in range(30):
        minutes = 10 * n
        _booking(db, f"BK{n:06d}", "passport", f"{9 + minutes // 60:02d}:{minutes % 60:02d}")
    db.close()
    rows = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "8")["tickets"]
    booked = [r for r in rows if r["number"].startswith("E")]
    assert 7 <= len(booked) <= 23  # about half of 30 (without history all come: see above)
