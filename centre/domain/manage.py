"""Manager actions on services: routing weight, stop issuing for today."""

from __future__ import annotations

import math
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.domain.context import CentreContext
from centre.domain.overview import staff_overview
from centre.store import events as event_store
from centre.store import settings as settings_store
from kernel.db import write_transaction

MIN_WEIGHT, MAX_WEIGHT = 0.1, 10.0
SERVICE_SETTINGS = ("weight", "stopped_today")


def update_service(
    ctx: CentreContext, db: Database, service_id: object, changes: dict[str, Any], by: str
) -> dict[str, Any]:
    """Change a service's weight and/or stop it for today, in one write transaction; the
    service as the overview shows it now."""
    if not changes or set(changes) - set(SERVICE_SETTINGS):
        raise QueueError("validation", field="body")
    with write_transaction(db):
        if "weight" in changes:
            _set_weight(ctx, db, service_id, changes["weight"], by)
        if "stopped_today" in changes:
            _set_stopped_today(ctx, db, service_id, changes["stopped_today"], by)
    return next(s for s in staff_overview(ctx, db)["services"] if s["id"] == service_id)


def _set_weight(
    ctx: CentreContext, db: Database, service_id: object, weight: object, by: str
) -> None:
    """Inside update_service's transaction."""
    service = ctx.catalogue.service(service_id)
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not math.isfinite(weight)
        or not MIN_WEIGHT <= weight <= MAX_WEIGHT
    ):
        raise QueueError("validation", field="weight", min=MIN_WEIGHT, max=MAX_WEIGHT)
    settings_store.set_weight(db, service.id, float(weight))
    event_store.append(
        db, "service.weight", ctx.clock.now(), staff=by, service=service.id, weight=weight
    )


def _set_stopped_today(
    ctx: CentreContext, db: Database, service_id: object, stopped: object, by: str
) -> None:
    service = ctx.catalogue.service(service_id)
    if not isinstance(stopped, bool):
        raise QueueError("validation", field="stopped_today")
    settings_store.set_stopped(db, service.id, ctx.today() if stopped else None)
    event_store.append(
        db,
        "service.stopped" if stopped else "service.resumed",
        ctx.clock.now(),
        staff=by,
        service=service.id,
    )
