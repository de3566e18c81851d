"""The simulated day as rows and figures: the JSON of `enindgang simulate` and its summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from centre.sim.accuracy import with_predictions
from centre.sim.engine import DayResult, SimTicket
from kernel.catalogue import Catalogue
from kernel.reports import nearest_rank


def _second(moment: datetime | None) -> datetime | None:
    """To the whole second, as the rows show times (so a row's wait is its times' difference)."""
    if moment is None:
        return None
    whole = moment.replace(microsecond=0)
    return whole + timedelta(seconds=1) if moment.microsecond >= 500_000 else whole


def wait_minutes(ticket: SimTicket) -> float | None:
    """From arrival (or the booked time, for a citizen who checked in early) to the call, in
    minutes to two decimals, as the reports count a wait; None while never called."""
    called = _second(ticket.called_at)
    if called is None:
        return None
    since = _second(ticket.arrived_at)
    if ticket.appointment_at is not None and ticket.appointment_at > since:
        since = ticket.appointment_at
    return round(max(0.0, (called - since).total_seconds()) / 60, 2)


def _local(moment: datetime | None, tz: ZoneInfo) -> str | None:
    whole = _second(moment)
    return None if whole is None else whole.astimezone(tz).isoformat()


def rows(result: DayResult, tz: ZoneInfo) -> list[dict[str, Any]]:
    """One row per ticket issued, in issue order."""
    return [
        {
            "number": t.number,
            "service": t.service,
            "arrived_at": _local(t.arrived_at, tz),
            "called_at": _local(t.called_at, tz),
            "actual_wait_minutes": wait_minutes(t),
            # Called, but did not come: a wait, and no visit.
            "no_show": t.no_show and t.called_at is not None,
        }
        for t in result.tickets
    ]


def figures(tickets: Sequence[Mapping[str, Any]], targets: Mapping[str, float]) -> dict[str, Any]:
    """served (tickets called who came) and no_shows (called, did not come), the mean and the
    90th percentile (nearest rank, as the reports) of the waits of all called, and the share
    called within their service's target (inclusive); from the rows alone, so anyone can
    check them. A no-show's wait counts, as in the reports (it ran until the call)."""
    waits = [(t["actual_wait_minutes"], t["service"]) for t in tickets]
    called = [(w, s) for w, s in waits if w is not None]
    no_shows = sum(1 for t in tickets if t.get("no_show"))
    if not called:
        return {
            "served": 0,
            "no_shows": no_shows,
            "wait_mean_minutes": None,
            "wait_p90_minutes": None,
            "within_target_share": None,
        }
    values = sorted(w for w, _ in called)
    histogram = [(v, 1) for v in values]
    within = sum(1 for w, s in called if w <= targets.get(s, 15.0))
    return {
        "served": len(called) - no_shows,
        "no_shows": no_shows,
        "wait_mean_minutes": round(sum(values) / len(values), 2),
        "wait_p90_minutes": nearest_rank(histogram, len(values), 0.9),
        "within_target_share": round(within / len(called), 3),
    }


def targets(catalogue: Catalogue) -> dict[str, float]:
    return {s.id: s.target_wait_minutes for s in catalogue.services}


def as_json(
    result: DayResult,
    tz: ZoneInfo,
    catalogue: Catalogue,
    predicted: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, Any]:
    """{"tickets": [...], "predictors": {...}, "chosen": ..., "summary": {...}}; without
    `predicted` (each ticket's estimates, `centre.sim.accuracy.Recorder`) only tickets and
    summary."""
    tickets = rows(result, tz)
    out: dict[str, Any] = {"tickets": tickets}
    if predicted is not None:
        out = with_predictions(tickets, predicted)
    out["summary"] = figures(out["tickets"], targets(catalogue))
    return out


def human(
    result: DayResult,
    tz: ZoneInfo,
    catalogue: Catalogue,
    language: str = "en",
    predicted: Mapping[str, Mapping[str, float]] | None = None,
) -> str:
    """The summary for people: the day, then per service, then (with `predicted`) each wait
    predictor's error."""
    tickets = rows(result, tz)
    goals = targets(catalogue)
    lines = [_line("All", figures(tickets, goals), len(tickets))]
    for service in catalogue.services:
        own = [t for t in tickets if t["service"] == service.id]
        if own:
            lines.append(_line(service.label(language), figures(own, goals), len(own)))
    waiting = [t for t in result.tickets if t.called_at is None]
    notes = []
    absent = sum(1 for t in tickets if t["no_show"])
    if absent:
        notes.append(f"{absent} did not come when called (no-shows, not counted as served)")
    if waiting:
        notes.append(f"{len(waiting)} never called before the last counter closed")
    if result.refused:
        codes: dict[str, int] = {}
        for refusal in result.refused:
            codes[refusal.code] = codes.get(refusal.code, 0) + 1
        said = ", ".join(f"{n} {code}" for code, n in sorted(codes.items()))
        notes.append(f"{len(result.refused)} got no number at the kiosk ({said})")
    header = (
        f"{'service':<34} {'tickets':>7} {'served':>6} {'mean min':>8} {'p90 min':>7} "
        f"{'in target':>9}"
    )
    return "\n".join([header, *lines, *notes, *_accuracy(tickets, predicted)])


def _accuracy(
    tickets: list[dict[str, Any]], predicted: Mapping[str, Mapping[str, float]] | None
) -> list[str]:
    if predicted is None:
        return []
    measured = with_predictions(tickets, predicted)
    lines = ["", f"{'wait predictor':<34} {'MAE min':>8} {'in range':>9}"]
    for name, got in measured["predictors"].items():
        mae = "-" if got["mae_minutes"] is None else f"{got['mae_minutes']:.2f}"
        share = "-" if got["within_range_share"] is None else f"{got['within_range_share']:.0%}"
        lines.append(f"{name:<34} {mae:>8} {share:>9}")
    lines.append(f"chosen (lowest MAE, over tickets called): {measured['chosen']}")
    return lines


def _line(name: str, got: Mapping[str, Any], issued: int) -> str:
    mean = "-" if got["wait_mean_minutes"] is None else f"{got['wait_mean_minutes']:.1f}"
    p90 = "-" if got["wait_p90_minutes"] is None else f"{got['wait_p90_minutes']:.1f}"
    share = "-" if got["within_target_share"] is None else f"{got['within_target_share']:.0%}"
    return f"{name[:34]:<34} {issued:>7} {got['served']:>6} {mean:>8} {p90:>7} {share:>9}"
