"""The one shape of a refused action in both apps: a machine code and its details."""

from __future__ import annotations

from typing import Any


class CodedError(Exception):
    """A rule refused an action; `code` is stable and machine-readable, `params` the details.

    Each app subclasses it (QueueError, BookingError); the HTTP layer turns the code into a
    status and a translated sentence."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.params!r})"
