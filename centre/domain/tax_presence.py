"""Whether a tax-only service can be given a number at the kiosk now (the tax-secondee rule)."""

from __future__ import annotations

from sqlite_utils import Database

from centre.core.tax_presence import TAX_ROLE, secondee_expected, tax_only
from centre.domain.context import CentreContext
from centre.store import counters as counter_store


def secondee_logged_in(db: Database) -> bool:
    """A tax secondee sits at a counter (open or on a break: they are here)."""
    return any(role == TAX_ROLE for _, role, _ in counter_store.staffed_with_roles(db))


def unavailable_services(ctx: CentreContext, db: Database) -> set[str]:
    """The tax-only services the kiosk must not give a number for now (none, mostly)."""
    tax_services = {s.id for s in ctx.catalogue.services if tax_only(frozenset(s.roles))}
    if not tax_services or ctx.tax_scheduled is None:
        return set()
    expected = secondee_expected(secondee_logged_in(db), ctx.tax_scheduled, ctx.clock.now())
    return set() if expected else tax_services
