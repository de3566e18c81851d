"""`enindgang central …`: the central booking service."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from booking.app import create_app
from booking.config import load
from booking.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_codes,
    demo_config,
    ensure_demo_bookings,
    ensure_demo_data,
    ensure_demo_keys,
)
from booking.domain import setup
from booking.domain.accounts import add_account, set_password
from booking.domain.sync import issue_key
from booking.mail.ticker import run_round
from booking.server import make_app_factory
from booking.store.db import init_db
from kernel.cli import (
    config_and_data,
    default_public_url,
    load_config,
    open_database,
    run_backup,
)
from kernel.runtime_clock import process_clock
from kernel.server import serve

DEFAULT_PORT = 5100
# No long-lived connections here (unlike a centre's screens): a few threads serve more requests
# per second than many, which only fight over the interpreter lock.
DEFAULT_THREADS = 16


def _load_config(path: str, data: str | None):
    return load_config(load, path, data)


_config_and_data = config_and_data(
    "The central config file (TOML), see booking/central.example.toml."
)


def _central_database(config):
    return open_database(config.database_path, init_db)


@click.group()
def central() -> None:
    """Run the central booking service (one per municipality)."""


@central.command("run")
@_config_and_data
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port.")
@click.option(
    "--threads", default=DEFAULT_THREADS, show_default=True, type=int, help="Worker threads."
)
def central_run(config_path: str, host: str, port: int, data: str | None, threads: int) -> None:
    """Serve the booking site, the staff pages and the API with gunicorn."""
    config = _load_config(config_path, data)
    default_public_url(config, host, port)
    click.echo(f"{config.name}: http://{host}:{port}/book  (data in {config.data_dir})")
    serve(make_app_factory(config), host, port, threads)


@central.command("init-db")
@_config_and_data
def central_init_db(config_path: str, data: str | None) -> None:
    """Create the central database or bring its schema up to date."""
    config = _load_config(config_path, data)
    init_db(config.database_path)
    click.echo(f"database ready: {config.database_path}")


@central.command("backup")
@_config_and_data
@click.option(
    "--to",
    "to_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="An existing directory for the copy (named central-<UTC time>.sqlite3).",
)
def central_backup(config_path: str, data: str | None, to_dir: Path) -> None:
    """Copy the central database while the service runs (a consistent snapshot).

    The copy holds bookings, accounts, audit, outbox and centre events; not the secret_key
    file and not the mailbox folder. See the README for how to restore it.
    """
    config = _load_config(config_path, data)
    click.echo(f"backup written: {run_backup(config.database_path, to_dir, 'central')}")


@central.command("add-account")
@_config_and_data
@click.option("--username", required=True, help="Login name (lower case letters, digits, . _ -).")
@click.option("--name", required=True, help="The person's full name.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(("reception", "manager")),
    help="reception: reception desks and the contact centre; manager: also sets up staff.",
)
@click.option("--centre", default=None, help="Limit a manager to one centre (its id).")
@click.password_option(help="Asked for twice if not given.")
def central_add_account(config_path, data, username, name, role, centre, password) -> None:
    """Create a staff login with a hashed password."""
    config = _load_config(config_path, data)
    with _central_database(config) as db:
        add_account(db, process_clock(), username, name, role, password, centre)
    click.echo(f"added {username} ({role})")


@central.command("set-password")
@_config_and_data
@click.option("--username", required=True, help="The staff login's name.")
@click.password_option(help="The new password; asked for twice if not given.")
def central_set_password(config_path, data, username, password) -> None:
    """Give a staff login a new password; every session it has open ends."""
    config = _load_config(config_path, data)
    with _central_database(config) as db:
        set_password(db, process_clock(), username, password)
    click.echo(f"new password set for {username}; their sessions have ended")


@central.command("centre-key")
@_config_and_data
@click.option("--centre", "centre_id", required=True, help="The centre's id.")
def central_centre_key(config_path: str, data: str | None, centre_id: str) -> None:
    """Issue a new sync key for a centre (the old one stops working); printed once."""
    config = _load_config(config_path, data)
    with _central_database(config) as db:
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
    """One round of reminders, sending and purging (for cron; `run` does it by itself)."""
    config = _load_config(config_path, data)
    done = run_round(create_app(config))
    click.echo(", ".join(f"{key}: {value}" for key, value in done.items()))


@central.command("demo")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port.")
@click.option("--data", default="./var/central", show_default=True, help="Data directory.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--no-rate-limit",
    is_flag=True,
    help="Lift the per-address booking limit (load tests and benchmarks).",
)
@click.option(
    "--threads", default=DEFAULT_THREADS, show_default=True, type=int, help="Worker threads."
)
@click.option(
    "--bookings-today",
    default="",
    help="Comma-separated centre ids that get demo appointments around now (e.g. norrebro).",
)
def central_demo(
    port: int, data: str, host: str, no_rate_limit: bool, threads: int, bookings_today: str
) -> None:
    """Run the booking service alone with the 8 demo centres, staff and accounts."""
    config = demo_config(Path(data).resolve(), rate_limit=not no_rate_limit)
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
        + "\nStop with Ctrl+C.\n"
    )
    sys.stdout.flush()
    serve(make_app_factory(config), host, port, threads)
