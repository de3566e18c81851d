"""Manager pages: staff and their services, weekly hours, breaks, absences, extra days,
lengths and buffers, notice and horizon, and QR codes for posters."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from booking.core.calendar import WEEKDAYS
from booking.core.errors import BookingError
from booking.domain import manage, scope, setup, tax_cover
from booking.http_errors import error_body, page_response
from booking.page_helpers import centres_by_id, remember_language
from booking.staff.answers import member_view
from booking.staff.manager_api import poster_url
from booking.staff.pages import ROLE_LABELS, page_role
from booking.web import ctx, db
from kernel.i18n import select_locale

bp = Blueprint("manager", __name__, url_prefix="/staff/manage")
bp.before_request(remember_language)
WEEKDAY_LABELS = (
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
    _l("Saturday"), _l("Sunday"),
)  # fmt: skip


def _services() -> list[dict]:
    language = select_locale()
    return [
        {
            "id": s.id,
            "name": s.label(language),
            "roles": sorted(s.roles),
            "tasks": s.tasks_view(language),
        }
        for s in ctx().catalogue.services
    ]


def _visible_centres() -> list[dict]:
    return [c for c in centres_by_id().values() if scope.may_manage(current_user, c["id"])]


def _attempt(action, done_url: str, page):
    """Run a change; on success back to the page, on a refusal the page again with why."""
    try:
        action()
    except BookingError as err:
        if err.code == "forbidden":
            return page_response("forbidden", 403)
        return page(error_body(err), 422 if err.code == "validation" else 409)
    return redirect(done_url)


def render_list(error: dict | None = None, status: int = 200):
    centres = _visible_centres()
    members = setup.staff(db(), [c["id"] for c in centres])
    return render_template(
        "booking/manager/staff_list.html",
        centres=centres,
        names={c["id"]: c["name"] for c in centres},
        members=[member_view(m) for m in members],
        services=_services(),
        role_labels=ROLE_LABELS,
        error=error,
    ), status


@bp.get("")
@page_role("manager")
def staff_list():
    return render_list()


@bp.post("/staff")
@page_role("manager")
def staff_add():
    data = {
        "name": request.form.get("name", ""),
        "centre": request.form.get("centre", ""),
        "role": request.form.get("role", ""),
        "services": request.form.getlist("services"),
    }
    try:
        staff_id = manage.add_staff(ctx(), db(), current_user, data)
    except BookingError as err:
        if err.code == "forbidden":
            return page_response("forbidden", 403)
        return render_list(error_body(err), 422)
    return redirect(url_for(".staff_edit", staff_id=staff_id))


def render_edit(staff_id: str, error: dict | None = None, status: int = 200):
    member = manage.managed_member(db(), current_user, staff_id)
    view = member_view(member, with_calendar=True)
    week = [
        {
            "name": name,
            "label": WEEKDAY_LABELS[n],
            "hours": ", ".join(view["hours"].get(name, [])),
            "breaks": ", ".join(view["breaks"].get(name, [])),
        }
        for n, name in enumerate(WEEKDAYS)
    ]
    return render_template(
        "booking/manager/staff_edit.html",
        member=view,
        week=week,
        centres=_visible_centres(),
        services=_services(),
        role_labels=ROLE_LABELS,
        error=error,
    ), status


@bp.get("/staff/<staff_id>")
@page_role("manager")
def staff_edit(staff_id: str):
    try:
        return render_edit(staff_id)
    except BookingError as err:
        return page_response(err.code, 403 if err.code == "forbidden" else 404)


def _edit_action(staff_id: str, change):
    return _attempt(
        change,
        url_for(".staff_edit", staff_id=staff_id),
        lambda error, status: render_edit(staff_id, error, status),
    )


@bp.post("/staff/<staff_id>")
@page_role("manager")
def staff_update(staff_id: str):
    data = {
        "name": request.form.get("name", ""),
        "centre": request.form.get("centre", ""),
        "role": request.form.get("role", ""),
        "services": request.form.getlist("services"),
        "active": request.form.get("active") == "on",
    }
    return _edit_action(
        staff_id, lambda: manage.update_staff(ctx(), db(), current_user, staff_id, data)
    )


@bp.post("/staff/<staff_id>/schedule")
@page_role("manager")
def staff_schedule(staff_id: str):
    def split(prefix: str) -> dict[str, list[str]]:
        return {
            day: [p.strip() for p in request.form.get(f"{prefix}-{day}", "").split(",")]
            for day in WEEKDAYS
        }

    data = {"hours": split("hours"), "breaks": split("breaks")}
    return _edit_action(
        staff_id, lambda: manage.set_schedule(ctx(), db(), current_user, staff_id, data)
    )


@bp.post("/staff/<staff_id>/absences")
@page_role("manager")
def absence_add(staff_id: str):
    data = {k: request.form.get(k, "") for k in ("start", "end", "reason")}
    return _edit_action(
        staff_id, lambda: manage.add_absence(ctx(), db(), current_user, staff_id, data)
    )


@bp.post("/staff/<staff_id>/extra-days")
@page_role("manager")
def extra_day_add(staff_id: str):
    data = {k: request.form.get(k, "") for k in ("day", "start", "end")}
    return _edit_action(
        staff_id, lambda: manage.add_extra_day(ctx(), db(), current_user, staff_id, data)
    )


@bp.post("/staff/<staff_id>/<kind>/<int:item_id>/delete")
@page_role("manager")
def item_remove(staff_id: str, kind: str, item_id: int):
    if kind not in ("absence", "extra_day"):
        return page_response("not_found", 404)
    return _edit_action(
        staff_id,
        lambda: manage.remove(ctx(), db(), current_user, staff_id, kind, item_id),
    )


def render_settings(error: dict | None = None, status: int = 200):
    settings = setup.service_settings(db())
    return render_template(
        "booking/manager/settings.html",
        centres=_visible_centres(),
        services=[{**s, **settings[s["id"]]} for s in _services() if s["id"] in settings],
        # Every service's task list (all of them, not only the bookable ones).
        all_services=_services(),
        may_change_services=current_user.centre is None,
        error=error,
    ), status


@bp.get("/settings")
@page_role("manager")
def settings():
    return render_settings()


@bp.post("/centres/<centre_id>")
@page_role("manager")
def centre_policy(centre_id: str):
    data = {k: request.form.get(k, "") for k in ("min_notice_minutes", "horizon_days")}
    return _attempt(
        lambda: manage.set_centre_policy(ctx(), db(), current_user, centre_id, data),
        url_for(".settings"),
        render_settings,
    )


@bp.post("/services/<service_id>")
@page_role("manager")
def service_settings(service_id: str):
    data = {
        "minutes": request.form.get("minutes", ""),
        "buffer_minutes": request.form.get("buffer_minutes", ""),
        "bookable": request.form.get("bookable") == "on",
    }
    return _attempt(
        lambda: manage.set_service_settings(ctx(), db(), current_user, service_id, data),
        url_for(".settings"),
        render_settings,
    )


@bp.get("/qr")
@page_role("manager")
def posters():
    centre, service = request.args.get("centre", ""), request.args.get("service", "")
    query = {k: v for k, v in (("centre", centre), ("service", service)) if v}
    return render_template(
        "booking/manager/qr.html",
        centres=list(centres_by_id().values()),
        services=_services(),
        centre=centre,
        service=service,
        svg_url=url_for("api_manager.poster_svg", **query),
        png_url=url_for("api_manager.poster_png", **query),
        site_url=poster_url(),
    )


@bp.get("/tax-cover")
@page_role("manager")
def tax_cover_page():
    """Gaps in tax-secondee cover of the centres the manager manages: the weekly plan, or a
    chosen week (?week=YYYY-Www) with its absences, extra days and holidays."""
    try:
        monday = tax_cover.parse_week(request.args.get("week"))
    except BookingError as err:
        return render_template(
            "booking/manager/tax_cover.html", cover=None, error=error_body(err)
        ), 422
    centre = scope.managed_centre(current_user)
    cover = tax_cover.cover_view(ctx(), db(), [centre] if centre else None, monday)
    return render_template(
        "booking/manager/tax_cover.html",
        cover=cover,
        weekday_labels=dict(zip(WEEKDAYS, WEEKDAY_LABELS, strict=True)),
        error=None,
    )
