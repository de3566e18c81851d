"""What can be booked where: the centres and services as the public API shows them."""

from __future__ import annotations

from sqlite_utils import Database

from booking.core import opening_hours
from booking.domain import world
from booking.domain.context import BookingContext
from booking.store import setup as setup_store


def offered(ctx: BookingContext, db: Database) -> dict[str, list[str]]:
    """Per centre, the bookable services at least one of its staff may handle."""
    rules = world.service_rules(ctx, db)
    centre_ids = [c["id"] for c in setup_store.centres(db)]
    calendars = world.calendars(ctx, db, centre_ids, ctx.now())
    return {
        centre_id: [
            service_id
            for service_id, rule in rules.items()
            if any(member.qualifies(rule) for member in calendars.get(centre_id, []))
        ]
        for centre_id in centre_ids
    }


def centres_view(ctx: BookingContext, db: Database) -> list[dict]:
    services = offered(ctx, db)
    return [
        {
            "id": c["id"],
            "name": c["name"],
            "address": c["address"],
            "street": c["street"],
            "opening_hours": opening_hours.as_spec(opening_hours.loads(c["opening_hours"])),
            "services": services.get(c["id"], []),
        }
        for c in setup_store.centres(db)
    ]


def services_view(ctx: BookingContext, db: Database, language: str) -> list[dict]:
    """Bookable services in catalogue order, each with the centres that offer it."""
    rules = world.service_rules(ctx, db)
    where = offered(ctx, db)
    categories = {c.id: c for c in ctx.catalogue.categories}
    found = []
    for service in ctx.catalogue.services:
        rule = rules.get(service.id)
        if rule is None:
            continue
        found.append(
            {
                "id": service.id,
                "name": service.label(language),
                "category": service.category,
                "category_name": categories[service.category].label(language),
                "minutes": rule.minutes,
                "requires_appointment": service.requires_appointment,
                "hint": service.hint_text(language),
                "centres": [c for c, ids in where.items() if service.id in ids],
            }
        )
    return found
