"""Tickets queued for printing when the centre dies are shown to staff as not printed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port
from tests.escpos_reader import read
from tests.fake_printer import FakePrinter
from tests.live_http import database_with_reception
from tests.test_sync_processes import DAYS, Process, query, wait_until

pytestmark = pytest.mark.slow

# Long enough that a hanging printer keeps every job queued until the kill.
PRINT_TIMEOUT = 30


def _centre(tmp_path: Path, printer: FakePrinter) -> tuple[Path, Path]:
    hours = "\n".join(f'{day} = "00:00-24:00"' for day in DAYS)
    config = tmp_path / "centre.toml"
    config.write_text(
        f'[centre]\nid = "crash"\nname = "Borgerservice Crash"\ndata_dir = "{tmp_path / "data"}"\n'
        f"\n[opening_hours]\n{hours}\n\n[counters.1]\n\n"
        f'[printer]\ntransport = "network"\nhost = "127.0.0.1"\nport = {printer.port}\n'
        f"timeout_seconds = {PRINT_TIMEOUT}\nstatus_interval_seconds = 600\n"
    )
    database = tmp_path / "data" / "crash.sqlite3"
    database_with_reception(database)
    return config, database


def _server(config: Path, log: Path) -> Process:
    command = [
        sys.executable, "-m", "enindgang", "centre", "run",
        "--config", str(config), "--port", str(free_port()), "--threads", "20",
    ]  # fmt: skip
    return Process(command, int(command[command.index("--port") + 1]), log).start()


class Reception:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        login = self.http.post(
            f"{url}/api/v1/login",
            json={"username": "reception1", "password": "secret-pw"},
            timeout=10,
        )
        assert login.status_code == 200, login.text
        self.token = login.json()["csrf_token"]

    def post(self, path: str, body: dict) -> requests.Response:
        return self.http.post(
            f"{self.url}{path}", json=body, headers={"X-CSRFToken": self.token}, timeout=10
        )

    def issue(self) -> dict:
        answer = self.post("/api/v1/reception/tickets", {"service": "other"})
        assert answer.status_code == 201, answer.text
        return answer.json()

    def printer(self) -> dict:
        answer = self.http.get(f"{self.url}/api/v1/printer", timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()


def test_tickets_queued_for_a_hanging_printer_at_a_crash_are_shown_as_not_printed(tmp_path):
    fake = FakePrinter().start()
    config, database = _centre(tmp_path, fake)
    server = _server(config, tmp_path / "first.log")
    try:
        desk = Reception(server.url)
        printed = desk.issue()
        assert fake.wait_for_jobs(1, timeout=20)
        wait_until(
            lambda: query(database, "SELECT 1 FROM events WHERE type = 'print.ok'"), timeout=10
        )
        fake.set_mode("stall")  # the printer takes the connection and never answers
        stuck = [desk.issue() for _ in range(3)]
        server.kill()  # power cut while the three wait for the printer

        fake.set_mode("ok")
        server = _server(config, tmp_path / "second.log")
        desk = Reception(server.url)
        failed = desk.printer()["failed"]
        assert [(f["number"], f["error"]) for f in failed] == [
            (t["number"], "interrupted") for t in stuck
        ]
        assert printed["number"] not in {f["number"] for f in failed}

        # Reprint from the alert: the paper copy comes out and the ticket leaves the list.
        jobs = len(fake.jobs)
        assert desk.post("/api/v1/printer/reprint", {"ticket": stuck[0]["id"]}).status_code == 202
        assert fake.wait_for_jobs(jobs + 1, timeout=20)
        assert stuck[0]["number"] in read(fake.jobs[-1]).texts()
        wait_until(lambda: len(desk.printer()["failed"]) == 2, timeout=10)

        # A second (clean) restart lists the two still unprinted again, and only once each.
        server.stop()
        server = _server(config, tmp_path / "third.log")
        desk = Reception(server.url)
        assert [f["number"] for f in desk.printer()["failed"]] == [t["number"] for t in stuck[1:]]
        marked = query(
            database,
            "SELECT ticket_id FROM events WHERE type = 'print.failed' "
            "AND json_extract(data, '$.error') = 'interrupted'",
        )
        assert sorted(marked) == sorted((t["id"],) for t in stuck)
    finally:
        server.stop()
        fake.stop()
