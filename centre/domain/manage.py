"""Manager actions on services: routing weight, stop issuing for today."""

from __future__ import annotations

import math

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.domain.context import CentreContext
from centre.store import events as event_store
from centre.store import settings as settings_store
from kernel.db import write_transaction

MIN_WEIGHT, MAX_WEIGHT = 0.1, 10.0


def set_weight(
    ctx: CentreContext, db: Database, service_id: object, weight: object, by: str
) -> None:
    service = ctx.catalogue.service(service_id)
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not math.isfinite(weight)
        or not MIN_WEIGHT <= weight <= MAX_WEIGHT
    ):
        raise QueueError("validation", field="weight", min=MIN_WEIGHT, max=MAX_WEIGHT)
    with write_transaction(db):
        settings_store.set_weight(db, service.id, float(weight))
        event_store.append(
            db, "service.weight", ctx.clock.now(), staff=by, service=service.id, weight=weight
        )


def set_stopped_today(
    ctx: CentreContext, db: Database, service_id: object, stopped: object, by: str
) -> None:
    service = ctx.catalogue.service(service_id)
    if not isinstance(stopped, bool):
        raise QueueError("validation", field="stopped_today")
    with write_transaction(db):
        settings_store.set_stopped(db, service.id, ctx.today() if stopped else None)
        event_store.append(
            db,
            "service.stopped" if stopped else "service.resumed",
            ctx.clock.now(),
            staff=by,
            service=service.id,
        )
