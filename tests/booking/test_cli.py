"""The command line: `enindgang central run --config FILE` serves the configured centres."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests

from booking.config import load
from tests.conftest import free_port, wait_for_port

EXAMPLE = Path(__file__).resolve().parents[2] / "booking" / "central.example.toml"


def test_the_example_config_loads():
    config = load(EXAMPLE)
    assert [c.id for c in config.centres] == ["norrebro", "osterbro"]
    assert config.hold_minutes == 10


def test_central_run_serves_the_centres_of_its_config(tmp_path):
    port = free_port()
    command = [
        sys.executable, "-m", "enindgang", "central", "run", "--config", str(EXAMPLE),
        "--data", str(tmp_path / "data"), "--port", str(port),
    ]  # fmt: skip
    with open(tmp_path / "run.log", "wb") as log:
        proc = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        wait_for_port(port, timeout=40)
        centres = requests.get(f"http://127.0.0.1:{port}/api/v1/centres", timeout=10).json()
        assert [c["id"] for c in centres["centres"]] == ["norrebro", "osterbro"]
        # No staff set up yet: nothing can be booked, and saying so is not an error.
        slots = requests.get(
            f"http://127.0.0.1:{port}/api/v1/availability?service=passport", timeout=10
        ).json()
        assert slots["slots"] == []
    finally:
        proc.terminate()
        proc.wait(10)
    assert (tmp_path / "data" / "central.sqlite3").exists()
