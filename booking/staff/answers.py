"""Bookings and staff as staff see them: with names, contacts and who serves whom."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _

from booking.api.answers import booking_answer
from booking.core import validation
from booking.core.calendar import local_day, local_instant, parse_time
from booking.domain import bookings as booking_domain
from booking.domain import manage, setup
from booking.web import ctx, db
from kernel.i18n import local_day as local_day_label
from kernel.i18n import local_time, select_locale


def staff_names() -> dict[str, str]:
    return setup.staff_names(db())


def staff_booking(booking: dict, names: dict[str, str] | None = None) -> dict:
    """The full booking for staff: the citizen's details and the staff member assigned.

    Never the citizen's links: staff change bookings through their own pages and API."""
    names = names if names is not None else staff_names()
    start, end = booking_domain.local_times(ctx(), booking)
    service = ctx().catalogue.service(booking["service"])
    return {
        **booking_answer(booking, personal=True),
        "service_name": service.label(select_locale()),
        "staff": booking["staff_id"],
        "staff_name": names.get(booking["staff_id"], booking["staff_id"]),
        "source": booking["source"],
        # "HH:MM" for programs, as the API has always answered; the labels for people.
        "time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "time_label": local_time(start),
        "end_label": local_time(end),
        "checked_in_time": _moment(booking.get("checked_in_at")),
        "visit_ended_time": _moment(booking.get("visit_ended_at")),
    }


def _moment(text: str | None) -> str:
    return local_time(datetime.fromisoformat(text)) if text else ""


def day_arg(value: str | None) -> date:
    return validation.day(value, "date") if value else local_day(ctx().now(), ctx().tz)


def member_view(member: dict, with_calendar: bool = False) -> dict:
    view = {
        "id": member["id"],
        "name": member["name"],
        "centre": member["centre"],
        "role": member["role"],
        "active": bool(member["active"]),
        "services": setup.services_of(db(), member["id"]),
        **manage.schedule(db(), member["id"]),
    }
    if with_calendar:
        view["absences"] = [
            {"id": a["id"], "start": _local(a["start_at"]), "end": _local(a["end_at"]),
             "reason": a["reason"], "label": _absence_label(a)}
            for a in setup.coming_absences(ctx(), db(), member["id"])
        ]  # fmt: skip
        view["extra_days"] = [
            {"id": e["id"], "day": e["day"], "start": e["start_time"], "end": e["end_time"],
             "label": _extra_day_label(e)}
            for e in setup.coming_extra_days(ctx(), db(), member["id"])
        ]  # fmt: skip
    return view


def _moment_label(moment: datetime) -> str:
    """ "tirsdag 24. november kl. 09.00" / "Tuesday 24 November at 09:00"."""
    return _("%(date)s at %(time)s", date=local_day_label(moment), time=local_time(moment))


def _absence_label(absence: dict) -> str:
    start = datetime.fromisoformat(absence["start_at"])
    end = datetime.fromisoformat(absence["end_at"])
    return f"{_moment_label(start)} – {_moment_label(end)}"


def _extra_day_label(extra: dict) -> str:
    """ "lørdag 28. november, kl. 10.00–14.00" (the stored times are the centre's clock)."""
    day = date.fromisoformat(extra["day"])
    start = local_instant(day, parse_time(extra["start_time"]), ctx().tz)
    end = local_instant(day, parse_time(extra["end_time"]), ctx().tz)
    times = _("%(start)s to %(end)s", start=local_time(start), end=local_time(end))
    return f"{local_day_label(day)}, {times}"


def _local(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(ctx().tz).replace(microsecond=0).isoformat()
