"""Domain errors carry a machine code; the HTTP layer maps it to a status and a message."""

from __future__ import annotations

from typing import Any


class QueueError(Exception):
    """A queue rule refused an action; `code` is stable and machine-readable."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"QueueError({self.code!r}, {self.params!r})"
