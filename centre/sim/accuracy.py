"""The wait predictors on a simulated day: each estimate recorded at issue, and their errors
computed from the printed ticket rows alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from centre.core.predictors import PREDICTORS, CounterState, QueueState, predict_all
from centre.core.wait_range import in_range, shown_range
from centre.sim.engine import Centre, IssueView


def queue_state(view: IssueView, centre: Centre) -> QueueState:
    """The simulator's view as the predictors' state: no visit's real length, only its start."""
    means = view.service_minutes
    counters = tuple(
        CounterState(
            counter=c.counter,
            staff=c.role,
            services=c.services,
            busy_since=c.busy_since,
            busy_minutes=means.get(c.serving, 0.0) if c.serving is not None else 0.0,
            until=c.until,
        )
        for c in view.counters
    )
    return QueueState(
        now=view.now,
        ticket=view.ticket.candidate,
        waiting=tuple(t.candidate for t in view.waiting),
        counters=counters,
        last_wait_minutes=view.last_wait_minutes,
        service_minutes=means,
        weights=centre.weights,
        lead=centre.appointment_lead,
    )


class Recorder:
    """The `on_issue` hook: every predictor's estimate, by ticket number."""

    def __init__(self, centre: Centre) -> None:
        self.centre = centre
        self.predicted: dict[str, dict[str, float]] = {}

    def __call__(self, view: IssueView) -> None:
        self.predicted[view.ticket.number] = predict_all(queue_state(view, self.centre))


def errors(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Per predictor, the mean absolute error (minutes) and the share of actual waits inside
    the range its estimate would show, over the rows of tickets that were called (one never
    called has no actual wait and is left out)."""
    called = [r for r in rows if r["actual_wait_minutes"] is not None]
    found: dict[str, dict[str, float | None]] = {}
    for name in PREDICTORS:
        if not called:
            found[name] = {"mae_minutes": None, "within_range_share": None}
            continue
        pairs = [(r["predicted_wait_minutes"][name], r["actual_wait_minutes"]) for r in called]
        mae = sum(abs(p - a) for p, a in pairs) / len(pairs)
        inside = sum(1 for p, a in pairs if in_range(a, shown_range(p)))
        found[name] = {
            "mae_minutes": round(mae, 2),
            "within_range_share": round(inside / len(pairs), 3),
        }
    return found


def choose(found: Mapping[str, Mapping[str, float | None]]) -> str:
    """The lowest printed MAE; ties (and a day with nothing to measure) go to the first in
    `PREDICTORS`' order, the queue's length first."""
    order = list(PREDICTORS)
    return min(
        order,
        key=lambda name: (
            found[name]["mae_minutes"] is None,
            found[name]["mae_minutes"] or 0.0,
            order.index(name),
        ),
    )


def with_predictions(
    rows: Sequence[Mapping[str, Any]], predicted: Mapping[str, Mapping[str, float]]
) -> dict[str, Any]:
    """The rows with each predictor's estimate, then the errors, the choice, and each row's
    range as the chosen predictor would have shown it."""
    tickets = [{**r, "predicted_wait_minutes": dict(predicted[r["number"]])} for r in rows]
    found = errors(tickets)
    chosen = choose(found)
    for row in tickets:
        row["shown_range_minutes"] = list(shown_range(row["predicted_wait_minutes"][chosen]))
    return {"tickets": tickets, "predictors": found, "chosen": chosen}
