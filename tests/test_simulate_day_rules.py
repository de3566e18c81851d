"""`enindgang simulate`: priority tickets, no-shows and breaks on a simulated day (issue 12)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from centre import config as centre_config
from centre.sim.engine import simulate
from centre.sim.inputs import Arrival, Shift
from centre.store.db import init_db
from kernel import visit_store
from kernel.db import connect
from tests.test_simulate import (
    CONFIG,
    MONDAY,
    _fact,
    at,
    centre_of,
    fixed_minutes,
    local,
    run,
    simulated,
    write,
)


@pytest.fixture
def centre_toml(tmp_path):
    path = tmp_path / "centre.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


# --- priority tickets -------------------------------------------------------------------


def _call_order(rows: list[dict]) -> list[str]:
    called = [r for r in rows if r["called_at"] is not None]
    return [r["number"] for r in sorted(called, key=lambda r: r["called_at"])]


def test_a_priority_arrival_is_called_before_earlier_ordinary_ones(centre_toml, tmp_path):
    staff = write(tmp_path, "staff.csv", "counter,role,from,to\n1,staff,09:10,12:00\n")
    plain = "arrived_at,service,priority\n09:00,moving,\n09:01,moving,0\n09:05,moving,{}\n"

    def order(flag: str) -> list[str]:
        arrivals = write(tmp_path, "arrivals.csv", plain.format(flag))
        args = ["--arrivals", arrivals, "--staff", staff, "--day", MONDAY.isoformat()]
        return _call_order(simulated(centre_toml, *args, "--seed", "1")["tickets"])

    # Without priority the longest wait goes first; with it, the last to come is called first
    # (centre.core.routing.rank: priority before walk-ins), then the others in their order.
    assert order("0") == ["F001", "F002", "F003"]
    assert order("1") == ["F003", "F001", "F002"]
    assert order("true") == ["F003", "F001", "F002"]


def test_a_due_appointment_still_goes_before_a_priority_ticket(centre_toml):
    arrivals = [
        Arrival(at("09:00"), "moving", priority=True),
        Arrival(at("09:01"), "passport", appointment_at=at("09:10")),
    ]
    shifts = [Shift("1", "staff", at("09:10"), at("12:00"))]
    day = simulate(centre_of(centre_toml), at("00:00"), arrivals, shifts, fixed_minutes(5), 1)
    assert [number for _, number in day.calls] == ["E001", "F001"]


def test_priority_tickets_are_counted_and_predicted_as_their_own_line(centre_toml):
    arrivals = [Arrival(at("09:00") + timedelta(minutes=m), "moving") for m in range(6)]
    arrivals.append(Arrival(at("09:10"), "moving", priority=True))
    seen = {}
    day = simulate(
        centre_of(centre_toml),
        at("00:00"),
        arrivals,
        [Shift("1", "staff", at("09:00"), at("12:00"))],
        fixed_minutes(10),
        seed=1,
        on_issue=lambda view: seen.setdefault(view.ticket.number, view),
    )
    # The kiosk's "people ahead" for the priority ticket: nobody (five ordinary ones wait).
    assert seen["F007"].people_ahead == 0
    assert seen["F006"].people_ahead == 4
    priority = next(t for t in day.tickets if t.priority)
    assert priority.called_at == at("09:20")  # the first call after its arrival


def test_the_predictors_see_a_priority_ticket_as_going_first(centre_toml, tmp_path):
    lines = ["arrived_at,service,priority"]
    lines += [f"09:{m:02d},moving," for m in range(10)]
    lines.append("09:10,moving,1")
    arrivals = write(tmp_path, "arrivals.csv", "\n".join(lines) + "\n")
    staff = write(tmp_path, "staff.csv", "counter,role,from,to\n1,staff,09:00,12:00\n")
    rows = simulated(
        centre_toml,
        "--arrivals",
        arrivals,
        "--staff",
        staff,
        "--day",
        MONDAY.isoformat(),
        "--seed",
        "2",
    )["tickets"]
    by_number = {r["number"]: r for r in rows}
    urgent, last_ordinary = by_number["F011"], by_number["F010"]
    for name in ("queue_length", "routing"):
        assert (
            urgent["predicted_wait_minutes"][name] < last_ordinary["predicted_wait_minutes"][name]
        )
    # Its actual wait is the visit at the counter, not the ten before it.
    assert urgent["actual_wait_minutes"] < last_ordinary["actual_wait_minutes"]


@pytest.mark.parametrize(
    "text,says",
    [
        ("arrived_at,service,priority\n09:00,moving,maybe\n", "priority"),
        ("arrived_at,service,appointment_at,priority\n09:00,passport,09:30,1\n", "booked"),
    ],
)
def test_a_bad_priority_is_refused_with_its_line(centre_toml, tmp_path, text, says):
    path = write(tmp_path, "bad.csv", text)
    code, output = run(
        "--config", str(centre_toml), "--arrivals", path, "--day", MONDAY.isoformat(), "--seed", "1"
    )
    assert code == 2
    assert "line 2" in output and says in output


def test_priority_times_in_a_csv_keep_the_day_as_it_was(centre_toml, tmp_path):
    """A file without the column is the day it always was (and sorted by arrival)."""
    arrivals = write(tmp_path, "a.csv", "arrived_at,service\n09:30,moving\n09:00,pension\n")
    staff = write(tmp_path, "s.csv", "counter,role,from,to\n1,staff,10:00,12:00\n")
    rows = simulated(
        centre_toml,
        "--arrivals",
        arrivals,
        "--staff",
        staff,
        "--day",
        MONDAY.isoformat(),
        "--seed",
        "1",
    )["tickets"]
    assert [local(r["called_at"]) for r in rows][0] == "10:00"
    assert _call_order(rows)[0] == "N001"


# --- no-shows -----------------------------------------------------------------------------


def _moving_day(tmp_path, count: int = 40) -> str:
    lines = ["arrived_at,service"] + [f"09:{m:02d},moving" for m in range(count)]
    return write(tmp_path, "moving.csv", "\n".join(lines) + "\n")


def test_a_share_of_those_called_do_not_come_and_the_counter_calls_the_next(centre_toml, tmp_path):
    staff = write(tmp_path, "staff.csv", "counter,role,from,to\n1,staff,09:00,17:00\n")
    args = ["--arrivals", _moving_day(tmp_path), "--staff", staff, "--day", MONDAY.isoformat()]
    out = simulated(centre_toml, *args, "--no-show-share", "0.3", "--seed", "5")
    again = simulated(centre_toml, *args, "--no-show-share", "0.3", "--seed", "5")
    assert out == again
    rows = out["tickets"]
    called = sorted((r for r in rows if r["called_at"]), key=lambda r: r["called_at"])
    absent = [r for r in called if r["no_show"]]
    assert 4 <= len(absent) <= 20  # about 30 % of 40
    assert out["summary"]["no_shows"] == len(absent)
    assert out["summary"]["served"] == len(called) - len(absent)
    # After a no-show the counter calls the next two minutes later (call, recall, No-show).
    for before, after in zip(called, called[1:], strict=False):
        gap = datetime.fromisoformat(after["called_at"]) - datetime.fromisoformat(
            before["called_at"]
        )
        if before["no_show"]:
            assert gap == timedelta(minutes=2)
    # Nobody failed to come without a share (no history, no option).
    plain = simulated(centre_toml, *args, "--seed", "5")
    assert plain["summary"]["no_shows"] == 0
    assert not any(r["no_show"] for r in plain["tickets"])


def test_the_same_citizens_do_not_come_whatever_the_staffing(centre_toml):
    arrivals = [Arrival(at("09:00") + timedelta(minutes=m), "moving") for m in range(30)]

    def absent(counters: tuple[str, ...]) -> set[str]:
        shifts = [Shift(c, "staff", at("09:00"), at("17:00")) for c in counters]
        day = simulate(
            centre_of(centre_toml),
            at("00:00"),
            arrivals,
            shifts,
            fixed_minutes(10),
            seed=3,
            no_shows={"moving": 0.25},
        )
        return {t.number for t in day.tickets if t.no_show and t.called_at is not None}

    one, two = absent(("1",)), absent(("1", "2"))
    assert one and one == two


def test_without_the_option_the_historys_no_show_share_per_service_is_used(centre_toml, tmp_path):
    config = centre_config.load(centre_toml)
    init_db(config.database_path)
    db = connect(config.database_path)
    facts = []
    for n in range(60):
        fact = _fact(n, "moving", MONDAY - timedelta(days=7 + n % 14), 10, 600)
        if n % 2:  # half of those called did not come
            fact.update(status="no_show", outcome=None, service_seconds=None)
        facts.append(fact)
    visit_store.add_many(db, config.id, facts)
    db.conn.commit()
    db.close()
    lines = ["arrived_at,service"]
    lines += [f"09:{m:02d},moving" for m in range(40)]
    lines += [f"10:{m:02d},pension" for m in range(20)]
    arrivals = write(tmp_path, "a.csv", "\n".join(lines) + "\n")
    staff = write(tmp_path, "s.csv", "counter,role,from,to\n1,staff,09:00,17:00\n")
    rows = simulated(
        centre_toml,
        "--arrivals",
        arrivals,
        "--staff",
        staff,
        "--day",
        MONDAY.isoformat(),
        "--seed",
        "2",
    )["tickets"]
    moving = [r["no_show"] for r in rows if r["service"] == "moving" and r["called_at"]]
    pension = [r["no_show"] for r in rows if r["service"] == "pension" and r["called_at"]]
    assert 10 <= sum(moving) <= 30  # about half of 40
    assert pension and not any(pension)  # no history of pension: nobody stays away


# --- breaks -------------------------------------------------------------------------------


def test_a_gap_between_a_counters_rows_is_a_break_and_the_visit_under_way_finishes(
    centre_toml, tmp_path
):
    lines = ["arrived_at,service"] + [
        f"{9 + m // 60:02d}:{m % 60:02d},moving" for m in range(0, 240, 4)
    ]
    arrivals = write(tmp_path, "a.csv", "\n".join(lines) + "\n")
    staff = write(
        tmp_path, "s.csv", "counter,role,from,to\n1,staff,09:00,11:30\n1,staff,12:00,15:00\n"
    )
    rows = simulated(
        centre_toml,
        "--arrivals",
        arrivals,
        "--staff",
        staff,
        "--day",
        MONDAY.isoformat(),
        "--seed",
        "1",
    )["tickets"]
    calls = sorted(datetime.fromisoformat(r["called_at"]) for r in rows if r["called_at"])
    # Nobody is called during the break, though the queue is long.
    assert not [c for c in calls if at("11:30") <= c < at("12:00")]
    before = [c for c in calls if c < at("11:30")]
    after = [c for c in calls if c >= at("12:00")]
    assert before and after
    # The counter's next call is at 12:00, or later if the visit under way at 11:30 is still
    # running then (it is finished, not cut short), never during the break.
    assert after[0] >= at("12:00")
    assert after[0] - at("12:00") < timedelta(hours=1)
    assert len(after) > 3


def test_a_visit_under_way_at_the_start_of_a_break_is_finished(centre_toml):
    arrivals = [Arrival(at("11:20"), "moving"), Arrival(at("11:21"), "moving")]
    shifts = [
        Shift("1", "staff", at("09:00"), at("11:30")),
        Shift("1", "staff", at("12:00"), at("15:00")),
    ]
    seen_at_break = []
    day = simulate(
        centre_of(centre_toml),
        at("00:00"),
        [*arrivals, Arrival(at("11:45"), "pension")],
        shifts,
        fixed_minutes(20),
        seed=1,
        on_issue=lambda view: seen_at_break.append(view.counters),
    )
    first, second, third = day.tickets
    assert first.called_at == at("11:20")
    # 11:20 + 20 minutes runs into the break: the visit goes on to 11:40, then nobody is
    # called until the counter opens again at 12:00, and the longest wait goes first.
    assert second.called_at == at("12:00")
    assert third.called_at == at("12:20")
    # At 11:45 the kiosk sees no staffed counter (the person is on a break).
    assert seen_at_break[-1] == ()
