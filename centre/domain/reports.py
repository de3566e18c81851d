"""What a centre's reports read: its own visit facts."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from centre.domain.context import CentreContext
from kernel import visit_store


def facts(ctx: CentreContext, db: Database, first_day: str, last_day: str) -> list[dict[str, Any]]:
    """This centre's visit facts of the local days first_day..last_day."""
    return visit_store.between(db, first_day, last_day, ctx.id)
