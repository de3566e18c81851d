"""`enindgang central …`: the central booking service."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from sqlite_utils import Database

from booking import annual_output
from booking.app import create_app
from booking.config import load
from booking.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    HISTORY_DAYS,
    demo_codes,
    demo_config,
    ensure_demo_bookings,
    ensure_demo_data,
    ensure_demo_keys,
)
from booking.domain import annual_report, setup
from booking.domain.accounts import ACCOUNT_ROLES, add_account, set_password
from booking.domain.sync import issue_key
from booking.mail.ticker import run_round
from booking.server import make_app_factory
from booking.store.db import init_db, migrations
from kernel import pg, pg_move
from kernel.cli import (
    add_staff_command,
    backup_command,
    config_and_data,
    default_public_url,
    init_db_command,
    load_config,
    open_database,
    set_password_command,
)
from kernel.db import shown
from kernel.languages import STAFF_LANGUAGES
from kernel.runtime_clock import process_clock
from kernel.server import serve

DEFAULT_PORT = 5100
# No long-lived connections here (unlike a centre's screens): a few threads serve more requests
# per second than many, which only fight over the interpreter lock. In the booking-rush bench
# (2 workers, PostgreSQL) 4 to 8 threads did best and 32 worst; 8 leaves room for a slow
# report beside the bookings.
DEFAULT_THREADS = 8

# Both `run` and `demo` serve through gunicorn the same way.
_threads = click.option(
    "--threads",
    default=DEFAULT_THREADS,
    show_default=True,
    type=int,
    help="Threads per worker process.",
)
_workers = click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help=(
        "Worker processes (gunicorn). Each serves requests and runs the background round;"
        " bookings, messages and rate limits stay right across them (the database decides),"
        " and /metrics sums the requests of all of them."
    ),
)


def _postgresql_url(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is not None and not pg.is_url(value):
        raise click.BadParameter("give a postgresql:// URL")
    return value


_access_log = click.option(
    "--access-log",
    is_flag=True,
    help="Log each request to stdout: time, worker pid, method, status, size, duration"
    " (no address, no path).",
)


def _load_config(path: str, data: str | None):
    return load_config(load, path, data)


_config_and_data = config_and_data(
    "The central config file (TOML), see booking/central.example.toml."
)


def _database(config_path: str, data: str | None):
    return open_database(_load_config(config_path, data).database, init_db)


@contextmanager
def _seeded_database(config_path: str, data: str | None) -> Iterator[Database]:
    """The database with the config's centres in it, so a new account can name one before
    the service has first started."""
    config = _load_config(config_path, data)
    with open_database(config.database, init_db) as db:
        setup.seed(db, config, config.catalogue())
        yield db


@click.group()
def central() -> None:
    """Run the central booking service (one per municipality)."""


@central.command("run")
@_config_and_data
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port.")
@_threads
@_workers
@_access_log
def central_run(
    config_path: str,
    host: str,
    port: int,
    data: str | None,
    threads: int,
    workers: int,
    access_log: bool,
) -> None:
    """Serve the booking site, the staff pages and the API with gunicorn."""
    config = _load_config(config_path, data)
    if workers > 1 and (config.rate_limit_storage or "").startswith("memory"):
        raise click.ClickException(
            "rate_limit_storage memory:// counts in each worker apart: with --workers above 1"
            " leave it out (the database counts) or name a shared storage such as Redis"
        )
    default_public_url(config, host, port)
    # The schema is brought up to date here, once, before the workers fork: workers each
    # migrating a new or older database at the same moment would trip over each other.
    init_db(config.database)
    click.echo(f"{config.name}: http://{host}:{port}/book  (data in {config.data_dir})")
    serve(make_app_factory(config), host, port, threads, access_log, workers)


init_db_command(central, _config_and_data, _load_config, init_db, "central")
backup_command(
    central,
    _config_and_data,
    _load_config,
    lambda config: "central",
    "central",
    """Copy the central database while the service runs (a consistent snapshot).

    The copy holds bookings, accounts, audit, outbox and centre events; not the secret_key
    file and not the mailbox folder. See the README for how to restore it.
    """,
)
add_staff_command(
    central,
    "add-account",
    _config_and_data,
    _seeded_database,
    add_account,
    "login",
    [
        click.option("--name", required=True, help="The person's full name."),
        click.option(
            "--role",
            required=True,
            type=click.Choice(ACCOUNT_ROLES),
            help=(
                "reception: reception desks; contact_centre: the phone (books at any"
                " centre, logs calls, sees live waits); manager: also sets up staff;"
                " report: reads every centre's visit reports."
            ),
        ),
        click.option("--centre", default=None, help="Limit a manager to one centre (its id)."),
    ],
)
set_password_command(central, _config_and_data, _database, set_password, "login")


@central.command("move-to-postgresql")
@_config_and_data
@click.option(
    "--to",
    "url",
    required=True,
    callback=_postgresql_url,
    help=(
        "The new, empty PostgreSQL database (made with createdb):"
        " postgresql://user:password@host/db."
    ),
)
def central_move_to_postgresql(config_path: str, data: str | None, url: str) -> None:
    """Move this central's data from its SQLite file to a PostgreSQL database.

    Stop central first. The command creates the schema on the target with the same
    migrations as init-db, then copies every table in one transaction (all or nothing),
    and prints each table's rows in SQLite and in PostgreSQL. It refuses, writing nothing,
    when the target already holds data, and undoes the copy if anything wrote to the SQLite
    file meanwhile or a count differs. The SQLite file is only read. Afterwards set
    [database] url in the config to the target and start central.
    """
    config = _load_config(config_path, data)
    if pg.is_url(config.database):
        raise click.ClickException(
            f"the config's database is already PostgreSQL ({pg.shown(config.database)})"
        )
    try:
        counts = pg_move.move(config.database_path, url, migrations)
    except pg_move.MoveError as err:
        if err.counts:
            click.echo(_count_table(err.counts))
        raise click.ClickException(str(err)) from None
    click.echo(_count_table(counts))
    click.echo(
        f"Moved {sum(c.target for c in counts)} rows in {len(counts)} tables from"
        f" {config.database_path} to {pg.shown(url)}; every table has the same rows in both.\n"
        f"Next: set [database] url in {config_path} to this database and start central."
        " The SQLite file is left as it was (keep it as the backup of this moment)."
    )


def _count_table(counts: Sequence[pg_move.TableCount]) -> str:
    """Each table's rows in SQLite and in PostgreSQL, one line each."""
    width = max(len("table"), *(len(c.table) for c in counts))
    lines = [f"{'table':<{width}}  {'SQLite':>10}  {'PostgreSQL':>10}"]
    for c in counts:
        mark = "" if c.source == c.target else "  DIFFERENT"
        lines.append(f"{c.table:<{width}}  {c.source:>10}  {c.target:>10}{mark}")
    return "\n".join(lines)


@central.command("centre-key")
@_config_and_data
@click.option("--centre", "centre_id", required=True, help="The centre's id.")
def central_centre_key(config_path: str, data: str | None, centre_id: str) -> None:
    """Issue a new sync key for a centre (the old one stops working); printed once."""
    config = _load_config(config_path, data)
    with open_database(config.database, init_db) as db:
        # A centre named in the config but not yet started counts: seed it first.
        setup.seed(db, config, config.catalogue())
        if setup.find_centre(db, centre_id) is None:
            raise click.ClickException(f"unknown centre {centre_id!r}")
        key = issue_key(db, centre_id, process_clock().now())
    click.echo(
        f"New sync key for {centre_id} (shown once; put it in the centre's [central] key):\n{key}"
    )


@central.command("tick")
@_config_and_data
def central_tick(config_path: str, data: str | None) -> None:
    """One round of reminders, sending, purging and recording the day's first free times
    (for cron; `run` does it by itself)."""
    config = _load_config(config_path, data)
    done = run_round(create_app(config))
    click.echo(", ".join(f"{key}: {value}" for key, value in done.items()))


@central.command("report")
@_config_and_data
@click.option(
    "--year",
    required=True,
    type=click.IntRange(annual_report.FIRST_YEAR, annual_report.LAST_YEAR),
    help="The calendar year to report on.",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: report.pdf (printable) or report.html.",
)
@click.option(
    "--language",
    default="da",
    show_default=True,
    type=click.Choice(STAFF_LANGUAGES),
    help="The report's language.",
)
def central_report(config_path: str, data: str | None, year: int, out: Path, language: str) -> None:
    """Write the annual report of every centre's visits: city totals, then one section per
    administration (volumes, waits, hand-overs, top tasks, the year month by month). Cells
    under 5 visits are hidden, so the file can be published."""
    if out.suffix.lower() not in annual_output.FORMATS:
        raise click.BadParameter("the file name must end in .pdf or .html", param_hint="--out")
    if not out.parent.is_dir():
        raise click.ClickException(f"cannot write {out}: no folder {out.parent}")
    app = create_app(_load_config(config_path, data))
    try:
        annual_output.write(app, year, language, out)
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from None
    click.echo(f"Wrote the {year} report to {out}")


@central.command("demo")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port.")
@click.option("--data", default="./var/central", show_default=True, help="Data directory.")
@click.option(
    "--database",
    "database_url",
    default=None,
    callback=_postgresql_url,
    help=(
        "A PostgreSQL server's URL (postgresql://user:password@host/db) for the demo's data;"
        " default: SQLite in the data directory."
    ),
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--no-rate-limit",
    is_flag=True,
    help="Lift the per-address booking limit (load tests and benchmarks).",
)
@_threads
@_workers
@_access_log
@click.option(
    "--bookings-today",
    default="",
    help="Comma-separated centre ids that get demo appointments around now (e.g. norrebro).",
)
@click.option(
    "--history-days",
    default=HISTORY_DAYS,
    show_default=True,
    type=click.IntRange(0, 3660),
    help="Generated visits of this many days before today on the first start (0: none).",
)
def central_demo(
    port: int,
    data: str,
    database_url: str | None,
    host: str,
    no_rate_limit: bool,
    threads: int,
    workers: int,
    access_log: bool,
    bookings_today: str,
    history_days: int,
) -> None:
    """Run the booking service alone with the 8 demo centres, staff and accounts."""
    config = demo_config(Path(data).resolve(), not no_rate_limit, database_url)
    config.public_url = f"http://{host}:{port}"
    ensure_demo_data(config)
    keys = ensure_demo_keys(config)
    today = tuple(c for c in bookings_today.split(",") if c)
    ensure_demo_bookings(config, today)
    appointments = "".join(
        f"  {centre_id:<15} {time} {service:<14} code {code}\n"
        for centre_id in today
        for time, service, code in demo_codes(config, centre_id)
    )
    base = f"http://{host}:{port}"
    click.echo(
        f"\n{config.name} is starting:\n"
        f"  booking site  {base}/book\n"
        f"  staff         {base}/staff\n"
        f"  mailbox       {base}/dev/mailbox\n"
        f"  API           {base}/api/v1/centres\n"
        f"  overview      {base}/staff/overview\n"
        f"Centre sync keys (demo only, also in {config.data_dir / 'centre-keys.txt'}):\n"
        + "".join(f"  {centre_id:<15} {key}\n" for centre_id, key in keys.items())
        + (f"Demo appointments today (check in with the code):\n{appointments}" if today else "")
        + f"Demo accounts (password '{DEMO_PASSWORD}', demo only): "
        + ", ".join(f"{u} ({r})" for u, _, r in DEMO_ACCOUNTS)
        + ("\nRate limit per address: off" if no_rate_limit else "")
        + (f"\nWorker processes: {workers}" if workers > 1 else "")
        + (f"\nDatabase: {shown(database_url)}" if database_url else "")
        + "\nStop with Ctrl+C.\n"
    )
    sys.stdout.flush()
    serve(make_app_factory(config, history_days), host, port, threads, access_log, workers)
