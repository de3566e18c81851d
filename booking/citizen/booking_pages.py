"""The citizen's booking site: service → centre (or any) → day → time → details → booked."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from booking.core.errors import BookingError
from booking.domain import bookings as booking_domain
from booking.domain import catalogue as catalogue_domain
from booking.domain import reserve
from booking.http_errors import error_body
from booking.i18n import local_date
from booking.page_helpers import (
    ANY,
    alternative_choices,
    centres_by_id,
    day_choices,
    day_label,
    parse_day,
    parse_slot_value,
    places_or_404,
    remember_language,
    rule_or_404,
    service_name,
    time_choices,
)
from booking.web import ctx, db
from kernel.i18n import local_time, select_locale

bp = Blueprint("pages", __name__, url_prefix="/book")
bp.before_request(remember_language)


def offered_services(centre: str | None) -> list[dict]:
    services = catalogue_domain.services_view(ctx(), db(), select_locale())
    return [s for s in services if s["centres"] and (not centre or centre in s["centres"])]


@bp.get("")
def start():
    """The start (QR posters link here, maybe with ?centre= and/or ?service=)."""
    centre = request.args.get("centre")
    centre = centre if centre in centres_by_id() else None
    services = offered_services(centre)
    service = request.args.get("service")
    if service in {s["id"] for s in services}:
        return redirect(url_for(".centre_choice", service=service, centre=centre))
    categories: dict[str, dict] = {}
    for item in services:
        group = categories.setdefault(
            item["category"], {"name": item["category_name"], "services": []}
        )
        group["services"].append(item)
    return render_template(
        "booking/services.html",
        categories=list(categories.values()),
        centre=centres_by_id().get(centre) if centre else None,
    )


@bp.get("/<service>")
def centre_choice(service: str):
    rule_or_404(service)
    offered = {s["id"]: s for s in offered_services(None)}.get(service)
    if offered is None:
        abort(404)
    centre = request.args.get("centre")
    if centre in offered["centres"]:
        return redirect(url_for(".day_choice", service=service, place=centre))
    centres = centres_by_id()
    return render_template(
        "booking/centres.html",
        service=offered,
        centres=[centres[c] for c in offered["centres"]],
        any=ANY,
    )


def _place_name(place: str) -> str:
    return _("First free time at any centre") if place == ANY else centres_by_id()[place]["name"]


@bp.get("/<service>/<place>")
def day_choice(service: str, place: str):
    rule = rule_or_404(service)
    centre_ids = places_or_404(place)
    choices = day_choices(rule, centre_ids, parse_day(request.args.get("from")))
    return render_template(
        "booking/days.html",
        service_name=service_name(service),
        place_name=_place_name(place),
        day_url=lambda day: url_for(".time_choice", service=service, place=place, day=day),
        page_url=lambda first: url_for(
            ".day_choice", service=service, place=place, **{"from": first.isoformat()}
        ),
        back_url=url_for(".centre_choice", service=service),
        **choices,
    )


def render_times(service: str, place: str, day, error: dict | None = None, status: int = 200):
    rule = rule_or_404(service)
    centre_ids = places_or_404(place)
    alternatives = alternative_choices(error.get("alternatives", [])) if error else []
    return (
        render_template(
            "booking/times.html",
            service_name=service_name(service),
            place_name=_place_name(place),
            day_label=day_label(day),
            times=time_choices(rule, centre_ids, day),
            show_centre=place == ANY,
            action=url_for(".hold"),
            hidden={"service": service, "place": place, "day": day.isoformat()},
            back_url=url_for(".day_choice", service=service, place=place),
            error=error,
            alternatives=alternatives,
        ),
        status,
    )


@bp.get("/<service>/<place>/<day>")
def time_choice(service: str, place: str, day: str):
    parsed = parse_day(day)
    if parsed is None:
        abort(404)
    return render_times(service, place, parsed)


@bp.post("/hold")
def hold():
    """A time was picked: hold it while the citizen types their details."""
    form = request.form
    service, place = form.get("service", ""), form.get("place", ANY)
    day = parse_day(form.get("day"))
    if day is None:
        abort(404)
    try:
        centre, start = parse_slot_value(form.get("slot"))
        held = reserve.place_hold(
            ctx(),
            db(),
            {"service": service, "centre": centre, "start": start, "language": select_locale()},
        )
    except BookingError as err:
        status = 409 if err.code == "slot_taken" else 422
        return render_times(service, place, day, error_body(err), status)
    return redirect(url_for(".details", token=held["token"]))


def _held(token: str) -> dict:
    found = booking_domain.online_hold(db(), token)
    if found is None or not booking_domain.was_a_hold(found):
        abort(404)
    return found


def render_details(held: dict, values: dict | None = None, error: dict | None = None, status=200):
    start = datetime.fromisoformat(held["start_at"])
    live = reserve.hold_live(held, ctx().now())
    return (
        render_template(
            "booking/details.html",
            held=held,
            service_name=service_name(held["service"]),
            centre=centres_by_id()[held["centre"]],
            date_label=local_date(start),
            time_label=local_time(start),
            held_until=local_time(datetime.fromisoformat(held["hold_expires_at"]))
            if live
            else None,
            values=values or {},
            error=error,
        ),
        status,
    )


@bp.get("/details/<token>")
def details(token: str):
    held = booking_domain.online_hold(db(), token)
    if held and booking_domain.is_booked(held):
        # The hold's address (in the history, a shared screen) is no way into the booking:
        # the manage link went to the citizen alone.
        return render_template("booking/held_booked.html")
    return render_details(_held(token))


@bp.post("/details/<token>")
def confirm(token: str):
    held = _held(token)
    values = {k: request.form.get(k, "").strip() for k in ("name", "email", "phone")}
    body = {"hold": token, **{k: v for k, v in values.items() if v}, "language": select_locale()}
    try:
        booking, _created = reserve.book(ctx(), db(), body)
    except BookingError as err:
        if err.code == "slot_taken":
            day = datetime.fromisoformat(held["start_at"]).astimezone(ctx().tz).date()
            return render_times(held["service"], held["centre"], day, error_body(err), 409)
        status = 422 if err.code == "validation" else 409
        return render_details(held, values, error_body(err), status)
    if "manage_token" not in booking:
        # The same form sent twice at once: the other request booked it and got the link.
        return redirect(url_for(".details", token=token))
    token = booking["manage_token"]
    return redirect(url_for("my_booking.manage", code=booking["code"], token=token, done="booked"))


@bp.post("/details/<token>/release")
def release(token: str):
    """Choose another time: the held one is given back at once."""
    held = _held(token)
    if booking_domain.is_held(held):
        with suppress(BookingError):  # it ran out meanwhile: nothing left to give back
            reserve.release_hold(ctx(), db(), token)
    return redirect(url_for(".day_choice", service=held["service"], place=held["centre"]))
