"""The tax-secondee rule at a centre: a tax-decision number only while a secondee is here or
still expected today."""

from __future__ import annotations

from datetime import datetime

from centre.core.hours import OpeningHours
from kernel.catalogue import Catalogue

TAX_ROLE = "tax"


def tax_only(roles: frozenset[str]) -> bool:
    """A service only a tax secondee may serve (a tax decision)."""
    return roles == frozenset({TAX_ROLE})


def secondee_expected(logged_in: bool, scheduled: OpeningHours | None, now: datetime) -> bool:
    """A secondee sits at a counter, or is scheduled for a period of today not yet over.

    Without a schedule in the config the centre cannot tell, so it does not refuse."""
    if logged_in or scheduled is None:
        return True
    return any(end > now for _, end in scheduled.periods_on(now))


def tax_only_services(catalogue: Catalogue) -> frozenset[str]:
    """The services only a tax secondee may serve."""
    return frozenset(s.id for s in catalogue.services if tax_only(frozenset(s.roles)))


def refused_services(
    tax_services: frozenset[str], scheduled: OpeningHours | None, logged_in: bool, now: datetime
) -> frozenset[str]:
    """The tax-only services the kiosk gives no number for now: all of them while no secondee
    is here or expected today; none without a schedule in the config."""
    if not tax_services or scheduled is None:
        return frozenset()
    return frozenset() if secondee_expected(logged_in, scheduled, now) else tax_services
