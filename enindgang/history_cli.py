"""`enindgang demo-history`: a year (or any days) of generated visits in a centre's or
central's database, for the demo, tests and benchmarks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import click

from booking import config as central_config
from booking.domain import history as central_history
from booking.domain.context import BookingContext
from booking.domain.setup import seed as seed_central
from booking.store.db import init_db as init_central_db
from centre import config as centre_config
from centre.store.db import init_db as init_centre_db
from kernel.cli import load_config, open_database
from kernel.config import ConfigError, read_toml
from kernel.history import History
from kernel.history_fill import fill_visits
from kernel.runtime_clock import process_clock


def days_wanted(
    year: int | None, days: int | None, until: date | None, today: date
) -> tuple[date, date]:
    """The first and last day: a whole calendar year, or `days` days before `until` (today)."""
    if year is not None:
        if days is not None:
            raise click.UsageError("give --year or --days, not both")
        return date(year, 1, 1), date(year, 12, 31)
    end = until or today
    return end - timedelta(days=days or 365), end - timedelta(days=1)


def _kind(path: str) -> str:
    try:
        raw = read_toml(path)
    except ConfigError as err:
        raise click.ClickException(str(err)) from None
    if "centre" in raw:
        return "centre"
    if "central" in raw or "centres" in raw:
        return "central"
    raise click.ClickException(f"{path} is neither a centre's nor central's config")


@click.command("demo-history")
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A centre's config (fills that centre's visits) or central's (every centre's visits "
    "and the first free times of the booked services); told apart by [centre].",
)
@click.option("--data", default=None, help="Data directory (overrides the config file).")
@click.option("--year", type=int, default=None, help="A whole calendar year, e.g. 2026.")
@click.option(
    "--days",
    type=click.IntRange(1, 3660),
    default=None,
    help="This many days up to the day before --until (default 365; not with --year).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="YYYY-MM-DD: the day after the last one generated (default: today).",
)
@click.option(
    "--seed",
    type=int,
    required=True,
    help="The same seed gives the same visits (a centre's equal central's rows for it).",
)
@click.option(
    "--allow-real",
    is_flag=True,
    help="Also write into a config without `demo = true` (its reports then count made-up "
    "visits beside the real ones).",
)
def demo_history(
    config_path: str,
    data: str | None,
    year: int | None,
    days: int | None,
    until: datetime | None,
    seed: int,
    allow_real: bool,
) -> None:
    """Write generated visits (and first free times at central) for the demo and benchmarks.

    About 400,000 visits a year across 8 centres (70,000 tax, 80,000 passport and driving
    licence), in each centre's opening hours, none on public holidays. Running it again with
    the same seed and days adds nothing."""
    kind = _kind(config_path)
    load = centre_config.load if kind == "centre" else central_config.load
    config = load_config(load, config_path, data)
    if not config.demo and not allow_real:
        raise click.ClickException(
            "the config is not a demo (no `demo = true`): made-up visits would count in its "
            "reports; add --allow-real if that is what you want"
        )
    today = process_clock().now().astimezone(config.tz).date()
    first, last = days_wanted(year, days, until.date() if until else None, today)
    if kind == "centre":
        made = History(seed, config.catalogue(), config.tz)
        with open_database(config.database_path, init_centre_db) as db:
            written = fill_visits(db, made, config.id, config.hours().by_weekday, first, last)
        click.echo(f"{config.id}: {written} visit facts written ({first} to {last}, seed {seed})")
        return
    with open_database(config.database, init_central_db) as db:
        seed_central(db, config, config.catalogue())
        ctx = BookingContext.build(config, process_clock())
        done = central_history.fill(ctx, db, seed, first, last)
    click.echo(
        f"central ({', '.join(done.centres)}): {done.visits} visit facts and "
        f"{done.first_free} first-free figures written ({first} to {last}, seed {seed})"
    )
