"""The whole demo system: the central service and the other demo centres in child processes."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from flask import Flask

from booking.demo import (
    DEMO_CENTRES,
    HISTORY_DAYS,
    HISTORY_SEED,
    centre_seed,
    demo_key,
    history_days,
)
from centre.app import create_app
from centre.config import CentreConfig, load
from centre.domain.accounts import add_staff
from centre.store import staff as staff_store
from centre.store.db import init_db
from kernel import municipality
from kernel.background import in_background
from kernel.db import connect
from kernel.history import History, weekly_from_rows
from kernel.history_fill import fill_visits, has_history
from kernel.runtime_clock import process_clock

# The first centre runs in the foreground on PORT, the n-th on PORT+n-1, central on PORT+10;
# the centres are the municipality file's first N (central knows all of them).
CENTRAL_OFFSET = 10
MAX_CENTRES = len(DEMO_CENTRES)
DEFAULT_CENTRES = 2
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEMO_ACCOUNTS = (
    ("staff1", "Sara Sørensen", "staff"),
    ("tax1", "Tobias Ærø (Skattestyrelsen)", "tax"),
    ("reception1", "Rikke Ålund", "reception"),
    ("manager1", "Mads Østergaard", "manager"),
)
DEMO_PASSWORD = "demo"


def ensure_demo_accounts(database_path: Path) -> None:
    """The demo's four accounts, password "demo" (demo mode only)."""
    db = connect(database_path)
    try:
        for username, name, role in DEMO_ACCOUNTS:
            if staff_store.get(db, username) is None:
                add_staff(db, process_clock(), username, name, role, DEMO_PASSWORD)
    finally:
        db.close()


def ensure_demo_history(config: CentreConfig, days: int = HISTORY_DAYS) -> int:
    """`days` of generated visits before today, on the first start: the same rows central's
    demo holds for this centre (same seed, and the centre's hours in the municipality file,
    as central has them, even when the demo centre is open around the clock). How many."""
    if days <= 0:
        return 0
    db = connect(config.database_path)
    try:
        if has_history(db, config.id):
            return 0
        first, last = history_days(config.tz, days)
        made = History(HISTORY_SEED, config.catalogue(), config.tz)
        # The lone --centre-only centre ("demo") is in no file: it gets the first centre's week.
        known = {item.id for item in DEMO_CENTRES}
        seed = centre_seed(config.id if config.id in known else DEMO_CENTRES[0].id)
        weekly = weekly_from_rows(seed.opening_hours)
        return fill_visits(db, made, config.id, weekly, first, last)
    finally:
        db.close()


def demo_app_factory(
    config: CentreConfig, days: int, also: Sequence[CentreConfig] = ()
) -> Callable[[], Flask]:
    """The demo centre's app for kernel.server.serve; in its worker, beside the requests, the
    generated history of this centre and of `also` (the other centres) is stored, so the
    kiosk answers at once and the reports fill within seconds."""

    def make() -> Flask:
        app = create_app(config)
        if days > 0:
            in_background(_fill_all, [config, *also], days)
        return app

    return make


def _fill_all(configs: Sequence[CentreConfig], days: int) -> None:
    for config in configs:
        ensure_demo_history(config, days)


def central_settings(host: str, port: int, centre_id: str) -> dict:
    # Central starts a few seconds after the centres: retry often rather than back off long.
    return {
        "url": f"http://{host}:{port + CENTRAL_OFFSET}",
        "key": demo_key(centre_id),
        "max_backoff_seconds": 5,
    }


def demo_centres(count: int) -> list[tuple[str, str]]:
    """The first `count` centres of the municipality file: (id, name)."""
    if not 1 <= count <= MAX_CENTRES:
        raise ValueError(f"the demo runs 1 to {MAX_CENTRES} centres")
    return [(item.id, item.name) for item in DEMO_CENTRES[:count]]


def hours_spec(centre_id: str) -> dict[str, list[str]]:
    """A demo centre's weekly hours from the municipality file, in the config's syntax."""
    found: dict[str, list[str]] = {}
    for day, start, end in centre_seed(centre_id).opening_hours:
        found.setdefault(DAYS[day], []).append(f"{start}-{end}")
    return found


def _toml_hours(spec: dict[str, list[str]]) -> str:
    # A JSON list of plain strings is a TOML array too.
    return "\n".join(f"{day} = {json.dumps(periods)}" for day, periods in spec.items())


def walk_in_spec(centre_id: str) -> dict[str, Any]:
    """A demo centre's walk-in and appointment days from the municipality file (config syntax)."""
    return municipality.load().centre(centre_id).walk_in.as_spec()


def _toml_walk_in(centre_id: str) -> str:
    spec = walk_in_spec(centre_id)
    if not spec:
        return ""
    return "[walk_in]\n" + _toml_hours(spec) + "\n\n"


def _centre_config(data_dir: Path, host: str, port: int, centre_id: str, name: str) -> Path:
    central = central_settings(host, port, centre_id)
    po = "true" if centre_seed(centre_id).po_colocated else "false"
    counters = "\n".join(f"[counters.{n}]" for n in range(1, 7))
    path = data_dir / f"{centre_id}.toml"
    data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[centre]\nid = "{centre_id}"\nname = "{name}"\ndemo = true\n'
        f'data_dir = "{data_dir}"\npo_colocated = {po}\n\n'
        f"[opening_hours]\n{_toml_hours(hours_spec(centre_id))}\n\n{counters}\n\n"
        f"{_toml_walk_in(centre_id)}"
        '[kiosk]\nauto_pair = true\n\n[printer]\ntransport = "virtual"\n\n'
        f'[central]\nurl = "{central["url"]}"\nkey = "{central["key"]}"\n'
        f"max_backoff_seconds = {central['max_backoff_seconds']}\n"
    )
    return path


def other_centres(data_dir: Path, count: int) -> list[CentreConfig]:
    """The configs start_children wrote for the centres after the first."""
    return [
        load(data_dir / centre_id / f"{centre_id}.toml") for centre_id, _ in demo_centres(count)[1:]
    ]


def start_children(
    data_dir: Path, host: str, port: int, history: int = HISTORY_DAYS, count: int = 2
) -> dict[str, str]:
    """Start central (PORT+10) and the centres after the first (PORT+1 …); stopped when this
    process ends. Central stores its generated `history` days itself; the other centres' are
    stored by this process (demo_app_factory)."""
    centres = demo_centres(count)
    python = sys.executable
    commands = [
        [
            python, "-m", "enindgang", "central", "demo",
            "--host", host, "--port", str(port + CENTRAL_OFFSET),
            "--data", str(data_dir / "central"),
            "--bookings-today", ",".join(c for c, _ in centres),
            "--history-days", str(history),
        ],
    ]  # fmt: skip
    urls = {"central": f"http://{host}:{port + CENTRAL_OFFSET}"}
    for offset, (centre_id, name) in enumerate(centres[1:], start=1):
        path = _centre_config(data_dir / centre_id, host, port, centre_id, name)
        config = load(path)
        init_db(config.database_path)
        ensure_demo_accounts(config.database_path)
        commands.append(
            [python, "-m", "enindgang", "centre", "run", "--config", str(path),
             "--host", host, "--port", str(port + offset)]
        )  # fmt: skip
        urls[centre_id] = f"http://{host}:{port + offset}"
    children: list[subprocess.Popen] = []
    owner = os.getpid()

    def stop_children() -> None:
        # gunicorn forks its worker from this process: only the parent stops the children.
        if os.getpid() != owner:
            return
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()

    atexit.register(stop_children)
    children.extend(subprocess.Popen(command) for command in commands)
    return urls
