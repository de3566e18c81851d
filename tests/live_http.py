"""Driving a running server over HTTP as its clients do: a staff tablet and the kiosk."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

# One paired kiosk per running server (the demo pairs a browser that opens /kiosk by itself).
_KIOSKS: dict[str, requests.Session] = {}


def forget_kiosk(base: str) -> None:
    """A new server at `base`: a session paired by an earlier server on the same port (the
    tests reuse free ports) holds a credential this one never issued."""
    _KIOSKS.pop(base, None)


def kiosk_session(base: str) -> requests.Session:
    """A cookie-keeping session that the demo server has paired as a kiosk."""
    if base not in _KIOSKS:
        session = requests.Session()
        response = session.get(f"{base}/kiosk", timeout=10)
        assert response.status_code == 200, response.text
        assert "enindgang_kiosk" in session.cookies, "the server did not pair this session"
        _KIOSKS[base] = session
    return _KIOSKS[base]


def database_with_reception(database: Path) -> None:
    """A new centre database with one reception account, `reception1` / the tests' password."""
    from centre.store import staff as staff_store
    from centre.store.db import init_db
    from kernel.db import connect, write_transaction
    from tests.conftest import PASSWORD_HASH, server_now

    init_db(database)
    db = connect(database)
    with write_transaction(db):
        staff_store.insert(
            db, "reception1", "Rikke", "reception", PASSWORD_HASH, server_now().isoformat()
        )
    db.close()


def add_kiosk_link(config: Path, name: str = "Test kiosk") -> str:
    """`enindgang centre add-kiosk` as staff run it: the pairing link it prints."""
    done = subprocess.run(
        [sys.executable, "-m", "enindgang", "centre", "add-kiosk", "--config", str(config)]
        + ["--name", name],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return re.search(r"\S+/kiosk/pair/\S+", done.stdout).group(0)


def paired_over_cli(config: Path, base: str) -> requests.Session:
    """A kiosk paired the way a real centre pairs one: the CLI's link, opened once."""
    link = add_kiosk_link(config)
    session = requests.Session()
    token = link.rsplit("/", 1)[1]
    response = session.get(f"{base}/kiosk/pair/{token}", timeout=10)
    assert response.status_code == 200 and response.url == f"{base}/kiosk", response.url
    return session


class Counter:
    """A staff member logged in at a counter over HTTP, as the counter tablet does it."""

    def __init__(self, base: str, username: str = "staff1", counter: str = "1") -> None:
        self.base = base
        self.http = requests.Session()
        body = {"username": username, "password": "demo", "counter": counter}
        response = self.http.post(f"{base}/api/v1/login", json=body, timeout=10)
        assert response.status_code == 200, response.text
        self.token = response.json()["csrf_token"]

    def act(self, action: str, json: dict | None = None) -> dict:
        response = self.http.post(
            f"{self.base}/api/v1/counter/{action}",
            json=json or {},
            headers={"X-CSRFToken": self.token},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()


def issue(base: str, service: str = "other", language: str = "da") -> dict:
    """A ticket as the kiosk takes it."""
    response = kiosk_session(base).post(
        f"{base}/api/v1/tickets", json={"service": service, "language": language}, timeout=10
    )
    assert response.status_code == 201, response.text
    return response.json()


def ticket_state(base: str, ticket_id: str) -> dict:
    """A ticket as its public status answer tells it."""
    response = requests.get(f"{base}/api/v1/tickets/{ticket_id}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()
