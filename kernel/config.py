"""Reading the TOML config files of both apps, and the settings they share."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import tomllib
from pathlib import Path
from typing import Any

DEFAULT_SESSION_HOURS = 12.0


class ConfigError(ValueError):
    """The config file is missing something or says something impossible."""


def read_toml(path: Path | str) -> dict[str, Any]:
    """The parsed file, or ConfigError saying plainly what is wrong with it."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from None


def load_secret_key(configured: str | None, data_dir: Path) -> str:
    """The configured key, or one generated once and kept in the data dir (never in git)."""
    if configured:
        return configured
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Several worker processes may get here at once on the first start: each writes a
        # whole key aside and links it into place, and only the first link wins, so every
        # worker signs sessions with the same key.
        fd, aside = tempfile.mkstemp(dir=data_dir, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
            with contextlib.suppress(FileExistsError):
                os.link(aside, path)
        finally:
            os.unlink(aside)
    return path.read_text().strip()


def parse_session_hours(value: object, where: str) -> float:
    """A positive number of hours from a config file, or ValueError naming `where`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"{where} session_hours must be a number of hours above 0")
    return float(value)


def parse_allowed_hosts(value: object, section: str) -> tuple[str, ...]:
    """The config's allowed_hosts: a list of host names, with or without a port."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item and "/" not in item and " " not in item for item in value
    ):
        raise ValueError(
            f'[{section}] allowed_hosts must be a list of host names, e.g. ["kø.kk.dk"]'
        )
    return tuple(value)


def parse_monitoring_token(raw: object) -> str | None:
    """[monitoring] token: the Bearer token that reads /metrics and the details of /healthz
    from anywhere (None: from this machine only)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ConfigError('[monitoring] must be a table, like [monitoring] token = "…"')
    token = raw.get("token")
    if token is None:
        return None
    if not isinstance(token, str) or len(token) < 16 or any(c.isspace() for c in token):
        raise ConfigError("[monitoring] token must be at least 16 characters, without spaces")
    return token
