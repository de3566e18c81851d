"""Names of today's bookings for reception, fetched live from central and never stored here."""

from __future__ import annotations

from typing import Any

from centre.core.errors import QueueError
from centre.sync.client import Central, CentralRefused, CentralUnavailable

# The appointment list must not hang on central: without names it is still useful.
NAMES_TIMEOUT = 2.0


def names_today(central: Central | None, staff: str) -> dict[str, str]:
    """{booking code: citizen's name} for this centre's bookings today.

    The replica keeps no personal data (ARCHITECTURE, decision 7), so reception asks central
    each time; when central cannot be asked the list is shown without names."""
    if central is None:
        raise QueueError("central_not_configured")
    try:
        found = central.client.names_today(staff, timeout=NAMES_TIMEOUT)
    except (CentralUnavailable, CentralRefused):
        raise QueueError("central_unreachable", reason="names") from None
    names: dict[str, str] = {}
    for item in found if isinstance(found, list) else ():
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            name: Any = item.get("name")
            if isinstance(name, str) and name:
                names[item["code"]] = name
    return names
