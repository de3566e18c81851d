"""Wait estimates that prove themselves (issue 12): the predictors on hand-built queues, the
range a citizen is shown, and their errors as `enindgang simulate --json` prints them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from centre import config as centre_config
from centre.core.predictors import (
    PREDICTORS,
    CounterState,
    QueueState,
    head_of_line,
    last_called,
    predict_all,
    queue_length,
    routing,
)
from centre.core.routing import Candidate
from centre.core.wait_range import MAX_WIDTH_MINUTES, in_range, shown_range
from centre.core.waits import estimate_wait_minutes
from centre.sim.accuracy import Recorder, choose, errors, queue_state
from centre.sim.draw import service_times
from centre.sim.engine import Centre, simulate
from centre.sim.inputs import Arrival, Shift, day_start, read_arrivals, read_staff
from enindgang.cli import main

TZ = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 30, 11, 0, tzinfo=TZ)
EVERYTHING = frozenset({"moving", "health_card", "pension"})
TAX = frozenset({"tax_questions", "tax_decision"})
MEANS = {"moving": 10.0, "health_card": 6.0, "pension": 8.0, "tax_decision": 20.0}
DAYS = Path(__file__).resolve().parent.parent / "centre" / "sim" / "days"


def ticket(number: str, service: str, minutes_ago: float, due: datetime | None = None):
    return Candidate(
        id=number,
        service=service,
        arrived_at=NOW - timedelta(minutes=minutes_ago),
        number=number,
        due_at=due,
    )


def busy(counter: str, since_minutes: float, mean: float, services=EVERYTHING, **more):
    return CounterState(
        counter, "staff", services, NOW - timedelta(minutes=since_minutes), mean, **more
    )


def free(counter: str, services=EVERYTHING, staff="staff"):
    return CounterState(counter, staff, services)


def state(new, waiting=(), counters=(), last=None, weights=None) -> QueueState:
    return QueueState(
        now=NOW,
        ticket=new,
        waiting=tuple(waiting),
        counters=tuple(counters),
        last_wait_minutes=last or {},
        service_minutes=MEANS,
        weights=weights or {},
    )


# --- each predictor on hand-built queues -------------------------------------------------


def test_with_a_counter_idle_every_predictor_says_no_wait_whatever_came_before():
    # The last moving citizen waited 30 minutes, but counter 2 is idle now.
    s = state(
        ticket("F010", "moving", 0),
        counters=[busy("1", 2, 10), free("2")],
        last={"moving": 30.0},
    )
    assert predict_all(s) == {name: 0.0 for name in PREDICTORS}


def test_queue_length_is_the_products_own_estimate():
    ahead = [ticket(f"F00{n}", "moving", 10 - n) for n in range(4)]
    ahead.append(ticket("H001", "health_card", 9))  # another service: not ahead in this queue
    s = state(ticket("F010", "moving", 0), ahead, [busy("1", 1, 10), busy("2", 3, 10)])
    assert queue_length(s) == estimate_wait_minutes(4, 10.0, 2) == 20


def test_last_called_is_the_wait_of_the_last_citizen_called_for_that_service():
    s = state(
        ticket("F010", "moving", 0),
        [ticket("F009", "moving", 3)],
        [busy("1", 1, 10)],
        last={"moving": 17.5, "health_card": 2.0},
    )
    assert last_called(s) == 17.5
    # Before anyone of the service was called today: the queue-length estimate.
    before = state(ticket("H002", "health_card", 0), [ticket("H001", "health_card", 3)])
    before = replace(before, counters=(busy("1", 1, 10),))
    assert last_called(before) == queue_length(before) == 6.0


def test_head_of_line_is_how_long_the_head_of_that_service_has_waited():
    waiting = [
        ticket("H001", "health_card", 25),  # another service's head waited longer
        ticket("F001", "moving", 12),
        ticket("F002", "moving", 5),
    ]
    s = state(ticket("F003", "moving", 0), waiting, [busy("1", 4, 10), busy("2", 1, 10)])
    assert head_of_line(s) == pytest.approx(12.0)


def test_with_nobody_waiting_but_every_counter_busy_the_wait_is_the_next_counter_free():
    # Counter 1 expects its visit to end in 6 minutes (10-minute mean, 4 gone), counter 2 in 9.
    s = state(ticket("F001", "moving", 0), [], [busy("1", 4, 10), busy("2", 1, 10)])
    assert head_of_line(s) == pytest.approx(6.0)
    assert routing(s) == pytest.approx(6.0)


def test_routing_counts_the_visit_at_the_counter_and_everyone_called_before():
    # One counter, mid-way into a 10-minute visit, three moving citizens ahead: 5 + 3 x 10.
    ahead = [ticket(f"F00{n}", "moving", 9 - n) for n in range(1, 4)]
    s = state(ticket("F004", "moving", 0), ahead, [busy("1", 5, 10)])
    assert routing(s) == pytest.approx(35.0)
    assert queue_length(s) == 30.0  # the product's estimate forgets the visit going on


def test_routing_sends_a_tax_decision_only_to_a_counter_that_may_take_it():
    # Counter 1 frees in 5 minutes but may not take tax decisions; the tax desk in 15.
    s = state(
        ticket("S001", "tax_decision", 0),
        [ticket("F001", "moving", 2)],
        [busy("1", 9, 10), busy("6", 5, 20, services=TAX)],
    )
    assert routing(s) == pytest.approx(15.0)


def test_routing_follows_the_managers_weights_as_the_real_call_next():
    # A health card waited 8 minutes, a moving citizen 10; one counter frees in 2 minutes.
    waiting = [ticket("F001", "moving", 10), ticket("H001", "health_card", 8)]
    new = ticket("H002", "health_card", 0)
    counters = [busy("1", 0, 2)]
    # Longest wait first: moving (10 min), then H001 (6), then this one.
    assert routing(state(new, waiting, counters)) == pytest.approx(2 + 10 + 6)
    # Health cards weighted 3: both health cards go before the moving citizen.
    assert routing(state(new, waiting, counters, weights={"health_card": 3})) == pytest.approx(
        2 + 6
    )


def test_routing_knows_a_counter_that_closes_before_it_would_get_there():
    ahead = [ticket("F001", "moving", 5), ticket("F002", "moving", 4)]
    counters = [
        busy("1", 9, 10, until=NOW + timedelta(minutes=7)),  # stops calling at 11:07
        busy("2", 0, 10),
    ]
    # Counter 1 calls F001 at 11:05 and nobody after 11:07; counter 2 calls F002 at 11:10
    # and this one at 11:20 (were counter 1 staying, it would call this one at 11:15).
    assert routing(state(ticket("F003", "moving", 0), ahead, counters)) == pytest.approx(20.0)


def test_a_visit_past_its_mean_is_expected_to_run_half_a_mean_more():
    # 14 minutes into a 10-minute visit: the counter is expected free in 5 minutes, not now.
    s = state(ticket("F001", "moving", 0), [], [busy("1", 14, 10)])
    assert routing(s) == head_of_line(s) == pytest.approx(5.0)


def test_routing_without_any_counter_for_the_service_falls_back_to_the_queue_length():
    s = state(ticket("S001", "tax_decision", 0), [], [busy("1", 1, 10)])
    assert routing(s) == head_of_line(s) == queue_length(s)


# --- the range shown ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "estimate,shown",
    [(0, (0, 5)), (2.49, (0, 5)), (2.5, (0, 10)), (7.4, (0, 10)), (7.5, (5, 15)), (12, (5, 15))]
    + [(12.5, (10, 20)), (41, (35, 45))],
)
def test_the_shown_range_is_the_estimate_to_the_nearest_five_minutes_five_either_side(
    estimate, shown
):
    assert shown_range(estimate) == shown


def test_every_shown_range_holds_its_estimate_and_is_at_most_ten_minutes_wide():
    for tenth in range(0, 2400):
        estimate = tenth / 10
        low, high = shown_range(estimate)
        assert low <= estimate <= high
        assert 0 < high - low <= MAX_WIDTH_MINUTES == 10
        assert low % 5 == 0 and high % 5 == 0 and low >= 0


def test_a_wait_on_the_edge_of_the_range_is_inside_it():
    assert in_range(15.0, (5, 15)) and in_range(5.0, (5, 15))
    assert not in_range(15.01, (5, 15)) and not in_range(4.99, (5, 15))


# --- the errors, from rows ---------------------------------------------------------------


def row(actual, **predicted):
    return {"actual_wait_minutes": actual, "predicted_wait_minutes": predicted}


def test_the_errors_leave_out_tickets_never_called_and_the_lowest_mae_is_chosen():
    rows = [
        row(10.0, queue_length=4.0, last_called=9.0, head_of_line=12.0, routing=10.0),
        row(20.0, queue_length=8.0, last_called=26.0, head_of_line=20.0, routing=18.0),
        row(None, queue_length=0.0, last_called=90.0, head_of_line=90.0, routing=90.0),
    ]
    found = errors(rows)
    # 4 shows 0-10 (holds 10), 8 shows 5-15 (not 20); 9 shows 5-15, 26 shows 20-30.
    assert found["queue_length"] == {"mae_minutes": 9.0, "within_range_share": 0.5}
    assert found["last_called"] == {"mae_minutes": 3.5, "within_range_share": 1.0}
    assert found["head_of_line"] == {"mae_minutes": 1.0, "within_range_share": 1.0}
    assert found["routing"] == {"mae_minutes": 1.0, "within_range_share": 1.0}
    # head_of_line and routing tie at 1.0: the earlier in the stated order wins.
    assert choose(found) == "head_of_line"
    assert list(PREDICTORS) == ["queue_length", "last_called", "head_of_line", "routing"]


def test_with_nothing_called_there_is_no_error_and_the_products_estimate_stays():
    found = errors([row(None, queue_length=1.0, last_called=1.0, head_of_line=1.0, routing=1.0)])
    assert found["routing"] == {"mae_minutes": None, "within_range_share": None}
    assert choose(found) == "queue_length"


def simulate_day(day: str, seed: int) -> dict:
    args = ["simulate", "--config", str(DAYS / "centre.toml"), "--arrivals"]
    args += [str(DAYS / f"{day}.csv"), "--staff", str(DAYS / f"{day}-staff.csv")]
    result = CliRunner().invoke(main, [*args, "--seed", str(seed), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_printed_errors_are_the_arithmetic_of_the_printed_rows():
    out = simulate_day("noon-close", 3)
    called = [t for t in out["tickets"] if t["actual_wait_minutes"] is not None]
    assert 0 < len(called) < len(out["tickets"])  # some were never called: left out
    for name in PREDICTORS:
        gaps = [abs(t["predicted_wait_minutes"][name] - t["actual_wait_minutes"]) for t in called]
        inside = [
            t
            for t in called
            if shown_range(t["predicted_wait_minutes"][name])[0]
            <= t["actual_wait_minutes"]
            <= shown_range(t["predicted_wait_minutes"][name])[1]
        ]
        assert out["predictors"][name] == {
            "mae_minutes": round(sum(gaps) / len(gaps), 2),
            "within_range_share": round(len(inside) / len(called), 3),
        }
    lowest = min(out["predictors"][n]["mae_minutes"] for n in PREDICTORS)
    assert out["predictors"][out["chosen"]]["mae_minutes"] == lowest
    for t in out["tickets"]:
        assert t["shown_range_minutes"] == list(
            shown_range(t["predicted_wait_minutes"][out["chosen"]])
        )


def test_the_same_seed_gives_the_same_estimates_and_errors():
    first, again = simulate_day("busy-monday", 2), simulate_day("busy-monday", 2)
    assert first["tickets"] == again["tickets"]
    assert (first["predictors"], first["chosen"]) == (again["predictors"], again["chosen"])
    assert set(first) == {"tickets", "predictors", "chosen", "summary"}
    assert set(first["tickets"][0]["predicted_wait_minutes"]) == set(PREDICTORS)


@pytest.mark.parametrize("day", ["quiet", "busy-monday", "noon-close"])
def test_the_standard_days_are_simulated_and_every_predictor_measured(day):
    out = simulate_day(day, 1)
    assert out["summary"]["served"] > 50
    for name in PREDICTORS:
        assert out["predictors"][name]["mae_minutes"] is not None


def standard_day(day: str):
    config = centre_config.load(DAYS / "centre.toml")
    catalogue, tz = config.catalogue(), config.tz
    arrivals = read_arrivals((DAYS / f"{day}.csv").read_text(), None, tz, catalogue)
    the_day = arrivals[0].at.astimezone(tz).date()
    shifts = read_staff((DAYS / f"{day}-staff.csv").read_text(), the_day, tz, config.counters)
    centre = Centre(catalogue, config.counters, config.hours(), "E")
    return centre, day_start(the_day, tz), arrivals, shifts, catalogue


def test_on_the_noon_closing_day_counters_4_and_5_call_nobody_after_noon():
    centre, start, arrivals, shifts, catalogue = standard_day("noon-close")
    day = simulate(centre, start, arrivals, shifts, service_times({}, catalogue), seed=1)
    called = {t.number: t.called_at for t in day.tickets}
    noon = start + timedelta(hours=12)
    by_4_and_5 = [called[n] for c, n in day.calls if c in ("4", "5")]
    assert by_4_and_5 and all(at < noon for at in by_4_and_5)
    assert any(at >= noon for c, n in day.calls if (at := called[n]) and c in ("1", "2"))


def test_the_simulator_hands_the_predictors_only_what_the_kiosk_could_know():
    centre, start, _, _, _ = standard_day("quiet")
    nine = start + timedelta(hours=9)
    arrivals = [Arrival(nine, "moving"), Arrival(nine + timedelta(minutes=1), "moving")]
    shifts = [Shift("1", "staff", nine, nine + timedelta(hours=8))]
    recorder = Recorder(centre)
    seen: list[QueueState] = []

    def hook(view):
        seen.append(queue_state(view, centre))
        recorder(view)

    # Every visit really takes 30 minutes; the catalogue's mean for moving is what is known.
    simulate(centre, start, arrivals, shifts, lambda service, rng: 1800.0, seed=1, on_issue=hook)
    second = seen[1]
    (counter,) = second.counters
    assert counter.busy_since == nine
    assert counter.until == nine + timedelta(hours=8)
    mean = second.service_minutes["moving"]
    assert counter.busy_minutes == mean != 30.0
    # Called at 09:00, expected free at 09:00 plus the mean; this ticket came at 09:01.
    assert recorder.predicted["F002"]["routing"] == round(mean - 1, 2)
