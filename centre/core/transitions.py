"""The ticket state machine: which action is allowed from which state."""

from __future__ import annotations

from centre.core.errors import QueueError

WAITING = "waiting"
CALLED = "called"
SERVING = "serving"
DONE = "done"
NO_SHOW = "no_show"
PARKED = "parked"
CANCELLED = "cancelled"

OPEN_STATES = frozenset({WAITING, CALLED, SERVING, PARKED})

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "call": (frozenset({WAITING}), CALLED),
    "recall": (frozenset({CALLED}), CALLED),
    "start": (frozenset({CALLED}), SERVING),
    "finish": (frozenset({CALLED, SERVING}), DONE),
    "no_show": (frozenset({CALLED}), NO_SHOW),
    "park": (frozenset({CALLED, SERVING}), PARKED),
    "unpark": (frozenset({PARKED}), CALLED),
    # A transfer sends the ticket back to waiting, in another service or for another counter.
    "transfer": (frozenset({CALLED, SERVING, PARKED}), WAITING),
    "cancel": (frozenset({WAITING, PARKED}), CANCELLED),
}


def next_state(current: str, action: str) -> str:
    """The state after `action`, or QueueError('invalid_state') if it makes no sense."""
    try:
        allowed_from, target = TRANSITIONS[action]
    except KeyError:
        raise QueueError("invalid_state", action=action, status=current) from None
    if current not in allowed_from:
        raise QueueError("invalid_state", action=action, status=current)
    return target
