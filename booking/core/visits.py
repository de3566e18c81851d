"""A booking's visit at its centre, as the centre's uploaded queue events tell it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CHECKED_IN_EVENT = "ticket.checked_in"
# The events that end the check-in ticket's visit, and what the visit came to. Both are final
# states of a ticket at the centre, so the first one uploaded is the last word.
OUTCOMES = {"ticket.finished": "served", "ticket.no_show": "no_show"}

CHECKED_IN = "checked_in"
SERVED = "served"
NO_SHOW = "no_show"


def state(booking: Mapping[str, Any]) -> str | None:
    """None until the citizen checks in; then "checked_in", later "served" or "no_show"."""
    if not booking.get("checked_in_at"):
        return None
    return booking.get("visit_outcome") or CHECKED_IN


def outcome_of(event_type: str) -> str | None:
    return OUTCOMES.get(event_type)
