"""Whether a tax-only service can be given a number at the kiosk now (the tax-secondee rule)."""

from __future__ import annotations

from sqlite_utils import Database

from centre.core.tax_presence import TAX_ROLE, refused_services, tax_only_services
from centre.domain.context import CentreContext
from centre.store import counters as counter_store


def secondee_logged_in(db: Database) -> bool:
    """A tax secondee sits at a counter (open or on a break: they are here)."""
    return any(role == TAX_ROLE for _, role, _ in counter_store.staffed_with_roles(db))


def unavailable_services(ctx: CentreContext, db: Database) -> set[str]:
    """The tax-only services the kiosk must not give a number for now (none, mostly)."""
    tax_services = tax_only_services(ctx.catalogue)
    if not tax_services or ctx.tax_scheduled is None:
        return set()  # no need to ask the store
    logged_in = secondee_logged_in(db)
    return set(refused_services(tax_services, ctx.tax_scheduled, logged_in, ctx.clock.now()))
