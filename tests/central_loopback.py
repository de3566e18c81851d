"""The real central booking app on a loopback HTTP server in the test process, and a centre
config that talks to it."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from booking.domain.sync import issue_key
from centre.config import CentreConfig, from_dict
from kernel.clock import FixedClock
from tests.booking.conftest import MONDAY_8
from tests.booking.conftest import make_app as make_central
from tests.conftest import centre_raw
from tests.servers import free_port

KEY = "norrebro.test-key-0123456789"


class CentralOnLoopback:
    """The central booking app behind a real HTTP server on 127.0.0.1; stop and revive it."""

    def __init__(self, tmp_path) -> None:
        self.clock = FixedClock(MONDAY_8)
        self.app = make_central(tmp_path, self.clock)
        self.db = self.app.extensions["enindgang"]["pool"].get()
        issue_key(self.db, "norrebro", self.clock.now(), KEY)
        self.api = self.app.test_client()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.revive()

    def revive(self) -> None:
        """Listen (again) on the same port, as a restarted central would."""
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def book(self, start: str, service: str = "health_card", centre: str = "norrebro") -> dict:
        body = {
            "service": service,
            "centre": centre,
            "start": start,
            "name": "Ida Ærø",
            "email": f"{start[11:13]}{start[14:16]}{centre}@example.dk",
        }
        response = self.api.post("/api/v1/bookings", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def norrebro_config(tmp_path, central_url: str) -> CentreConfig:
    """Nørrebro with [central] at `central_url`; the tests run the agent's rounds themselves."""
    raw = centre_raw(
        centre={"id": "norrebro", "name": "Borgerservice Nørrebro"},
        central={"url": central_url, "key": KEY, "interval_seconds": 3600, "timeout_seconds": 2},
    )
    return from_dict(raw, tmp_path, tmp_path / "var")


# Fixtures for a test module whose centre talks to a real central on loopback: import them by
# name (`from tests.central_loopback import agent, central, config`), and they take the place
# of conftest's centre config in that module.


@pytest.fixture
def central(tmp_path):
    server = CentralOnLoopback(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def config(tmp_path, central):
    return norrebro_config(tmp_path, central.url)


@pytest.fixture
def agent(app):
    """The centre's sync agent; the tests run its rounds themselves."""
    return app.extensions["enindgang"]["sync"]
