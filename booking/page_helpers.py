"""What the citizen and staff pages share: names, day and time choices, language links."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import abort, request, session, url_for

from booking.core import validation
from booking.core.calendar import local_day, local_instant
from booking.core.errors import BookingError
from booking.core.model import ServiceRule, Slot
from booking.domain import availability as availability_domain
from booking.domain import setup, world
from booking.domain.choices import DAYS_PER_PAGE, days_with_slots, first_per_time
from booking.i18n import local_date
from booking.web import ctx, db
from kernel.i18n import local_time, select_locale
from kernel.languages import LANGUAGES

ANY = "any"


def remember_language() -> None:
    """A ?lang= choice holds for the rest of the visit."""
    if request.args.get("lang") in LANGUAGES:
        session["lang"] = request.args["lang"]


def lang_url(language: str) -> str:
    """This page in another language (keeping its other query parameters)."""
    if request.method != "GET" or request.endpoint is None:
        return url_for("pages.start", lang=language)
    args: dict[str, Any] = {**(request.view_args or {}), **request.args.to_dict(), "lang": language}
    return url_for(request.endpoint or "pages.start", **args)


def centres_by_id() -> dict[str, dict]:
    return setup.centres_by_id(db())


def service_name(service_id: str) -> str:
    try:
        return ctx().catalogue.service(service_id).label(select_locale())
    except Exception:
        return service_id


def rule_or_404(service_id: str) -> ServiceRule:
    try:
        return world.service_rule(ctx(), db(), service_id)
    except BookingError:
        abort(404)


def places_or_404(place: str) -> list[str]:
    """The centres a choice covers: one centre, or all of them for "first free time"."""
    centres = centres_by_id()
    if place == ANY:
        return list(centres)
    if place not in centres:
        abort(404)
    return [place]


def parse_day(text: str | None) -> date | None:
    """A day from a link or form, or None (for one past the calendar's ends too)."""
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return day if day is not None and validation.in_calendar(day) else None


def day_label(day: date) -> str:
    """A local day as people read it ("tirsdag 24. november 2026")."""
    return local_date(local_instant(day, time(12), ctx().tz))


def day_window(first: date, days: int = DAYS_PER_PAGE) -> tuple[datetime, datetime]:
    tz = ctx().tz
    last = first + timedelta(days=days)
    return local_instant(first, time(0), tz), local_instant(last, time(0), tz)


def day_choices(rule: ServiceRule, centre_ids: list[str], first: date | None) -> dict:
    """Days with free times from `first` on, a page at a time, and whether there are more."""
    today = local_day(ctx().now(), ctx().tz)
    first = max(first or today, today)
    slots = availability_domain.availability(ctx(), db(), rule, centre_ids, day_window(first))
    horizon = max(c["horizon_days"] for c in centres_by_id().values() if c["id"] in centre_ids)
    later = first + timedelta(days=DAYS_PER_PAGE)
    return {
        "days": [
            {"day": day, "label": day_label(day), "count": n}
            for day, n in days_with_slots(slots, ctx().tz)
        ],
        "later": later if later <= today + timedelta(days=horizon) else None,
        "earlier": first - timedelta(days=DAYS_PER_PAGE) if first > today else None,
    }


def time_choices(
    rule: ServiceRule, centre_ids: list[str], day: date, skip: datetime | None = None
) -> list[dict]:
    """The free times of a day; for several centres one per time, at the first centre free.

    `skip`: the time of the booking being moved (moving it there would change nothing).
    """
    slots = availability_domain.availability(ctx(), db(), rule, centre_ids, day_window(day, 1))
    slots = [slot for slot in slots if slot.start != skip]
    centres = centres_by_id()
    if len(centre_ids) > 1:
        slots = first_per_time(slots, list(centres))
    return [slot_choice(slot, centres) for slot in slots]


def slot_choice(slot: Slot, centres: dict[str, dict]) -> dict:
    return {
        "value": f"{slot.centre}|{slot.start.isoformat()}",
        "time": local_time(slot.start),
        "end": local_time(slot.end),
        "date": local_date(slot.start),
        "centre": slot.centre,
        "centre_name": centres[slot.centre]["name"],
    }


def alternative_choices(alternatives: list[dict]) -> list[dict]:
    """The nearest free times from a slot_taken error, ready to pick."""
    centres = centres_by_id()
    return [
        slot_choice(
            Slot(a["centre"], datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"])),
            centres,
        )
        for a in alternatives
    ]


def parse_slot_value(value: Any) -> tuple[str, str]:
    """The "centre|start" value of a time button."""
    if not isinstance(value, str) or "|" not in value or len(value) > 120:
        raise BookingError("validation", fields={"start": "required"})
    centre, _, start = value.partition("|")
    return centre, start
