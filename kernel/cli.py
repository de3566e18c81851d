"""Helpers for the command lines of both apps: config, database, backup, the public address."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from kernel.backup import BackupError, backup_database
from kernel.config import ConfigError
from kernel.db import connect
from kernel.errors import CodedError
from kernel.links import FALLBACK, served_url


def config_and_data(config_help: str) -> Callable[[Callable], Callable]:
    """The --config and --data options of an app's commands (--config listed first)."""

    def decorate(func: Callable) -> Callable:
        func = click.option(
            "--data", default=None, help="Data directory (overrides the config file)."
        )(func)
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
def open_database(path: Path, init_db: Callable[[Path], None]) -> Iterator[Database]:
    """The app's database, schema up to date; a domain error becomes a clear CLI error."""
    init_db(path)
    db = connect(path)
    try:
        yield db
    except CodedError as err:
        raise click.ClickException(f"{err.code}: {err.params}") from None
    finally:
        db.close()


def run_backup(database: Path, to_dir: Path, stem: str) -> Path:
    """The backup for `enindgang centre backup` and `enindgang central backup`."""
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
