"""`enindgang simulate`: a centre's day run through the product's own queue rules."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import click

from centre import config as centre_config
from centre.core.numbering import appointment_letter
from centre.core.tax_presence import DaySchedule
from centre.domain.simulation import FORECAST, DayArrivals, SimulationHistory, day_arrivals, history
from centre.domain.tax_presence import day_schedule
from centre.sim.accuracy import Recorder
from centre.sim.draw import service_times
from centre.sim.engine import Centre, simulate
from centre.sim.inputs import (
    InputError,
    day_of,
    day_start,
    default_staff,
    read_arrivals,
    read_staff,
)
from centre.sim.summary import as_json, human
from centre.store.db import init_db
from kernel.cli import load_config, open_database
from kernel.runtime_clock import process_clock


def _text(path: str | None, option: str) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise click.BadParameter(f"cannot read {path}: {err}", param_hint=option) from None


def _from_database(
    config: centre_config.CentreConfig, day: date, seed: int, drawn: bool
) -> tuple[SimulationHistory, DayArrivals | None, DaySchedule | None]:
    """The centre's weights and recent visits, the day's tax-secondee schedule (central's as
    synced, else the config's [tax] rota) and, when `drawn`, the day's arrivals drawn from its
    forecast and booked times; the defaults when it has no database yet."""
    now = process_clock().now()
    today = now.astimezone(config.tz).date()
    catalogue, hours = config.catalogue(), config.hours()
    if not config.database_path.exists():
        drawn_day = day_arrivals(None, config.id, catalogue, hours, day, today, seed)
        schedule = day_schedule(None, config.tz, config.tax_hours(), day, now)
        return SimulationHistory({}, {}, []), drawn_day if drawn else None, schedule
    with open_database(config.database_path, init_db) as db:
        past = history(db, config.id, day)
        schedule = day_schedule(db, config.tz, config.tax_hours(), day, now)
        if not drawn:
            return past, None, schedule
        drawn_day = day_arrivals(
            db, config.id, catalogue, hours, day, today, seed, past.missed_shares
        )
        return past, drawn_day, schedule


@click.command("simulate")
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The centre's config: its counters, opening hours and catalogue; its database (if "
    "there is one) gives the routing weights and the visit history.",
)
@click.option("--data", default=None, help="Data directory (overrides the config file).")
@click.option(
    "--arrivals",
    "arrivals_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="CSV arrived_at,service[,appointment_at][,priority] (times like 09:30 on --day, or "
    "ISO; priority 1/true for a priority number as reception gives one, walk-ins only). "
    "Without it, walk-ins are drawn (Poisson per service and hour) from the planning "
    "forecast for that day (kernel/forecast.py, from the centre's visit history; a default "
    "profile of 200 walk-ins a day when there is none), and every confirmed booked time of "
    "the day in the centre's booking replica checks in 0-15 minutes before its time (but for "
    "the history's share of booked times missed).",
)
@click.option(
    "--day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="YYYY-MM-DD (default: the day of the first ISO arrival, else today).",
)
@click.option(
    "--staff",
    "staff_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="CSV counter,role,from,to (role: staff, tax, reception, manager; times like 09:30; "
    "a gap between rows of one counter is a break). "
    "Without it every counter is staffed by counter staff in the opening hours, and the tax "
    "counter (the first limited to a tax-only service, else named tax/skat, else the first) "
    "by a tax secondee; when the day has a secondee schedule (central's, as the centre last "
    "synced it, else the config's [tax] scheduled) the tax desks (every counter limited to a "
    "tax-only service, else that tax counter) are staffed by it: the first while a secondee "
    "is scheduled, the second while two are, and empty while nobody is.",
)
@click.option(
    "--no-show-share",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="The share of citizens called who do not come, for every service (default: per "
    "service, the no-shows among those called in the last 8 weeks of history; 0 without).",
)
@click.option("--seed", type=int, required=True, help="The same seed gives the same day.")
@click.option("--json", "as_json_flag", is_flag=True, help="Print tickets and summary as JSON.")
def simulate_command(
    config_path: str,
    data: str | None,
    arrivals_path: str | None,
    day: datetime | None,
    staff_path: str | None,
    no_show_share: float | None,
    seed: int,
    as_json_flag: bool,
) -> None:
    """Simulate a centre's day with the real queue rules of centre/core.

    Call-next routing (appointments due, priority, the manager's service weights), which staff
    role may serve which service (tax-only services by tax secondees), and the kiosk's
    closing-time and tax-secondee rules are the product's own; service times are resampled
    from the history's served visits per service (exponential around the catalogue's minutes
    without any). Priority tickets (the arrivals' priority column) are the desk's, called
    before other walk-ins. A citizen called may not come (--no-show-share, or the history's
    share per service): the counter calls the next after 2 minutes (the product has no timer:
    staff call, may recall, then press No-show). A staff file's gaps between one counter's
    rows are breaks: nobody is called then, a visit under way is finished. Not modelled:
    transfers (every visit ends at the counter that called it).

    At every ticket issue each wait predictor (queue_length, last_called, head_of_line,
    routing: centre/core/predictors.py) estimates the wait from what the kiosk could know;
    "chosen" is the one with the lowest mean absolute error over the tickets called (tickets
    never called are left out; ties go to that order). A shown range is the estimate rounded
    to the nearest 5 minutes, 5 either side, never below 0.

    \b
    --json prints {"tickets": [{"number", "service", "arrived_at", "called_at",
    "actual_wait_minutes", "no_show", "predicted_wait_minutes": {"<predictor>": minutes},
    "shown_range_minutes": [low, high]}], "predictors": {"<predictor>": {"mae_minutes",
    "within_range_share"}}, "chosen", "summary": {"served", "no_shows",
    "wait_mean_minutes", "wait_p90_minutes", "within_target_share"}} ("served": called and
    came; a no-show's wait to the call counts in the wait figures, as in the reports).
    """
    config = load_config(centre_config.load, config_path, data)
    tz, catalogue, hours = config.tz, config.catalogue(), config.hours()
    wanted = day.date() if day else None
    arrivals_text = _text(arrivals_path, "--arrivals")
    try:
        arrivals = (
            None if arrivals_text is None else read_arrivals(arrivals_text, wanted, tz, catalogue)
        )
    except InputError as err:
        raise click.BadParameter(str(err), param_hint="--arrivals") from None
    the_day = wanted or (day_of(arrivals, tz) if arrivals else None)
    the_day = the_day or process_clock().now().astimezone(tz).date()
    past, drawn, schedule = _from_database(config, the_day, seed, arrivals is None)
    if drawn is not None:
        arrivals = drawn.arrivals
    staff_text = _text(staff_path, "--staff")
    try:
        shifts = (
            default_staff(
                config.counters,
                catalogue,
                hours,
                the_day,
                schedule.periods if schedule is not None else None,
            )
            if staff_text is None
            else read_staff(staff_text, the_day, tz, config.counters)
        )
    except InputError as err:
        raise click.BadParameter(str(err), param_hint="--staff") from None
    central = config.central
    try:
        letter = appointment_letter(catalogue, central.appointment_letter if central else None)
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    centre = Centre(
        catalogue=catalogue,
        counters=config.counters,
        hours=hours,
        appointment_letter=letter,
        weights=past.weights,
        appointment_lead=timedelta(minutes=central.appointment_lead_minutes if central else 5),
        tax_scheduled=schedule.rota if schedule is not None else None,
    )
    recorder = Recorder(centre)
    result = simulate(
        centre,
        day_start(the_day, tz),
        arrivals,
        shifts,
        service_times(past.service_seconds, catalogue),
        seed,
        on_issue=recorder,
        no_shows=(
            past.no_show_shares
            if no_show_share is None
            else dict.fromkeys((s.id for s in catalogue.services), no_show_share)
        ),
    )
    predicted = recorder.predicted
    if as_json_flag:
        out = as_json(result, tz, catalogue, predicted)
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    said = f"{len(arrivals)} arrivals"
    if drawn is not None:
        whence = "the forecast" if drawn.source == FORECAST else "the default profile"
        said += f" ({drawn.walk_ins} walk-ins from {whence}, {drawn.booked} booked times)"
    click.echo(f"{config.name}, {the_day.isoformat()}, seed {seed}: {said}")
    click.echo(human(result, tz, catalogue, predicted=predicted))
