"""Driving a running server over HTTP as its clients do: a staff tablet and the kiosk."""

from __future__ import annotations

import requests


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
    response = requests.post(
        f"{base}/api/v1/tickets", json={"service": service, "language": language}, timeout=10
    )
    assert response.status_code == 201, response.text
    return response.json()
