"""Erlang B and Erlang A (M/M/n+M: citizens who leave the queue), pure and overflow-free.

Erlang A is solved as its birth–death chain (Palm's model): states k = citizens present,
arrivals at rate λ, departures at rate min(k, n)·μ + max(k − n, 0)·θ (service μ = 1/service
time, abandonment θ = 1/mean patience, patience exponential). The chain is summed exactly up to
the queue length where the stationary probabilities fall below e⁻³⁶ of the largest one; every
sum is over positive terms (no cancellation), products are kept as logarithms (no overflow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The queue's tail is cut where a state is this many e-folds below the most likely one
# (e⁻³⁶ ≈ 2·10⁻¹⁶: below a double's resolution of the total).
TAIL_LOG_CUTOFF = 36.0
# A chain longer than this (a heavily overloaded centre with near-endless patience) is refused
# rather than computed for seconds.
MAX_QUEUE_STATES = 1_000_000


def erlang_b(agents: int, load_erlangs: float) -> float:
    """Erlang B, the blocking probability of n servers offered A Erlangs, by the recursion
    B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)); never overflows (B only falls, towards 0)."""
    if agents < 0 or load_erlangs < 0:
        raise ValueError("agents and load must not be negative")
    blocking = 1.0
    for k in range(1, agents + 1):
        carried = load_erlangs * blocking
        blocking = carried / (k + carried)
    return blocking


def erlang_b_table(agents: int, load_erlangs: float) -> list[float]:
    """[B(0), B(1), …, B(agents)] by the same recursion, for searches over the number of agents."""
    table = [1.0]
    for k in range(1, agents + 1):
        carried = load_erlangs * table[-1]
        table.append(carried / (k + carried))
    return table


@dataclass(frozen=True)
class ErlangA:
    """Erlang A figures for n agents: every probability is a share of all arriving citizens."""

    agents: int
    probability_wait: float  # P(all n busy on arrival) = Σ_{j≥0} π(n+j)
    probability_abandon: float  # P(leaves before being called)
    service_level: float  # P(called within the target), those who leave count as not
    asa_seconds: float  # mean wait of the citizens who are called (average speed of answer)
    average_wait_seconds: float  # mean time in the queue of every arrival, E[Q]/λ (Little)
    occupancy: float  # carried load / n = A·(1 − P(abandon)) / n


def erlang_a(
    agents: int,
    arrivals_per_hour: float,
    service_seconds: float,
    patience_seconds: float,
    target_seconds: float,
    blocking: float | None = None,
) -> ErlangA:
    """Erlang A (M/M/n+M) for n agents, exact on the birth–death chain.

    With a = nμ/θ, A = λ/μ, B = Erlang B(n, A) and w_j = Π_{i=1..j} λ/(nμ + iθ):
      π(n+j) = P(wait)·w_j / Σ w,   P(wait) = B·Σw / (1 − B + B·Σw).
    A citizen who finds j waiting ahead leaves the queue when the j ahead and the n at the
    counters move on at rates nμ + iθ (i = j … 0), so with patience τ ~ Exp(θ) and offered wait
    V_j = Σ_{i=0..j} Exp(nμ + iθ), e^{−θ·V_j} ~ Beta(a, j+1). From that:
      P(called | j) = a / (a + j + 1),
      P(called within t | j) = a/(a+j+1) · (1 − I_x(a+1, j+1)), x = e^{−θt}, where for the
        whole number j+1 the regularised incomplete beta is the negative binomial sum
        I_x(a+1, j+1) = Σ_{k=0..j} Γ(a+1+k)/(Γ(a+1)·k!) · x^{a+1}·(1−x)^k,
      E[wait; called | j] = a/(a+j+1) · (1/θ)·Σ_{i=0..j} 1/(a+1+i).
    Service level = P(no wait) + Σ_j π(n+j)·P(called within t | j); ASA is the mean wait of
    the citizens called. `blocking` may hand in B(n, A) already known (a search's table).
    """
    if agents < 1:
        raise ValueError("Erlang A needs at least one agent")
    if arrivals_per_hour < 0 or service_seconds <= 0 or patience_seconds <= 0:
        raise ValueError("arrivals must not be negative; service and patience must be positive")
    if target_seconds < 0:
        raise ValueError("the target must not be negative")
    arrival = arrivals_per_hour / 3600.0
    if arrival == 0:
        return ErlangA(agents, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)
    service = 1.0 / service_seconds
    leave = 1.0 / patience_seconds
    load = arrival / service
    served_rate = agents * service
    b = erlang_b(agents, load) if blocking is None else blocking

    logs = _queue_log_weights(arrival, served_rate, leave)
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    total = math.fsum(weights)
    log_sum = top + math.log(total)  # log Σ w_j
    if b <= 0.0:
        p_wait = 0.0
    else:
        odds = math.log1p(-b) - math.log(b) - log_sum if b < 1.0 else -math.inf
        p_wait = 0.0 if odds > 700 else 1.0 / (1.0 + math.exp(odds))

    a = served_rate / leave
    x_log = -leave * target_seconds  # log x, x = e^{−θt}
    one_minus_x = -math.expm1(x_log)
    called_in_time = _called_in_time(a, x_log, one_minus_x, len(weights))
    abandon = queued = in_time = wait_called = 0.0
    harmonic = 0.0
    for j, weight in enumerate(weights):
        share = p_wait * weight / total  # π(n+j)
        called = a / (a + j + 1)
        harmonic += 1.0 / (a + 1 + j)
        abandon += share * (1.0 - called)
        queued += share * j
        in_time += share * called * called_in_time[j]
        wait_called += share * called * harmonic / leave
    served = 1.0 - abandon
    return ErlangA(
        agents=agents,
        probability_wait=p_wait,
        probability_abandon=abandon,
        service_level=(1.0 - p_wait) + in_time,
        asa_seconds=wait_called / served if served > 0 else math.inf,
        average_wait_seconds=queued / arrival,
        occupancy=load * served / agents,
    )


def _queue_log_weights(arrival: float, served_rate: float, leave: float) -> list[float]:
    """log w_j for j = 0, 1, …: w_j = Π_{i=1..j} λ/(nμ + iθ), up to where the tail is negligible."""
    logs = [0.0]
    log_arrival = math.log(arrival)
    top = 0.0
    j = 0
    while True:
        j += 1
        step = log_arrival - math.log(served_rate + j * leave)
        value = logs[-1] + step
        logs.append(value)
        top = max(top, value)
        if step < 0 and value < top - TAIL_LOG_CUTOFF:
            return logs
        if j >= MAX_QUEUE_STATES:
            raise ValueError("the queue is too long to compute: patience too long for this load")


def _called_in_time(a: float, x_log: float, one_minus_x: float, count: int) -> list[float]:
    """1 − I_x(a+1, j+1) for j < count: the chance that Beta(a+1, j+1) is at least x, from the
    negative binomial sum (terms as logarithms, so x^{a+1} may be far below a double)."""
    if one_minus_x <= 0.0:  # target 0 s: nobody who waits is called within it
        return [0.0] * count
    log_ratio_base = math.log(one_minus_x)
    log_term = (a + 1) * x_log
    cumulative = 0.0
    out = []
    for k in range(count):
        if k:
            log_term += math.log((a + k) / k) + log_ratio_base
        cumulative += math.exp(log_term) if log_term > -745 else 0.0
        out.append(max(0.0, 1.0 - cumulative))
    return out
