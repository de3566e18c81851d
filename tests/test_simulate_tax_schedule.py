"""`enindgang simulate` without a staff file seats the tax secondees when the day's schedule
says: central's as the centre synced it, else the config's [tax] rota (issue 12)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from click.testing import CliRunner

from centre import config as centre_config
from centre.core.tax_presence import parse_schedule, period_rows
from centre.domain import tax_presence, what_if
from centre.sim.inputs import Shift, default_staff
from centre.store import tax_schedule
from centre.store.db import init_db
from enindgang.cli import main
from kernel.clock import iso
from kernel.db import connect, write_transaction
from kernel.runtime_clock import OFFSET_VARIABLE
from tests.conftest import centre_raw
from tests.test_simulate import CONFIG, MONDAY, TZ, at, local, write

# Tax decisions from the morning on; a secondee is expected later, so the kiosk gives numbers.
ARRIVALS = "arrived_at,service\n" + "".join(
    f"{hh_mm},tax_decision\n" for hh_mm in ("09:05", "09:40", "10:15", "11:00", "12:30")
)


def synced(config_path, periods: list[tuple[str, str, int]], synced_at: datetime) -> None:
    """The centre's database holds central's schedule of MONDAY (and the day after), as the
    sync agent stores central's answer."""
    config = centre_config.load(config_path)
    init_db(config.database_path)
    answer = {
        "days": [
            {
                "day": MONDAY.isoformat(),
                "periods": [
                    {"from": at(a).isoformat(), "to": at(b).isoformat(), "secondees": n}
                    for a, b, n in periods
                ],
            },
            {"day": (MONDAY + timedelta(days=1)).isoformat(), "periods": []},
        ]
    }
    days = parse_schedule(answer)
    rows = [(d, iso(s), iso(e), n) for d, s, e, n in period_rows(days)]
    db = connect(config.database_path)
    with write_transaction(db):
        first, last = days[0].day.isoformat(), days[-1].day.isoformat()
        tax_schedule.replace(db, first, last, rows, iso(synced_at))
    db.close()


def decisions_called(config_path, monkeypatch) -> list[str]:
    """The local times tax decisions were called on a simulated MONDAY, the command's clock at
    08:00 that morning."""
    monkeypatch.setenv(OFFSET_VARIABLE, str((at("08:00") - datetime.now(UTC)).total_seconds()))
    arrivals = write(config_path.parent, "arrivals.csv", ARRIVALS)
    args = ["simulate", "--config", str(config_path), "--arrivals", arrivals]
    result = CliRunner().invoke(main, [*args, "--day", MONDAY.isoformat(), "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["tickets"]
    assert [r["service"] for r in rows] == ["tax_decision"] * 5  # none refused
    return sorted(local(r["called_at"]) for r in rows if r["called_at"] is not None)


def test_a_secondee_synced_from_noon_calls_no_tax_decision_before_noon(tmp_path, monkeypatch):
    config = tmp_path / "centre.toml"
    config.write_text(CONFIG, encoding="utf-8")
    # Without a schedule the tax counter has a secondee all day: the morning's are called then.
    assert decisions_called(config, monkeypatch)[0] < "10:00"
    synced(config, [("12:00", "17:00", 1)], at("07:30"))
    called = decisions_called(config, monkeypatch)
    assert len(called) == 5
    assert all(t >= "12:00" for t in called), called


def test_the_synced_schedule_wins_over_the_configs_rota(tmp_path, monkeypatch):
    config = tmp_path / "centre.toml"
    config.write_text(CONFIG + '[tax]\nscheduled = { monday = "09:00-17:00" }\n', encoding="utf-8")
    synced(config, [("13:00", "17:00", 1)], at("07:30"))
    called = decisions_called(config, monkeypatch)
    assert called and all(t >= "13:00" for t in called), called


def test_without_a_sync_the_configs_rota_seats_the_secondee(tmp_path, monkeypatch):
    config = tmp_path / "centre.toml"
    config.write_text(CONFIG + '[tax]\nscheduled = { monday = "11:00-17:00" }\n', encoding="utf-8")
    called = decisions_called(config, monkeypatch)
    assert called and all(t >= "11:00" for t in called), called


def test_a_schedule_synced_too_long_ago_is_not_followed(tmp_path, monkeypatch):
    # As at the kiosk: a sync older than a day does not say who comes (the config's rota or,
    # without one, a secondee all day).
    config = tmp_path / "centre.toml"
    config.write_text(CONFIG, encoding="utf-8")
    synced(config, [("12:00", "17:00", 1)], at("08:00") - timedelta(days=2))
    assert decisions_called(config, monkeypatch)[0] < "10:00"


def test_the_second_tax_desk_is_taken_while_two_secondees_are_scheduled(tmp_path):
    counters = {
        "1": {},
        "7": {"services": ["tax_questions", "tax_decision"]},
        "8": {"services": ["tax_decision"]},
    }
    config = centre_config.from_dict(centre_raw(counters=counters), tmp_path)
    periods = [(at("08:00"), at("13:00"), 1), (at("13:00"), at("15:00"), 2)]
    periods.append((at("15:00"), at("18:00"), 1))
    shifts = default_staff(config.counters, config.catalogue(), config.hours(), MONDAY, periods)
    assert shifts == [
        # The tests' centre opens 10:00-17:00 on Mondays.
        Shift("1", "staff", at("10:00"), at("17:00")),
        # One person through the opening hours (the periods meet), within them.
        Shift("7", "tax", at("10:00"), at("17:00")),
        Shift("8", "tax", at("13:00"), at("15:00")),
    ]


@pytest.fixture
def config(tmp_path):
    """Two counters for everyone and one tax counter (the what-if page's centre)."""
    counters = {"1": {}, "2": {}, "skat": {"services": ["tax_questions", "tax_decision"]}}
    return centre_config.from_dict(centre_raw(counters=counters), tmp_path, tmp_path / "var")


def test_the_what_if_page_plans_the_day_by_the_synced_schedule(ctx, db):
    # Central's schedule synced today (Tuesday 24 November) for the week to Monday 30.
    days = [date(2026, 11, 24) + timedelta(days=n) for n in range(7)]
    answer = {"days": [{"day": d.isoformat(), "periods": []} for d in days]}
    answer["days"][-1]["periods"] = [
        {"from": at("12:00").isoformat(), "to": at("17:00").isoformat(), "secondees": 1}
    ]
    tax_presence.store_schedule(ctx, db, answer)
    planned = what_if.compare(ctx, db, MONDAY, 4, []).planned.result
    decisions = [t for t in planned.tickets if t.service == "tax_decision"]
    called = [t.called_at.astimezone(TZ).time() for t in decisions if t.called_at is not None]
    assert called and min(called) >= time(12, 0), called
