"""Backups: a copy taken while tickets are being issued holds every ticket already given out."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from centre.store.db import init_db
from enindgang.cli import main
from kernel.catalogue import DEFAULT_CATALOGUE
from tests import servers
from tests.live_http import database_with_reception
from tests.servers import Server
from tests.test_sync_processes import DAYS, wait_until

pytestmark = pytest.mark.slow

ISSUERS = 4
BEFORE_BACKUP = 60  # tickets acknowledged before the backup starts, at least


def _centre_config(tmp_path: Path) -> Path:
    # Visits of a few milliseconds: the closing-time rule never refuses the hundreds issued.
    catalogue = json.loads(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    for category in catalogue["categories"]:
        for service in category["services"]:
            service["service_minutes"] = 0.001
    (tmp_path / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    hours = "\n".join(f'{day} = "00:00-24:00"' for day in DAYS)
    config = tmp_path / "centre.toml"
    config.write_text(
        '[centre]\nid = "backup"\nname = "Borgerservice Backup"\n'
        f'data_dir = "{tmp_path / "data"}"\n'
        f'catalogue = "catalogue.json"\n\n[opening_hours]\n{hours}\n\n'
        '[counters.1]\n\n[printer]\ntransport = "virtual"\n'
    )
    database = tmp_path / "data" / "backup.sqlite3"
    database_with_reception(database)
    return config


def _server(config: Path, log: Path) -> Server:
    return servers.centre_run(config, log, "--threads", "20")


def _reception(url: str) -> tuple[dict, str]:
    login = requests.post(
        f"{url}/api/v1/login",
        json={"username": "reception1", "password": "secret-pw"},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    return login.cookies.get_dict(), login.json()["csrf_token"]


class Issuers:
    """Threads issuing tickets at the reception desk without pause; each acknowledgement
    (a 201 answer) is noted with the moment it arrived."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookies, self.token = _reception(url)
        self.acknowledged: list[tuple[float, dict]] = []
        self.failures: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(ISSUERS)]

    def start(self) -> Issuers:
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)

    def _run(self) -> None:
        with requests.Session() as http:
            http.cookies.update(self.cookies)
            while not self.stopping.is_set():
                answer = http.post(
                    f"{self.url}/api/v1/reception/tickets",
                    json={"service": "moving"},
                    headers={"X-CSRFToken": self.token},
                    timeout=20,
                )
                with self.lock:
                    if answer.status_code == 201:
                        self.acknowledged.append((time.monotonic(), answer.json()))
                    else:
                        self.failures.append(f"{answer.status_code} {answer.text[:200]}")


def test_a_backup_during_issuing_restores_every_ticket_given_out_before_it(tmp_path):
    config = _centre_config(tmp_path)
    server = _server(config, tmp_path / "server.log").start()
    backups = tmp_path / "backups"
    backups.mkdir()
    try:
        issuers = Issuers(server.url).start()
        try:
            wait_until(lambda: issuers.count() >= BEFORE_BACKUP, timeout=60)
            began = time.monotonic()
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "enindgang",
                    "centre",
                    "backup",
                    "--config",
                    str(config),
                    "--to",
                    str(backups),
                ],  # fmt: skip
                capture_output=True,
                text=True,
                timeout=60,
            )
            ended = time.monotonic()
            after = issuers.count()
            # Issuing goes on while the copy is made and after it.
            wait_until(lambda: issuers.count() >= after + 20, timeout=60)
        finally:
            issuers.stop()
        assert result.returncode == 0, result.stderr
        (copy,) = backups.glob("backup-*.sqlite3")
        assert f"backup written: {copy}" in result.stdout
        assert not issuers.failures
    finally:
        server.stop()

    # Restore as the README says: server stopped, the copy in place, no stale -wal/-shm.
    database = tmp_path / "data" / "backup.sqlite3"
    shutil.copy(copy, database)
    for stale in ("-wal", "-shm"):
        Path(f"{database}{stale}").unlink(missing_ok=True)
    restored = _numbers(database)

    before = {a["number"] for at, a in issuers.acknowledged if at < began}
    assert len(before) >= BEFORE_BACKUP
    assert before <= restored, sorted(before - restored)
    # Gap-free: the copy is one moment of the queue, never one with holes in it.
    seqs = sorted(int(number[1:]) for number in restored)
    assert seqs == list(range(1, len(seqs) + 1))
    # The copy was a moment during issuing: later tickets are not in it.
    later = {a["number"] for at, a in issuers.acknowledged if at > ended}
    assert later and not later & restored

    # The restored centre starts and goes on from the last number in the copy.
    server = _server(config, tmp_path / "restored.log").start()
    try:
        cookies, token = _reception(server.url)
        answer = requests.post(
            f"{server.url}/api/v1/reception/tickets",
            json={"service": "moving"},
            headers={"X-CSRFToken": token},
            cookies=cookies,
            timeout=20,
        )
        assert answer.status_code == 201, answer.text
        assert int(answer.json()["number"][1:]) == len(seqs) + 1
    finally:
        server.stop()


def _numbers(database: Path) -> set[str]:
    conn = sqlite3.connect(str(database))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {number for (number,) in conn.execute("SELECT number FROM tickets")}
    finally:
        conn.close()


# -- the command's answers ------------------------------------------------------------------


@pytest.fixture
def small_centre(tmp_path):
    config = tmp_path / "centre.toml"
    config.write_text('[centre]\nid = "lille"\nname = "Lille"\n[printer]\ntransport = "virtual"\n')
    init_db(tmp_path / "var" / "lille.sqlite3")
    return config


@pytest.mark.parametrize("app", ["centre", "central"])
def test_backup_into_a_missing_directory_says_so_without_a_traceback(tmp_path, small_centre, app):
    config = small_centre if app == "centre" else _central_config(tmp_path)
    result = CliRunner().invoke(
        main, [app, "backup", "--config", str(config), "--to", str(tmp_path / "nowhere")]
    )
    assert result.exit_code == 1
    assert "is not an existing directory" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_backup_of_a_centre_without_a_database_says_where_it_looked(tmp_path):
    config = tmp_path / "centre.toml"
    config.write_text('[centre]\nid = "tom"\nname = "Tom"\n')
    result = CliRunner().invoke(
        main, ["centre", "backup", "--config", str(config), "--to", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no database at" in result.output and "tom.sqlite3" in result.output
    assert not (tmp_path / "var" / "tom.sqlite3").exists()


def test_central_backup_names_its_copy_and_keeps_it_private(tmp_path):
    config = _central_config(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["central", "backup", "--config", str(config), "--to", out])
    assert result.exit_code == 0, result.output
    (copy,) = out.glob("central-*.sqlite3")
    assert result.output.strip() == f"backup written: {copy}"
    assert copy.stat().st_mode & 0o077 == 0
    conn = sqlite3.connect(str(copy))
    try:
        assert conn.execute("SELECT count(*) FROM bookings").fetchone() == (0,)
    finally:
        conn.close()


def _central_config(tmp_path: Path) -> Path:
    config = tmp_path / "central.toml"
    config.write_text(
        f'[central]\nname = "Central"\ndata_dir = "{tmp_path / "central"}"\n'
        '[[centres]]\nid = "norrebro"\nname = "Nørrebro"\n'
    )
    assert CliRunner().invoke(main, ["central", "init-db", "--config", str(config)]).exit_code == 0
    return config
