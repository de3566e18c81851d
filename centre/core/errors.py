"""Domain errors carry a machine code; the HTTP layer maps it to a status and a message."""

from __future__ import annotations

from kernel.errors import CodedError


class QueueError(CodedError):
    """A queue rule refused an action; `code` is stable and machine-readable."""
