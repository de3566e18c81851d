"""`enindgang centre …` and `enindgang demo`: run and administer a centre, run the demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from centre import demo_system
from centre.app import create_app
from centre.config import demo_config, load
from centre.domain import kiosks as kiosk_domain
from centre.domain.accounts import add_staff, set_password
from centre.store.db import init_db
from kernel.catalogue import ROLES
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
from kernel.runtime_clock import process_clock
from kernel.server import serve

# The --config and --data options every centre command takes.
_config_and_data = config_and_data("The centre config file (TOML), see centre.example.toml.")


def _load_config(path: str, data: str | None):
    return load_config(load, path, data)


def _centre_database(config):
    return open_database(config.database_path, init_db)


def _database(config_path: str, data: str | None):
    return _centre_database(_load_config(config_path, data))


@click.group()
def centre() -> None:
    """Run and administer one centre."""


@centre.command("run")
@_config_and_data
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; also the default public_url unless it is 0.0.0.0.",
)
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--threads",
    default=100,
    show_default=True,
    type=int,
    help="Worker threads; each open screen holds one.",
)
@click.option(
    "--no-rate-limit",
    is_flag=True,
    help="Benchmarks only: no human rate for kiosks (tickets, wrong check-in codes).",
)
def centre_run(
    config_path: str, host: str, port: int, data: str | None, threads: int, no_rate_limit: bool
) -> None:
    """Serve the centre (kiosk, display, counters, API) with gunicorn."""
    config = _load_config(config_path, data)
    config.kiosk_rate_limit = not no_rate_limit
    init_db(config.database_path)
    default_public_url(config, host, port)
    warn_auto_pair(config)
    click.echo(f"{config.name}: http://{host}:{port}/  (data in {config.data_dir})")
    serve(lambda: create_app(config), host, port, threads)


def warn_auto_pair(config) -> None:
    """auto_pair is for the demo; on a real centre anyone who reaches /kiosk becomes a kiosk."""
    if config.kiosk_auto_pair:
        click.echo(
            f"WARNING: [kiosk] auto_pair is on in {config.name}'s config: any browser that opens "
            "/kiosk is paired as a kiosk and may issue tickets and check citizens in. It is for "
            "the demo; remove it on a real centre and pair kiosks with `centre add-kiosk`.",
            err=True,
        )


init_db_command(centre, _config_and_data, _load_config, init_db, "centre")
add_staff_command(
    centre,
    "add-staff",
    _config_and_data,
    _database,
    add_staff,
    "account",
    [
        click.option("--name", required=True, help="The person's full name, shown to colleagues."),
        click.option(
            "--role",
            required=True,
            type=click.Choice(ROLES),
            help="staff: counter staff; tax: state tax secondee; reception; manager.",
        ),
    ],
)
set_password_command(centre, _config_and_data, _database, set_password, "account")


backup_command(
    centre,
    _config_and_data,
    _load_config,
    lambda config: config.id,
    "<id>",
    """Copy the centre database while the centre runs (a consistent snapshot).

    The copy holds tickets, events, staff and the booking replica; not the secret_key file
    and not the printouts. See the README for how to restore it.
    """,
)


# Shown when the config has no public_url: the kiosk must be told the centre's real address.
PLACEHOLDER_URL = "http://CENTRE-ADDRESS:5000"


@centre.command("add-kiosk")
@_config_and_data
@click.option("--name", required=True, help="A name staff recognise, e.g. 'Entrance left'.")
def centre_add_kiosk(config_path: str, data: str | None, name: str) -> None:
    """Make a one-time pairing link for a new kiosk (valid 15 minutes, single use).

    Open the link in the kiosk's browser: it keeps its own credential and shows the kiosk."""
    config = _load_config(config_path, data)
    with _centre_database(config) as db:
        kiosk, token = kiosk_domain.add_kiosk(process_clock(), db, name)
    base = (config.public_url or PLACEHOLDER_URL).rstrip("/")
    minutes = int(kiosk_domain.PAIRING_VALID.total_seconds() // 60)
    click.echo(
        f"kiosk {kiosk['name']!r} added; open this link in its browser within {minutes} min:"
    )
    click.echo(f"  {base}/kiosk/pair/{token}")
    if not config.public_url:
        click.echo(
            f"(no public_url in the config: put the address the kiosk uses to reach this centre "
            f"in place of {PLACEHOLDER_URL})"
        )


@centre.command("kiosks")
@_config_and_data
def centre_kiosks(config_path: str, data: str | None) -> None:
    """List the kiosks: name, paired, last seen, revoked (the manager revokes on /counter)."""
    config = _load_config(config_path, data)
    with _centre_database(config) as db:
        found = kiosk_domain.listing(db)
    if not found:
        click.echo("no kiosks yet (add one with `enindgang centre add-kiosk`)")
    for kiosk in found:
        paired = kiosk["paired_at"] or "not paired"
        seen = kiosk["last_seen_at"] or "never"
        revoked = f"revoked {kiosk['revoked_at']}" if kiosk["revoked"] else "active"
        click.echo(f"{kiosk['name']}\tpaired: {paired}\tlast seen: {seen}\t{revoked}")


@click.command()
@click.option(
    "--port", default=5000, show_default=True, type=int, help="Port of the first demo centre."
)
@click.option("--data", default="./var", show_default=True, help="Data directory.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--centres",
    "count",
    default=demo_system.DEFAULT_CENTRES,
    show_default=True,
    type=click.IntRange(1, demo_system.MAX_CENTRES),
    help="How many of the municipality file's centres run, on PORT, PORT+1, … "
    f"(1 to {demo_system.MAX_CENTRES}; central knows all of them either way).",
)
@click.option(
    "--real-hours",
    is_flag=True,
    help="The first centre keeps the file's weekday hours too (else it is open around the "
    "clock, so the demo takes a ticket at any hour).",
)
@click.option(
    "--centre-only",
    is_flag=True,
    help="Only this one centre: no central service on PORT+10, no other centres.",
)
@click.option(
    "--no-rate-limit",
    is_flag=True,
    help="Benchmarks only: no human rate for the demo centre's kiosks.",
)
@click.option(
    "--history-days",
    default=demo_system.HISTORY_DAYS,
    show_default=True,
    type=click.IntRange(0, 3660),
    help="Generated visits of this many days before today on the first start (0: none).",
)
def demo(
    port: int,
    data: str,
    host: str,
    count: int,
    real_hours: bool,
    centre_only: bool,
    no_rate_limit: bool,
    history_days: int,
) -> None:
    """Run the demo: the first N of Copenhagen's centres (kernel/data/copenhagen.toml) on PORT,
    PORT+1, … and central on PORT+10.

    Central knows all eight centres. The first centre is open around the clock unless
    --real-hours; the others keep the file's weekday hours (the file marks which of its values
    are not yet verified). To try them at another hour, run
    as if at that hour: ENINDGANG_CLOCK_OFFSET=SECONDS (see the README). Any browser that opens
    a demo /kiosk is paired as a kiosk by itself (demo only)."""
    data_dir = Path(data).resolve()
    if centre_only:
        config = demo_config(data_dir)
    else:
        centre_id, name = demo_system.demo_centres(count)[0]
        central = demo_system.central_settings(host, port, centre_id)
        hours = demo_system.hours_spec(centre_id) if real_hours else None
        po = demo_system.centre_seed(centre_id).po_colocated
        walk_in = demo_system.walk_in_spec(centre_id)
        config = demo_config(data_dir, centre_id, name, central, hours, po, walk_in)
    config.kiosk_rate_limit = not no_rate_limit
    init_db(config.database_path)
    demo_system.ensure_demo_accounts(config.database_path)
    default_public_url(config, host, port)
    base = f"http://{host}:{port}"
    others = "" if centre_only else _start_others(data_dir, host, port, history_days, count)
    also = [] if centre_only else demo_system.other_centres(data_dir, count)
    click.echo(
        f"\n{config.name} is starting:\n"
        f"  kiosk    {base}/kiosk\n"
        f"  display  {base}/display\n"
        f"  counter  {base}/counter\n"
        + others
        + f"Demo accounts (password '{demo_system.DEMO_PASSWORD}', demo only): "
        + ", ".join(f"{u} ({r})" for u, _, r in demo_system.DEMO_ACCOUNTS)
        + f"\nPrintouts of the virtual printer: {config.printout_dir}\n"
        "Counters: 1 to 6. Stop with Ctrl+C.\n"
    )
    sys.stdout.flush()
    serve(demo_system.demo_app_factory(config, history_days, also), host, port)


def _start_others(data_dir: Path, host: str, port: int, history_days: int, count: int) -> str:
    urls = demo_system.start_children(data_dir, host, port, history_days, count)
    names = dict(demo_system.demo_centres(count))
    lines = [
        f"{names[centre_id]}: {url}/kiosk  /display  /counter\n"
        for centre_id, url in urls.items()
        if centre_id != "central"
    ]
    return (
        "".join(lines)
        + f"Central booking service:  {urls['central']}/book  staff {urls['central']}/staff\n"
        f"  all centres today:      {urls['central']}/staff/overview\n"
        "  (it prints today's demo booking codes for check-in at the kiosks)\n"
    )
