"""Erlang C and Erlang A against published worked examples and independent computations."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from kernel.erlang import (
    MAX_AGENTS,
    agents_needed,
    agents_needed_erlang_a,
    average_speed_of_answer,
    erlang_c,
    occupancy,
    plan,
    service_level,
    with_shrinkage,
)
from kernel.erlang_a import erlang_a

# --- Independent references, computed here another way -----------------------------------


def erlang_c_exact(agents: int, load: Fraction) -> Fraction:
    """The textbook formula, term by term with exact fractions (no recursion, no floats):
    C = (Aⁿ/n!·n/(n−A)) / (Σ_{k<n} Aᵏ/k! + Aⁿ/n!·n/(n−A))."""
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load**k / math.factorial(k) for k in range(agents)) + top)


def palm_chain(n: int, lam: float, mu: float, theta: float, states: int) -> list[float]:
    """Stationary probabilities of M/M/n+M by normalising the birth–death products directly."""
    weights = [1.0]
    for k in range(1, states):
        weights.append(weights[-1] * lam / (min(k, n) * mu + max(k - n, 0) * theta))
    total = sum(weights)
    return [w / total for w in weights]


def called_within_by_uniformisation(
    n: int, lam: float, mu: float, theta: float, target: float, states: int
) -> float:
    """P(called within `target`) by another method: the tagged citizen's own chain (i ahead,
    moving on at nμ + iθ, leaving at θ) stepped by uniformisation, mass started at π(n+i)."""
    pi = palm_chain(n, lam, mu, theta, states)
    queue = pi[n:]
    rate = n * mu + len(queue) * theta + theta
    mass = list(queue)
    called = 0.0
    poisson = math.exp(-rate * target)
    within = 0.0
    for step in range(1, 4000):
        moved = [0.0] * len(mass)
        for i, m in enumerate(mass):
            forward = (n * mu + i * theta) / rate
            stay = 1.0 - forward - theta / rate
            moved[i] += m * stay
            if i == 0:
                called += m * forward
            else:
                moved[i - 1] += m * forward
        mass = moved
        poisson *= rate * target / step
        within += poisson * called
        if step > rate * target and poisson < 1e-18:
            break
    return sum(pi[:n]) + within


# --- Published worked examples -------------------------------------------------------------

# The Call Centre Helper worked example ("Erlang C formula – made simple",
# callcentrehelper.com/erlang-c-formula-example-121281.htm) as printed by the R package ErlangC
# 0.1.0 (CRAN, README and its testthat file, https://stat.ethz.ch/CRAN/web/packages/ErlangC/):
# 100 calls in 30 minutes (200 an hour), 180 s handling, target 20 s, 80 %, shrinkage 30 %:
# traffic 10 Erlangs, agents 14, agents with shrinkage 20, and per number of agents
#   agents  wait_probability  service_level  average_speed_of_answer  occupancy
#   11      0.6821182         0.3896138      122.78127684408 s        0.9090909
#   12      0.4493882         0.640158       40.4449401868444 s       0.8333333
#   13      0.2852705         0.7955948      17.1162271821896 s       0.7692308
#   14      0.1741319         0.88835        7.83593701177724 s       0.7142857
CALL_CENTRE_HELPER = [
    (11, 0.6821182, 0.3896138, 122.78127684408, 0.9090909),
    (12, 0.4493882, 0.640158, 40.4449401868444, 0.8333333),
    (13, 0.2852705, 0.7955948, 17.1162271821896, 0.7692308),
    (14, 0.1741319, 0.88835, 7.83593701177724, 0.7142857),
]


@pytest.mark.parametrize(("agents", "wait", "level", "asa", "busy"), CALL_CENTRE_HELPER)
def test_the_call_centre_helper_example_agrees_to_six_decimals(agents, wait, level, asa, busy):
    assert erlang_c(agents, 10.0) == pytest.approx(wait, abs=1e-6)
    assert service_level(agents, 10.0, 180, 20) == pytest.approx(level, abs=1e-6)
    assert average_speed_of_answer(agents, 10.0, 180) == pytest.approx(asa, abs=1e-6)
    assert occupancy(agents, 10.0) == pytest.approx(busy, abs=1e-6)


def test_the_call_centre_helper_example_needs_14_agents_and_20_with_30_percent_shrinkage():
    assert agents_needed(200, 180, 20, 0.8) == 14
    answer = plan(200, 3, 20, 0.8, shrinkage=0.3)
    assert answer["agents_needed"] == 14
    assert answer["agents_with_shrinkage"] == 20
    assert answer["model"] == "erlang_c"
    assert answer["never_meets_target"] is False
    assert [row["agents"] for row in answer["rows"]] == [13, 14, 15, 16]
    row = answer["rows"][1]
    assert row["probability_wait"] == pytest.approx(0.1741319, abs=1e-6)
    assert row["service_level"] == pytest.approx(0.88835, abs=1e-6)
    assert row["asa_seconds"] == pytest.approx(7.83593701177724, abs=1e-6)


def test_the_telefonica_erlang_c_example_agrees_to_its_printed_digits():
    # personal.telefonica.terra.es/web/vr/erlang/eng/mcerlc.htm: "600 calls with call length
    # of 120 seconds, that is a traffic of 20 erlangs. For a target delay probability of 15%
    # the number of circuits needed are 26 ... 3 seconds per call. If circuits are incremented
    # to 30, delay is reduced to 2.5%."
    assert erlang_c(25, 20.0) > 0.15 >= erlang_c(26, 20.0)
    assert round(average_speed_of_answer(26, 20.0, 120)) == 3
    assert round(erlang_c(30, 20.0), 3) == 0.025


# --- Independent computation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("agents", "load"),
    [(1, Fraction(1, 2)), (2, Fraction(3, 2)), (7, Fraction(13, 2)), (30, Fraction(57, 2))],
)
def test_erlang_c_equals_the_factorial_formula_in_exact_fractions(agents, load):
    assert erlang_c(agents, float(load)) == pytest.approx(float(erlang_c_exact(agents, load)))


def test_500_counters_at_480_erlangs_neither_overflow_nor_lose_precision():
    exact = float(erlang_c_exact(500, Fraction(480)))
    wait = erlang_c(500, 480.0)
    assert wait == pytest.approx(exact, rel=1e-9)
    level = service_level(500, 480.0, 180, 20)
    asa = average_speed_of_answer(500, 480.0, 180)
    assert all(math.isfinite(v) for v in (wait, level, asa))
    assert 0 < level < 1 and asa > 0


def test_a_huge_load_gives_finite_figures_and_an_answer():
    assert 0 < erlang_c(20_000, 19_900.0) < 1
    assert math.isfinite(service_level(20_000, 19_900.0, 60, 20))
    needed = agents_needed(19_900 * 60, 60, 20, 0.8)
    assert needed is not None and needed > 19_900


# --- Edges ----------------------------------------------------------------------------------


def test_a_load_at_or_above_the_counters_means_everyone_waits_for_ever():
    assert erlang_c(10, 10.0) == 1.0
    assert service_level(10, 12.0, 180, 20) == 0.0
    assert average_speed_of_answer(10, 10.0, 180) == math.inf
    answer = plan(200, 3, 20, 0.8, agents=10)  # 10 Erlangs on 10 counters
    assert answer["never_meets_target"] is True
    assert answer["agents_needed"] == 14
    assert answer["rows"] == [
        {
            "agents": 10,
            "probability_wait": 1.0,
            "service_level": 0.0,
            "asa_seconds": None,
            "occupancy": 1.0,
        }
    ]


def test_the_neighbours_shown_are_only_numbers_above_the_load():
    # 9.5 Erlangs, an easy target: 10 counters suffice; 9 cannot even keep up, so it is left out.
    answer = plan(190, 3, 600, 0.5)
    assert answer["agents_needed"] == 10
    assert [row["agents"] for row in answer["rows"]] == [10, 11, 12]


def test_nobody_arriving_needs_no_counter():
    assert agents_needed(0, 180, 20, 0.8) == 0
    answer = plan(0, 3, 20, 0.8, shrinkage=0.3)
    assert answer["agents_needed"] == 0
    assert answer["agents_with_shrinkage"] == 0
    assert [(r["agents"], r["probability_wait"], r["service_level"]) for r in answer["rows"]] == [
        (1, 0.0, 1.0),
        (2, 0.0, 1.0),
    ]


def test_a_load_beyond_any_plan_says_so_instead_of_searching_for_ever():
    answer = plan(MAX_AGENTS * 60.0, 60, 20, 0.8)
    assert answer["agents_needed"] is None
    assert answer["never_meets_target"] is True
    assert answer["rows"] == []


def test_an_exacting_level_is_still_reached_and_the_number_is_the_smallest():
    needed = agents_needed(200, 180, 0, 0.999999)
    assert service_level(needed, 10.0, 180, 0) >= 0.999999
    assert service_level(needed - 1, 10.0, 180, 0) < 0.999999


def test_shrinkage_rounds_up_the_counters_to_schedule():
    assert with_shrinkage(14, 0.3) == 20
    assert with_shrinkage(14, 0.0) == 14
    assert with_shrinkage(10, 0.25) == 14  # 13.33 → 14
    with pytest.raises(ValueError):
        with_shrinkage(10, 1.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"arrivals_per_hour": -1},
        {"service_minutes": 0},
        {"target_seconds": -5},
        {"level": 0},
        {"level": 1},
        {"shrinkage": 1},
        {"agents": 0},
        {"patience_minutes": 0},
        {"arrivals_per_hour": math.nan},
    ],
)
def test_bad_input_is_refused(kwargs):
    args = {"arrivals_per_hour": 200, "service_minutes": 3, "target_seconds": 20, "level": 0.8}
    with pytest.raises(ValueError):
        plan(**(args | kwargs))


# --- Erlang A ---------------------------------------------------------------------------------

# 3 counters, 30 arrivals an hour, 5 minutes each (2.5 Erlangs), patience 4 minutes, target 60 s.
LAM, MU, THETA = 30 / 3600, 1 / 300, 1 / 240


def test_erlang_a_agrees_with_the_chain_normalised_directly():
    figures = erlang_a(3, 30, 300, 240, 60)
    pi = palm_chain(3, LAM, MU, THETA, 400)
    queue = sum(max(k - 3, 0) * p for k, p in enumerate(pi))
    assert figures.probability_wait == pytest.approx(sum(pi[3:]), abs=1e-12)
    # Abandonment by rate balance: θ·E[queue] / λ; occupancy: busy counters / n.
    assert figures.probability_abandon == pytest.approx(THETA * queue / LAM, abs=1e-12)
    assert figures.average_wait_seconds == pytest.approx(queue / LAM, rel=1e-10)
    busy = sum(min(k, 3) * p for k, p in enumerate(pi))
    assert figures.occupancy == pytest.approx(busy / 3, abs=1e-12)


def test_erlang_a_service_level_agrees_with_uniformisation():
    for target in (0, 20, 60, 600):
        expected = called_within_by_uniformisation(3, LAM, MU, THETA, target, 200)
        assert erlang_a(3, 30, 300, 240, target).service_level == pytest.approx(expected, abs=1e-9)


def test_erlang_a_stays_finite_when_the_load_exceeds_the_counters():
    figures = erlang_a(5, 200, 180, 60, 20)  # 10 Erlangs on 5 counters, patience 1 minute
    assert 0 < figures.probability_abandon < 1
    assert figures.probability_wait == pytest.approx(
        sum(palm_chain(5, 200 / 3600, 1 / 180, 1 / 60, 3000)[5:]), abs=1e-12
    )
    # What the counters carry is what arrives less those who leave: at most the 5 counters.
    assert figures.occupancy <= 1.0


def test_erlang_a_tends_to_erlang_c_as_patience_grows():
    for agents in (11, 14, 20):
        c_wait = erlang_c(agents, 10.0)
        c_level = service_level(agents, 10.0, 180, 20)
        c_asa = average_speed_of_answer(agents, 10.0, 180)
        patient = erlang_a(agents, 200, 180, 1e11, 20)  # patience: 3,000 years
        assert patient.probability_wait == pytest.approx(c_wait, abs=1e-6)
        assert patient.service_level == pytest.approx(c_level, abs=1e-6)
        assert patient.asa_seconds == pytest.approx(c_asa, abs=1e-4)
        assert patient.probability_abandon < 1e-6
        hasty = erlang_a(agents, 200, 180, 60, 20)
        assert hasty.probability_abandon > patient.probability_abandon


def test_erlang_a_needs_fewer_counters_when_citizens_leave_and_the_plan_says_which_model():
    answer = plan(200, 3, 20, 0.8, patience_minutes=2)
    assert answer["model"] == "erlang_a"
    needed = answer["agents_needed"]
    assert needed == agents_needed_erlang_a(200, 180, 20, 0.8, 120)
    assert needed < 14
    rows = {row["agents"]: row for row in answer["rows"]}
    assert sorted(rows) == [needed - 1, needed, needed + 1, needed + 2]
    assert rows[needed]["service_level"] >= 0.8 > rows[needed - 1]["service_level"]
    assert all(0 < row["probability_abandon"] < 1 for row in answer["rows"])
    assert set(rows[needed]) == {
        "agents",
        "probability_wait",
        "service_level",
        "asa_seconds",
        "occupancy",
        "probability_abandon",
    }


def test_erlang_a_plans_500_counters_without_overflow():
    answer = plan(480 * 20, 3, 20, 0.8, patience_minutes=5, agents=500)
    (row,) = answer["rows"]
    assert all(math.isfinite(row[key]) for key in row)
    assert 0 < row["probability_wait"] < 1 and 0 < row["service_level"] < 1


@pytest.mark.parametrize(
    ("arrivals", "patience", "level"),
    [(200, 120, 0.8), (200, 30, 0.2), (9600, 300, 0.8), (9600, 3600, 0.95), (5, 600, 0.99)],
)
def test_erlang_a_needs_the_smallest_number_that_meets_the_level(arrivals, patience, level):
    needed = agents_needed_erlang_a(arrivals, 180, 20, level, patience)
    assert erlang_a(needed, arrivals, 180, patience, 20).service_level >= level
    if needed > 1:
        assert erlang_a(needed - 1, arrivals, 180, patience, 20).service_level < level
