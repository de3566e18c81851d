"""Helpers for the command lines of both apps: config, database, staff logins, backup, address."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from kernel import pg
from kernel.backup import BackupError, backup_database
from kernel.config import ConfigError
from kernel.db import connect, shown
from kernel.errors import CodedError
from kernel.links import FALLBACK, served_url
from kernel.runtime_clock import process_clock

# The app's database for a command's --config and --data, schema up to date (see open_database).
OpenDatabase = Callable[[str, str | None], AbstractContextManager[Database]]
Option = Callable[[Callable], Callable]


def config_and_data(
    config_help: str, data_help: str = "Data directory (overrides the config file)."
) -> Callable[[Callable], Callable]:
    """The --config and --data options of an app's commands (--config listed first)."""

    def decorate(func: Callable) -> Callable:
        func = click.option("--data", default=None, help=data_help)(func)
        return click.option(
            "--config", "config_path", required=True, type=click.Path(exists=True), help=config_help
        )(func)

    return decorate


def load_config(load: Callable[[str, Path | None], Any], path: str, data: str | None) -> Any:
    """The app's config from `path` (data directory overridden by --data), or a clear CLI error."""
    try:
        return load(path, Path(data).resolve() if data else None)
    except ConfigError as err:
        raise click.ClickException(str(err)) from None


@contextmanager
def open_database(path: Path | str, init_db: Callable[[Path], None]) -> Iterator[Database]:
    """The app's database, schema up to date; a domain error becomes a clear CLI error."""
    init_db(path)
    db = connect(path)
    try:
        yield db
    except CodedError as err:
        raise click.ClickException(f"{err.code}: {err.params}") from None
    finally:
        db.close()


def init_db_command(
    group: click.Group,
    options: Option,
    load: Callable[[str, str | None], Any],
    init_db: Callable[[Path], None],
    what: str,
) -> None:
    """`<app> init-db`: create the `what` (centre, central) database or migrate its schema."""

    @group.command("init-db", help=f"Create the {what} database or bring its schema up to date.")
    @options
    def command(config_path: str, data: str | None) -> None:
        config = load(config_path, data)
        init_db(config.database)
        click.echo(f"database ready: {shown(config.database)}")


def backup_command(
    group: click.Group,
    options: Option,
    load: Callable[[str, str | None], Any],
    stem: Callable[[Any], str],
    named: str,
    help: str,
) -> None:
    """`<app> backup --to DIR`: a consistent copy of the running app's database, named
    `<stem(config)>-<UTC time>.sqlite3` (`named` says so in --help)."""

    @group.command("backup", help=help)
    @options
    @click.option(
        "--to",
        "to_dir",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=f"An existing directory for the copy (named {named}-<UTC time>.sqlite3).",
    )
    def command(config_path: str, data: str | None, to_dir: Path) -> None:
        config = load(config_path, data)
        click.echo(f"backup written: {run_backup(config.database, to_dir, stem(config))}")


def add_staff_command(
    group: click.Group,
    name: str,
    options: Option,
    database: OpenDatabase,
    add: Callable[..., None],
    noun: str,
    person_options: Sequence[Option],
) -> None:
    """`<app> <name>`: a new staff `noun` (login, account) with a hashed password.

    `person_options` are the app's --name and --role (and more), handed on to
    `add(db, clock, username, name, role, password, **more)`."""

    def command(config_path: str, data: str | None, username: str, password: str, **person):
        with database(config_path, data) as db:
            add(db, process_clock(), username, password=password, **person)
        click.echo(f"added {username} ({person['role']})")

    command = click.password_option(help="Asked for twice if not given.")(command)
    for option in reversed(person_options):
        command = option(command)
    command = click.option(
        "--username", required=True, help="Login name (lower case letters, digits, . _ -)."
    )(command)
    group.command(name, help=f"Create a staff {noun} with a hashed password.")(options(command))


def set_password_command(
    group: click.Group,
    options: Option,
    database: OpenDatabase,
    set_password: Callable[..., None],
    noun: str,
) -> None:
    """`<app> set-password`: a staff `noun` (login, account) gets a new password."""

    @group.command(
        "set-password", help=f"Give a staff {noun} a new password; every session it has open ends."
    )
    @options
    @click.option("--username", required=True, help="The staff member's login name.")
    @click.password_option(help="The new password; asked for twice if not given.")
    def command(config_path: str, data: str | None, username: str, password: str) -> None:
        with database(config_path, data) as db:
            set_password(db, process_clock(), username, password)
        click.echo(f"new password set for {username}; their sessions have ended")


def run_backup(database: Path | str, to_dir: Path, stem: str) -> Path:
    """The backup for `enindgang centre backup` and `enindgang central backup`."""
    if pg.is_url(database):
        raise click.ClickException(
            "the database is a PostgreSQL server: back it up with pg_dump (docs/DEPLOYMENT.md)"
        )
    try:
        return backup_database(database, to_dir.resolve(), stem, datetime.now(UTC))
    except BackupError as err:
        raise click.ClickException(str(err)) from None


def default_public_url(config: Any, host: str, port: int) -> None:
    """Links need an address: without public_url in the config, the one this server has.

    Listening on every address gives none to take; the operator is told so."""
    config.public_url = config.public_url or served_url(host, port)
    if config.public_url is None and not config.allowed_hosts:
        click.echo(
            f"WARNING: no public_url in {config.name}'s config: QR links and status links "
            f"will point to {FALLBACK}. Set public_url (or allowed_hosts).",
            err=True,
        )
