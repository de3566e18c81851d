"""HTTP calls to the central booking service, with short timeouts and the centre's key."""

from __future__ import annotations

import threading
from typing import Any, Protocol

import requests

CONNECT_TIMEOUT = 2.0


class CentralUnavailable(Exception):
    """Central could not be reached, answered too slowly, or failed on its side (5xx)."""


class CentralRefused(Exception):
    """Central answered with a 4xx: the request itself is wrong (key, payload)."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.error = (body or {}).get("error") or {}

    @property
    def code(self) -> str | None:
        return self.error.get("code")


class Central(Protocol):
    """Central as the centre's domain reaches it: the client, and a nudge to sync now (the
    sync agent is one)."""

    @property
    def client(self) -> CentralClient: ...

    def wake(self) -> None: ...


class CentralClient:
    def __init__(self, url: str, key: str, timeout: float = 3.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = (min(CONNECT_TIMEOUT, timeout), timeout)
        self._key = key
        # Sessions are not thread-safe: the agent and request threads each get their own.
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {self._key}"
            self._local.session = session
        return session

    def _call(self, method: str, path: str, timeout=None, **kwargs: Any) -> dict[str, Any]:
        return self._send(method, path, timeout, **kwargs)[1]

    def _send(
        self, method: str, path: str, timeout=None, **kwargs: Any
    ) -> tuple[int, dict[str, Any]]:
        """(status, JSON body) of a whole answer; CentralUnavailable / CentralRefused else."""
        try:
            response = self.session.request(
                method, self.url + path, timeout=timeout or self.timeout, **kwargs
            )
        except requests.RequestException as err:
            raise CentralUnavailable(str(err)) from err
        try:
            body = response.json()
        except ValueError:
            # A cut answer can look like a short, complete one (http.client takes an early end of
            # the headers as their end), so an answer that is not whole JSON is no answer at all.
            body = None
        if response.status_code >= 500 or not isinstance(body, dict):
            raise CentralUnavailable(f"central answered {response.status_code} without a body")
        if response.status_code >= 400:
            raise CentralRefused(response.status_code, body)
        return response.status_code, body

    def pull(self, cursor: str | None, limit: int = 500) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self._call("GET", "/api/v1/sync/bookings", params=params)

    def tax_schedule(self) -> dict[str, Any]:
        """When this centre's tax secondees are at work, today and the next six days."""
        return self._call("GET", "/api/v1/sync/tax-schedule")

    def lookup(self, code: str, timeout: float | None = None) -> dict[str, Any]:
        """One booking by code; CentralRefused with code unknown_booking / wrong_centre."""
        if timeout is not None:
            timeout = (min(CONNECT_TIMEOUT, timeout), timeout)
        return self._call("GET", f"/api/v1/sync/bookings/{code}", timeout=timeout)["booking"]

    def names_today(self, by: str, timeout: float | None = None) -> list[dict[str, Any]]:
        """Code and name of today's bookings at this centre, for reception's eyes only."""
        if timeout is not None:
            timeout = (min(CONNECT_TIMEOUT, timeout), timeout)
        return self._call("GET", "/api/v1/sync/names", timeout=timeout, params={"by": by})["names"]

    def upload(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        return self._call("POST", "/api/v1/sync/events", json={"events": events})

    # ---- booking at the desk: reception books for a citizen through central ----------------

    def booking_services(self, language: str) -> list[dict[str, Any]]:
        return self._call("GET", "/api/v1/services", params={"lang": language})["services"]

    def availability(self, service: str, centre: str, start: str, end: str) -> list[dict]:
        params = {"service": service, "centre": centre, "from": start, "to": end}
        return self._call("GET", "/api/v1/availability", params=params)["slots"]

    def hold(self, body: dict[str, Any], language: str) -> dict[str, Any]:
        return self._call("POST", "/api/v1/sync/holds", params={"lang": language}, json=body)

    def release(self, token: str) -> None:
        self._call("DELETE", f"/api/v1/sync/holds/{token}")

    def book(self, body: dict[str, Any], language: str) -> tuple[dict[str, Any], bool]:
        """(booking, created): the same hold sent again answers its booking, not created."""
        params = {"lang": language}
        status, answer = self._send("POST", "/api/v1/sync/bookings", params=params, json=body)
        return answer, status == 201
