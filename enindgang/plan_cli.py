"""`enindgang plan staffing`: counters needed for a service level, by Erlang C or Erlang A."""

from __future__ import annotations

import json
import math
from typing import Any

import click

from kernel.erlang import load_erlangs, plan

MODELS = {
    "erlang_c": "Erlang C (citizens wait until called, nobody leaves)",
    "erlang_a": "Erlang A (citizens leave after a mean patience of {patience:g} min)",
}


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter("must be a finite number")
    return value


@click.group("plan")
def plan_group() -> None:
    """Planning: how many counters a centre needs."""


@plan_group.command("staffing")
@click.option(
    "--arrivals-per-hour",
    type=click.FloatRange(min=0),
    required=True,
    callback=_finite,
    help="Citizens arriving per hour (0 or more).",
)
@click.option(
    "--service-minutes",
    type=click.FloatRange(min=0, min_open=True),
    required=True,
    callback=_finite,
    help="Mean time at the counter per citizen, in minutes.",
)
@click.option(
    "--target-seconds",
    type=click.FloatRange(min=0),
    required=True,
    callback=_finite,
    help="The wait within which a citizen should be called, in seconds.",
)
@click.option(
    "--level",
    type=click.FloatRange(min=0, max=1, min_open=True, max_open=True),
    required=True,
    help="Share of citizens to call within the target, e.g. 0.8 (strictly between 0 and 1).",
)
@click.option(
    "--shrinkage",
    type=click.FloatRange(min=0, max=1, max_open=True),
    default=0.0,
    show_default=True,
    help="Share of scheduled time lost to absence and breaks, in [0, 1).",
)
@click.option(
    "--agents",
    type=click.IntRange(min=1),
    default=None,
    help="Show the figures for this many counters only (the number needed is still given).",
)
@click.option(
    "--patience-minutes",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    callback=_finite,
    help="Mean patience of a waiting citizen in minutes: Erlang A instead of Erlang C "
    "(those who leave count as not served in time).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def staffing(
    arrivals_per_hour: float,
    service_minutes: float,
    target_seconds: float,
    level: float,
    shrinkage: float,
    agents: int | None,
    patience_minutes: float | None,
    as_json: bool,
) -> None:
    """Counters needed to call a share --level of citizens within --target-seconds.

    Prints the probability of waiting, the service level, the average wait of those called
    (ASA) and the occupancy for the number needed and its neighbours (or for --agents), and the
    number to schedule with --shrinkage. Erlang C unless --patience-minutes is given (Erlang A).
    """
    try:
        answer = plan(
            arrivals_per_hour,
            service_minutes,
            target_seconds,
            level,
            shrinkage=shrinkage,
            agents=agents,
            patience_minutes=patience_minutes,
        )
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        click.echo(json.dumps(answer, indent=2))
        return
    load = load_erlangs(arrivals_per_hour, service_minutes * 60.0)
    click.echo(_human(answer, load, target_seconds, level, shrinkage, patience_minutes))


def _human(
    answer: dict[str, Any],
    load: float,
    target: float,
    level: float,
    shrinkage: float,
    patience: float | None,
) -> str:
    lines = [
        f"Model: {MODELS[answer['model']].format(patience=patience or 0)}",
        f"Load: {load:.2f} Erlangs; target: {level:.0%} called within {target:g} s",
    ]
    needed = answer["agents_needed"]
    if needed is None:
        lines.append("Counters needed: none can meet the target (too many to plan)")
    else:
        lines.append(
            f"Counters needed: {needed}; to schedule with {shrinkage:.0%} shrinkage: "
            f"{answer['agents_with_shrinkage']}"
        )
    if answer["never_meets_target"] and needed is not None:
        lines.append(
            "These counters can never meet the target: the load is at or above their number"
        )
    if not answer["rows"]:
        return "\n".join(lines)
    abandon = answer["model"] == "erlang_a"
    header = (
        f"{'counters':>8}  {'P(wait)':>7}  {'service level':>13}  {'ASA s':>7}  {'occupancy':>9}"
    )
    lines += ["", header + (f"  {'P(leave)':>8}" if abandon else "")]
    for row in answer["rows"]:
        mark = "*" if row["service_level"] >= level else " "
        asa = "never" if row["asa_seconds"] is None else f"{row['asa_seconds']:.1f}"
        line = (
            f"{mark}{row['agents']:>7}  {row['probability_wait']:>7.4f}  "
            f"{row['service_level']:>13.2%}  {asa:>7}  {row['occupancy']:>9.1%}"
        )
        if abandon:
            line += f"  {row['probability_abandon']:>8.2%}"
        lines.append(line)
    lines.append("* meets the target")
    return "\n".join(lines)
