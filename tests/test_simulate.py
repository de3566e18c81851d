"""`enindgang simulate`: a centre's day through the product's own queue rules (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from centre import config as centre_config
from centre.domain.manage import update_service
from centre.sim.engine import Centre, simulate
from centre.sim.inputs import Arrival, Shift
from centre.store.db import init_db
from enindgang.cli import main
from kernel import visit_store
from kernel.clock import FixedClock
from kernel.db import connect
from kernel.reports import nearest_rank

TZ = ZoneInfo("Europe/Copenhagen")
MONDAY = date(2026, 11, 30)
CONFIG = """
[centre]
id = "simtest"
name = "Simulated centre"
data_dir = "var"
[opening_hours]
monday = "09:00-17:00"
tuesday = "09:00-17:00"
[counters]
"1" = {}
"2" = {}
"6" = { services = ["tax_questions", "tax_decision"] }
"""


@pytest.fixture
def centre_toml(tmp_path):
    path = tmp_path / "centre.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["simulate", *args])
    return result.exit_code, result.output


def simulated(config, *args: str) -> dict:
    code, output = run("--config", str(config), "--json", *args)
    assert code == 0, output
    return json.loads(output)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text.lstrip(), encoding="utf-8")
    return str(path)


def at(hh_mm: str) -> datetime:
    return datetime.combine(MONDAY, time.fromisoformat(hh_mm), TZ)


def local(row_time: str) -> str:
    return datetime.fromisoformat(row_time).astimezone(TZ).strftime("%H:%M")


def centre_of(config_path, weights=None) -> Centre:
    config = centre_config.load(config_path)
    return Centre(config.catalogue(), config.counters, config.hours(), "E", weights or {})


def fixed_minutes(minutes: float):
    return lambda service, rng: minutes * 60.0


def test_the_same_seed_gives_the_same_day_and_another_seed_another(centre_toml):
    first = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "7")
    again = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "7")
    other = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "8")
    assert first == again
    assert first != other
    assert first["summary"]["served"] > 50
    assert set(first) == {"tickets", "predictors", "chosen", "summary"}
    assert set(first["tickets"][0]) == {
        "number",
        "service",
        "arrived_at",
        "called_at",
        "actual_wait_minutes",
        "predicted_wait_minutes",
        "shown_range_minutes",
    }


def test_the_same_seed_gives_the_same_day_in_separate_processes(centre_toml):
    """Python orders sets differently in each process: the day must not depend on it."""
    outputs = []
    for hash_seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "enindgang", "simulate", "--config", str(centre_toml)]
            + ["--day", MONDAY.isoformat(), "--seed", "5", "--json"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["tickets"]


def test_the_managers_service_weight_changes_who_is_called_first(centre_toml, tmp_path):
    arrivals = write(
        tmp_path,
        "arrivals.csv",
        "arrived_at,service\n09:00,moving\n09:02,health_card\n",
    )
    staff = write(tmp_path, "staff.csv", "counter,role,from,to\n1,staff,09:10,12:00\n")
    args = ["--arrivals", arrivals, "--staff", staff, "--day", MONDAY.isoformat(), "--seed", "1"]

    def call_order() -> list[str]:
        rows = simulated(centre_toml, *args)["tickets"]
        return [r["number"] for r in sorted(rows, key=lambda r: r["called_at"])]

    assert call_order() == ["F001", "H001"]  # the longest wait first
    config = centre_config.load(centre_toml)
    init_db(config.database_path)
    db = connect(config.database_path)
    ctx = config.context(FixedClock(at("08:00")))
    update_service(ctx, db, "health_card", {"weight": 3}, by="manager")
    db.close()
    # 8 minutes at weight 3 count more than 10 at weight 1: the health card goes first.
    assert call_order() == ["H001", "F001"]


def test_a_tax_decision_is_served_only_at_a_tax_secondees_counter(centre_toml):
    arrivals = [Arrival(at("09:00") + timedelta(minutes=m), "tax_decision") for m in range(6)]
    arrivals += [Arrival(at("09:00") + timedelta(minutes=m), "moving") for m in range(6)]
    shifts = [
        Shift("1", "staff", at("09:00"), at("17:00")),
        Shift("2", "staff", at("09:00"), at("17:00")),
        Shift("6", "tax", at("11:00"), at("17:00")),
    ]
    day = simulate(centre_of(centre_toml), at("00:00"), arrivals, shifts, fixed_minutes(10), seed=1)
    by_number = {t.number: t for t in day.tickets}
    decisions = [t for t in day.tickets if t.service == "tax_decision"]
    assert len(decisions) == 6
    assert {t.counter for t in decisions} == {"6"}
    assert all(t.called_at >= at("11:00") for t in decisions)
    # Meanwhile counters 1 and 2 served the walk-ins they may serve.
    assert {by_number[n].service for c, n in day.calls if c in ("1", "2")} == {"moving"}


def test_without_a_secondee_nobody_decides_tax_cases(centre_toml, tmp_path):
    arrivals = write(tmp_path, "a.csv", "arrived_at,service\n09:05,tax_decision\n09:06,moving\n")
    staff = write(tmp_path, "s.csv", "counter,role,from,to\n1,staff,09:00,17:00\n")
    rows = simulated(
        centre_toml, "--arrivals", arrivals, "--staff", staff, "--day", "2026-11-30", "--seed", "1"
    )["tickets"]
    called = {r["service"]: r["called_at"] for r in rows}
    assert called["moving"] is not None
    assert called["tax_decision"] is None


def test_an_appointment_is_called_at_its_time_ahead_of_earlier_walk_ins(centre_toml):
    walk_ins = [Arrival(at("09:00") + timedelta(minutes=2 * m), "moving") for m in range(45)]
    booked = Arrival(at("09:40"), "passport", appointment_at=at("10:00"))
    shifts = [Shift("1", "staff", at("09:00"), at("17:00"))]
    day = simulate(
        centre_of(centre_toml), at("00:00"), [*walk_ins, booked], shifts, fixed_minutes(5), 1
    )
    ticket = next(t for t in day.tickets if t.service == "passport")
    assert ticket.number == "E001"
    # Not before its time less the five-minute lead while walk-ins wait, but then at once.
    assert ticket.called_at == at("09:55")
    waiting_before = [
        t for t in day.tickets if t.appointment_at is None and t.arrived_at < at("09:40")
    ]
    assert any(t.called_at > ticket.called_at for t in waiting_before)


def test_with_nobody_at_a_counter_nobody_is_served_and_the_queue_only_grows(centre_toml):
    arrivals = [Arrival(at("09:00") + timedelta(minutes=m), "moving") for m in range(20)]
    seen: list[int] = []
    day = simulate(
        centre_of(centre_toml),
        at("00:00"),
        arrivals,
        [],
        fixed_minutes(5),
        seed=1,
        on_issue=lambda view: seen.append(view.people_ahead),
    )
    assert day.tickets and all(t.called_at is None for t in day.tickets)
    # Each new ticket finds everyone before it still waiting.
    assert seen == list(range(len(day.tickets)))


def test_no_staff_file_rows_means_no_one_served_at_the_command_line(centre_toml, tmp_path):
    staff = write(tmp_path, "nobody.csv", "counter,role,from,to\n")
    out = simulated(centre_toml, "--staff", staff, "--day", MONDAY.isoformat(), "--seed", "3")
    assert out["tickets"]
    assert out["summary"]["served"] == 0
    assert out["summary"]["wait_mean_minutes"] is None
    assert all(r["called_at"] is None for r in out["tickets"])


def test_the_arrivals_and_staff_files_are_the_day_simulated(centre_toml, tmp_path):
    arrivals = write(
        tmp_path,
        "arrivals.csv",
        "arrived_at,service,appointment_at\n"
        "09:30,moving,\n"
        "2026-11-30T10:15:00+01:00,pension,\n"
        "10:20,driving_licence,10:30\n",
    )
    staff = write(tmp_path, "staff.csv", "counter,role,from,to\n2,staff,11:00,12:00\n")
    out = simulated(centre_toml, "--arrivals", arrivals, "--staff", staff, "--seed", "1")
    rows = out["tickets"]
    assert [(r["service"], local(r["arrived_at"])) for r in rows] == [
        ("moving", "09:30"),
        ("pension", "10:15"),
        ("driving_licence", "10:20"),
    ]
    assert [r["number"] for r in rows] == ["F001", "N001", "E001"]
    # Only counter 2 from 11:00 works: the booked time first, then the longest wait.
    called = sorted(rows, key=lambda r: r["called_at"])
    assert local(called[0]["called_at"]) == "11:00"
    assert [r["service"] for r in called][0] == "driving_licence"


@pytest.mark.parametrize(
    "option,text,says",
    [
        ("--arrivals", "arrived_at,service\n09:00,no_such_service\n", "line 2"),
        ("--arrivals", "when,what\n09:00,moving\n", "arrived_at"),
        ("--arrivals", "arrived_at,service\nlunchtime,moving\n", "line 2"),
        ("--staff", "counter,role,from,to\n1,boss,09:00,10:00\n", "role"),
        ("--staff", "counter,role,from,to\n9,staff,09:00,10:00\n", "no counter '9'"),
        ("--staff", "counter,role,from,to\n1,staff,12:00,10:00\n", "after"),
        ("--staff", "counter,role,from,to\n1,staff,09:00,12:00\n1,tax,11:00,13:00\n", "at once"),
    ],
)
def test_a_bad_csv_is_refused_with_a_clear_message(centre_toml, tmp_path, option, text, says):
    path = write(tmp_path, "bad.csv", text)
    code, output = run(
        "--config", str(centre_toml), option, path, "--day", "2026-11-30", "--seed", "1"
    )
    assert code == 2
    assert says in output
    assert option in output
    assert "Traceback" not in output


def test_the_summary_is_the_arithmetic_of_the_ticket_rows(centre_toml):
    out = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "11")
    rows = out["tickets"]
    waits = sorted(r["actual_wait_minutes"] for r in rows if r["actual_wait_minutes"] is not None)
    catalogue = centre_config.load(centre_toml).catalogue()
    target = {s.id: s.target_wait_minutes for s in catalogue.services}
    within = [
        r
        for r in rows
        if r["actual_wait_minutes"] is not None and r["actual_wait_minutes"] <= target[r["service"]]
    ]
    summary = out["summary"]
    assert summary["served"] == len(waits) == sum(r["called_at"] is not None for r in rows)
    assert summary["wait_mean_minutes"] == round(sum(waits) / len(waits), 2)
    assert summary["wait_p90_minutes"] == nearest_rank([(w, 1) for w in waits], len(waits), 0.9)
    assert summary["within_target_share"] == round(len(within) / len(waits), 3)
    for r in rows:
        if r["called_at"] is not None:
            gone = datetime.fromisoformat(r["called_at"]) - datetime.fromisoformat(r["arrived_at"])
            assert r["actual_wait_minutes"] == round(gone.total_seconds() / 60, 2)


def test_numbers_are_the_kiosks_letter_and_daily_sequence_per_service(centre_toml):
    rows = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "5")["tickets"]
    catalogue = centre_config.load(centre_toml).catalogue()
    for service in catalogue.services:
        numbers = [r["number"] for r in rows if r["service"] == service.id]
        assert numbers == [f"{service.prefix}{n:03d}" for n in range(1, len(numbers) + 1)]


def test_without_a_staff_file_the_tax_counter_has_a_secondee(centre_toml):
    rows = simulated(centre_toml, "--day", MONDAY.isoformat(), "--seed", "2")["tickets"]
    decisions = [r for r in rows if r["service"] == "tax_decision"]
    assert decisions and any(r["called_at"] is not None for r in decisions)


def _fact(n: int, service: str, day: date, hour: int, service_seconds: int) -> dict:
    moment = datetime.combine(day, time(hour, 10), TZ)
    return {
        "id": f"test:{n}",
        "at": moment.isoformat(),
        "day": day.isoformat(),
        "hour": hour,
        "weekday": day.weekday(),
        "service": service,
        "channel": "kiosk",
        "status": "served",
        "outcome": "resolved",
        "handed_to": None,
        "task": "ki-vejvisning",
        "administration": "KK",
        "level": 1,
        "tasks": ["ki-vejvisning"],
        "wait_seconds": 60,
        "service_seconds": service_seconds,
        "wait_shown_low": None,
        "wait_shown_high": None,
    }


def test_history_gives_the_arrivals_and_the_service_times(centre_toml, tmp_path):
    config = centre_config.load(centre_toml)
    init_db(config.database_path)
    db = connect(config.database_path)
    facts = []
    for week in range(1, 5):
        monday = MONDAY - timedelta(weeks=week)
        facts += [_fact(week * 100 + n, "moving", monday, 10, 900) for n in range(12)]
    visit_store.add_many(db, config.id, facts)
    db.conn.commit()
    db.close()
    staff = write(tmp_path, "one.csv", "counter,role,from,to\n1,staff,09:00,17:00\n")
    rows = simulated(centre_toml, "--staff", staff, "--day", MONDAY.isoformat(), "--seed", "4")[
        "tickets"
    ]
    # About twelve moving walk-ins, all between 10 and 11 as on the Mondays before.
    assert 4 <= len(rows) <= 25
    assert {r["service"] for r in rows} == {"moving"}
    assert all(local(r["arrived_at"]).startswith("10:") for r in rows)
    # Every visit took 15 minutes in the history: one counter calls every 15 minutes.
    calls = sorted(datetime.fromisoformat(r["called_at"]) for r in rows if r["called_at"])
    gaps = {b - a for a, b in zip(calls, calls[1:], strict=False)}
    assert gaps and min(gaps) >= timedelta(minutes=15)


def test_the_kiosk_refuses_a_tax_decision_once_no_secondee_is_here_or_expected(tmp_path):
    toml = tmp_path / "taxed.toml"
    toml.write_text(CONFIG + '[tax]\nscheduled = { monday = "09:00-12:00" }\n', encoding="utf-8")
    arrivals = write(
        tmp_path, "a.csv", "arrived_at,service\n11:00,tax_decision\n13:00,tax_decision\n"
    )
    staff = write(tmp_path, "s.csv", "counter,role,from,to\n1,staff,09:00,17:00\n")
    args = ["--arrivals", arrivals, "--staff", staff, "--day", MONDAY.isoformat(), "--seed", "1"]
    rows = simulated(toml, *args)["tickets"]
    # At 11:00 a secondee is still on the rota; at 13:00 none is here or expected.
    assert [local(r["arrived_at"]) for r in rows] == ["11:00"]
    code, output = run("--config", str(toml), *args)
    assert code == 0
    assert "1 no_tax_secondee" in output
