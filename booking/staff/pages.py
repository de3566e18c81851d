"""Staff pages for reception and the contact centre: login, a day's bookings, book, move, cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from booking.core.errors import BookingError
from booking.domain import bookings as booking_domain
from booking.domain import reserve, scope, setup
from booking.http_errors import STATUS, error_body, page_response
from booking.page_helpers import (
    centres_by_id,
    day_label,
    remember_language,
    rule_or_404,
    time_choices,
)
from booking.staff.answers import day_arg, staff_booking, staff_names
from booking.staff.auth import sign_in, sign_out
from booking.web import ctx, db
from kernel.i18n import select_locale

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(remember_language)
DESK = ("reception", "manager")
ROLE_LABELS = {"staff": _l("Centre staff"), "tax": _l("Tax secondee (Skattestyrelsen)")}


def page_role(*roles: str) -> Callable:
    """Logged in with one of the roles; else the login page (or a refusal)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("staff.login", next=request.full_path))
            if roles and current_user.role not in roles:
                return page_response("forbidden", 403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def services_for_select() -> list[dict]:
    language = select_locale()
    bookable = setup.bookable_services(db())
    return [
        {"id": s.id, "name": s.label(language)}
        for s in ctx().catalogue.services
        if s.id in bookable
    ]


@bp.route("/login", methods=["GET", "POST"])
def login():
    error, status = None, 200
    if request.method == "POST":
        try:
            account = sign_in(request.form.get("username", ""), request.form.get("password", ""))
            return redirect(_landing(account.role, request.args.get("next", "")))
        except BookingError as err:
            error, status = error_body(err), STATUS.get(err.code, 400)
    return render_template("booking/staff/login.html", error=error), status


def _landing(role: str, target: str) -> str:
    """Where a fresh login goes: the page asked for (only our own pages: never another site),
    else the day's bookings; the report role reads reports and nothing else, the contact
    centre works on its phone workspace."""
    if role == "report":
        reports = url_for("report_pages.reports")
        return target if target.startswith(reports) else reports
    if role == "contact_centre":
        workspace = url_for("contact_pages.workspace")
        return target if target.startswith(workspace) else workspace
    return target if target.startswith("/staff") else url_for(".day")


@bp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for(".login"))


@bp.get("")
@page_role(*DESK)
def day():
    try:
        shown = scope.own_centre(current_user, request.args.get("centre"))
    except BookingError:
        return page_response("forbidden", 403)
    centres = centres_by_id()
    if scope.managed_centre(current_user) is not None:
        # A manager of one centre: their centre's day and staff, and no others to choose.
        centres = {k: v for k, v in centres.items() if k == shown}
    centre = shown or current_user.centre or next(iter(centres), "")
    if centre not in centres:
        return page_response("not_found", 404)
    chosen = day_arg(request.args.get("date"))
    member = request.args.get("staff") or None
    names = staff_names()
    found = booking_domain.day_list(ctx(), db(), centre, chosen, member)
    return render_template(
        "booking/staff/day.html",
        centres=list(centres.values()),
        centre=centres[centre],
        chosen=chosen,
        day_label=day_label(chosen),
        members=setup.staff(db(), [centre], active_only=True),
        member=member,
        bookings=[staff_booking(b, names) for b in found],
        role_labels=ROLE_LABELS,
    )


@bp.route("/book", methods=["GET", "POST"])
@page_role(*DESK)
def book():
    """Choose service, centre and day; then a time and the citizen's details."""
    values = request.values
    service, centre = values.get("service", ""), values.get("centre", "")
    chosen = day_arg(values.get("date")) if values.get("date") else None
    error = None
    if request.method == "POST":
        body = {k: values.get(k, "").strip() for k in ("name", "email", "phone")}
        slot_value = values.get("slot", "")
        centre_id, _, start = slot_value.partition("|")
        body.update(service=service, centre=centre_id or centre, start=start)
        try:
            booking, _created = reserve.book(
                ctx(), db(), {k: v for k, v in body.items() if v}, "staff", current_user.username
            )
            return redirect(url_for(".booking", code=booking["code"], done="booked"))
        except BookingError as err:
            error = error_body(err)
    services = services_for_select()
    times = []
    if service in {s["id"] for s in services} and centre in centres_by_id() and chosen:
        times = time_choices(rule_or_404(service), [centre], chosen)
    status = 200 if not error else 422 if error["code"] == "validation" else 409
    return render_template(
        "booking/staff/book.html",
        services=services,
        centres=list(centres_by_id().values()),
        service=service,
        centre=centre,
        chosen=chosen,
        day_label=day_label(chosen) if chosen else "",
        times=times,
        values=values,
        error=error,
    ), status


@bp.get("/bookings/<code>")
@page_role(*DESK)
def booking(code: str):
    found = booking_domain.find(db(), code, staff=True)
    view = staff_booking(found)
    start = datetime.fromisoformat(found["start_at"])
    chosen = day_arg(request.args.get("date")) if request.args.get("date") else None
    times = []
    if chosen:
        times = time_choices(rule_or_404(found["service"]), [found["centre"]], chosen, start)
    return render_template(
        "booking/staff/booking.html",
        booking=view,
        centre=centres_by_id().get(found["centre"]),
        date_label=day_label(start.astimezone(ctx().tz).date()),
        changeable=reserve.changeable(found, ctx().now()),
        done=request.args.get("done"),
        chosen=chosen,
        day_label=day_label(chosen) if chosen else "",
        times=times,
        error=None,
    )


@bp.post("/bookings/<code>/cancel")
@page_role(*DESK)
def cancel(code: str):
    found = booking_domain.find(db(), code, staff=True)
    booking_domain.cancel(ctx(), db(), found, by=current_user.username)
    return redirect(url_for(".booking", code=found["code"], done="cancelled"))


@bp.post("/bookings/<code>/move")
@page_role(*DESK)
def move(code: str):
    found = booking_domain.find(db(), code, staff=True)
    centre, _, start = request.form.get("slot", "").partition("|")
    try:
        reserve.move(ctx(), db(), found, {"centre": centre, "start": start}, current_user.username)
    except BookingError as err:
        status = 422 if err.code == "validation" else 409
        return page_response(err.code, status, _describe(err))
    return redirect(url_for(".booking", code=found["code"], done="moved"))


def _describe(err: BookingError) -> str:
    """The error's sentence and, for a validation error, what is wrong with each field."""
    body = error_body(err)
    details = [field["message"] for field in body.get("fields", {}).values()]
    return " ".join([body["message"], *details])
