"""Booking errors carry a machine code; the HTTP layer maps it to a status and a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.errors import CodedError


class BookingError(CodedError):
    """A booking rule refused an action; `code` is stable and machine-readable.

    Validation errors carry `fields`: {field name: reason code}, e.g. {"start": "past"}.
    """

    @property
    def fields(self) -> dict[str, str]:
        return dict(self.params.get("fields") or {})


def invalid(**fields: str) -> BookingError:
    """A validation error for one or more fields: invalid(start="past")."""
    return BookingError("validation", fields=fields)


def collect(*checks: Callable[[], Any]) -> list[Any]:
    """Run every check; the field errors of all of them come back as one validation error."""
    results: list[Any] = []
    fields: dict[str, str] = {}
    for check in checks:
        try:
            results.append(check())
        except BookingError as err:
            if err.code != "validation":
                raise
            fields.update(err.fields)
            results.append(None)
    if fields:
        raise BookingError("validation", fields=fields)
    return results
