"""The command line: `enindgang central run --config FILE` serves the configured centres."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from click.testing import CliRunner

from booking.app import create_app
from booking.config import load
from enindgang.cli import main
from kernel import municipality
from tests import servers

EXAMPLE = Path(__file__).resolve().parents[2] / "booking" / "central.example.toml"


EIGHT = [c.id for c in municipality.load().centres]


def test_the_example_config_loads_all_eight_centres_of_the_municipality_file():
    config = load(EXAMPLE)
    assert [c.id for c in config.centres] == EIGHT
    assert config.hold_minutes == 10


def test_central_run_serves_the_centres_of_its_config(tmp_path):
    port = servers.free_port()
    command = servers.enindgang(
        "central", "run", "--config", str(EXAMPLE),
        "--data", str(tmp_path / "data"), "--port", str(port),
    )  # fmt: skip
    with servers.Server(command, port, tmp_path / "run.log") as central:
        centres = requests.get(f"{central.url}/api/v1/centres", timeout=10).json()
        assert [c["id"] for c in centres["centres"]] == EIGHT
        # No staff set up yet: nothing can be booked, and saying so is not an error.
        slots = requests.get(f"{central.url}/api/v1/availability?service=passport", timeout=10)
        assert slots.json()["slots"] == []
    assert (tmp_path / "data" / "central.sqlite3").exists()


def test_central_run_with_two_workers_starts_on_a_new_database(tmp_path):
    """The schema is made once before the workers fork, so neither fails on the other's."""
    port = servers.free_port()
    command = servers.enindgang(
        "central", "run", "--config", str(EXAMPLE), "--data", str(tmp_path / "data"),
        "--port", str(port), "--workers", "2", "--access-log",
    )  # fmt: skip
    # Which worker accepts a connection is the kernel's choice: ask in parallel rounds until
    # both have answered (one busy worker may win many in a row on a loaded machine).
    server = servers.Server(command, port, tmp_path / "run.log")
    with server as central, ThreadPoolExecutor(8) as pool:
        url = f"{central.url}/api/v1/centres"
        for _ in range(30):
            answers = list(pool.map(lambda _: requests.get(url, timeout=10), range(8)))
            assert all(a.status_code == 200 for a in answers)
            log = central.log_tail(100_000)
            booted = set(re.findall(r"Booting worker with pid: (\d+)", log))
            answered = set(re.findall(r'worker=<(\d+)> "GET" 200', log))
            if len(booted) == 2 and answered == booted:
                break
    assert "Worker failed to boot" not in log and "Traceback" not in log
    assert len(booted) == 2 and answered == booted


def _add_account(tmp_path: Path, *more: str):
    args = ["central", "add-account", "--config", str(EXAMPLE), "--data", str(tmp_path)]
    args += ["--username", "mette", "--name", "Mette Manager", "--role", "manager"]
    return CliRunner().invoke(main, [*args, *more, "--password", "a-long-password"])


def test_a_manager_of_one_centre_can_be_added_before_central_first_starts(tmp_path):
    centre = load(EXAMPLE).centres[0].id
    result = _add_account(tmp_path, "--centre", centre)
    assert result.exit_code == 0, result.output
    assert "added mette (manager)" in result.output


def test_an_account_for_a_centre_that_does_not_exist_is_refused_clearly(tmp_path):
    result = _add_account(tmp_path, "--centre", "atlantis")
    assert result.exit_code != 0
    assert "validation" in result.output and "centre" in result.output
    assert "Traceback" not in result.output


def test_a_contact_centre_account_is_added_and_lands_on_the_phone_workspace(tmp_path):
    args = ["central", "add-account", "--config", str(EXAMPLE), "--data", str(tmp_path)]
    args += ["--username", "karin", "--name", "Karin Holm", "--role", "contact_centre"]
    result = CliRunner().invoke(main, [*args, "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    assert "added karin (contact_centre)" in result.output
    app = create_app(load(EXAMPLE, data_dir=tmp_path), testing=True)
    http = app.test_client()
    answer = http.post("/api/v1/login", json={"username": "karin", "password": "a-long-password"})
    assert answer.json["account"]["role"] == "contact_centre"
    token = answer.json["csrf_token"]
    logged = http.post(
        "/api/v1/contact/calls",
        json={"service": "moving", "outcome": "answered"},
        headers={"X-CSRFToken": token},
    )
    assert logged.status_code == 201
