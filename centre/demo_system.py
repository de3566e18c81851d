"""The whole demo system: the central service and a second centre in child processes."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from flask import Flask

from booking.demo import DEMO_OPENING_HOURS, HISTORY_DAYS, HISTORY_SEED, demo_key, history_days
from centre.app import create_app
from centre.config import CentreConfig, load
from centre.domain.accounts import add_staff
from centre.store import staff as staff_store
from centre.store.db import init_db
from kernel.background import in_background
from kernel.db import connect
from kernel.history import History, weekly_from_rows
from kernel.history_fill import fill_visits, has_history
from kernel.runtime_clock import process_clock

# The first centre runs in the foreground; these ids match the central demo's centres.
FIRST = ("norrebro", "Borgerservice Nørrebro")
SECOND = ("osterbro", "Borgerservice Østerbro")
CENTRAL_OFFSET = 10
SECOND_OFFSET = 1
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
    demo holds for this centre (same seed, and central's demo hours, not the demo centre's
    round-the-clock ones). How many were written."""
    if days <= 0:
        return 0
    db = connect(config.database_path)
    try:
        if has_history(db, config.id):
            return 0
        first, last = history_days(config.tz, days)
        made = History(HISTORY_SEED, config.catalogue(), config.tz)
        return fill_visits(db, made, config.id, weekly_from_rows(DEMO_OPENING_HOURS), first, last)
    finally:
        db.close()


def demo_app_factory(
    config: CentreConfig, days: int, also: Sequence[CentreConfig] = ()
) -> Callable[[], Flask]:
    """The demo centre's app for kernel.server.serve; in its worker, beside the requests, the
    generated history of this centre and of `also` (the second centre) is stored, so the
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


def _second_centre_config(data_dir: Path, host: str, port: int) -> Path:
    centre_id, name = SECOND
    central = central_settings(host, port, centre_id)
    hours = "\n".join(f'{day} = "00:00-24:00"' for day in DAYS)
    counters = "\n".join(f"[counters.{n}]" for n in range(1, 7))
    path = data_dir / f"{centre_id}.toml"
    data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[centre]\nid = "{centre_id}"\nname = "{name}"\ndemo = true\n'
        f'data_dir = "{data_dir}"\n\n[opening_hours]\n{hours}\n\n{counters}\n\n'
        '[kiosk]\nauto_pair = true\n\n[printer]\ntransport = "virtual"\n\n'
        f'[central]\nurl = "{central["url"]}"\nkey = "{central["key"]}"\n'
        f"max_backoff_seconds = {central['max_backoff_seconds']}\n"
    )
    return path


def second_centre(data_dir: Path) -> CentreConfig:
    """The second centre's config, as start_children wrote it."""
    return load(data_dir / SECOND[0] / f"{SECOND[0]}.toml")


def start_children(
    data_dir: Path, host: str, port: int, history: int = HISTORY_DAYS
) -> dict[str, str]:
    """Start central (PORT+10) and the second centre (PORT+1); stopped when this process ends.
    Central stores its generated `history` days itself; the second centre's are stored by
    this process (demo_app_factory)."""
    second_config = _second_centre_config(data_dir / SECOND[0], host, port)
    second = load(second_config)
    init_db(second.database_path)
    ensure_demo_accounts(second.database_path)
    python = sys.executable
    commands = [
        [
            python, "-m", "enindgang", "central", "demo",
            "--host", host, "--port", str(port + CENTRAL_OFFSET),
            "--data", str(data_dir / "central"),
            "--bookings-today", f"{FIRST[0]},{SECOND[0]}", "--history-days", str(history),
        ],
        [
            python, "-m", "enindgang", "centre", "run", "--config", str(second_config),
            "--host", host, "--port", str(port + SECOND_OFFSET),
        ],
    ]  # fmt: skip
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
    return {
        "central": f"http://{host}:{port + CENTRAL_OFFSET}",
        "second": f"http://{host}:{port + SECOND_OFFSET}",
    }
