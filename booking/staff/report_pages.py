"""The report page at central, for managers and the `report` role: every centre or one."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from booking.core.errors import BookingError
from booking.domain import reports as report_domain
from booking.domain import scope, setup, staff_plan
from booking.http_errors import error_body, page_response
from booking.page_helpers import remember_language
from booking.staff.pages import page_role
from booking.staff.reports_api import REPORT_ROLES, allowed_centre, centre_names
from booking.web import ctx, db
from kernel import plan_page, plan_week, report_assets, report_view

bp = Blueprint(
    "report_pages",
    __name__,
    url_prefix="/staff",
    template_folder=report_assets.TEMPLATES,
    static_folder=report_assets.STATIC,
    static_url_path=report_assets.STATIC_URL,
)
bp.before_request(remember_language)


@bp.get("/reports")
@page_role(*REPORT_ROLES)
def reports():
    """A manager of one centre sees only that centre; the others choose any or all."""
    try:
        centre = allowed_centre(request.args.get("centre") or None)
    except BookingError:
        return page_response("forbidden", 403)
    every = setup.centres(db(), active_only=False)
    names = centre_names()
    mine = scope.managed_centre(current_user)
    choosable = [c for c in every if mine in (None, c["id"])]
    today = ctx().now().astimezone(ctx().tz).date()
    args = {**request.args.to_dict(), "centre": centre or ""}
    asked = report_view.read_form(args, today)
    view = None
    if asked.request is not None:
        if centre is not None and centre not in names:
            asked = report_view.refused(asked, "centre")
        else:
            first, last = asked.request.first_day, asked.request.last_day
            catalogue = ctx().catalogue
            view = report_view.build(
                asked.request,
                asked.form,
                lambda by: report_domain.visit_report(
                    db(), by, first, last, catalogue, centre, ctx().tz
                ),
                ctx().catalogue,
                names,
                page_endpoint="report_pages.reports",
                api_endpoint="api_reports.visits",
                centre=centre,
                first_free=True,
            )
    return render_template(
        "booking/staff/reports.html",
        asked=asked,
        view=view,
        choices=report_view.choices(),
        centres=choosable,
        action=url_for("report_pages.reports"),
    ), 200 if view is not None else 422


@bp.get("/plan")
@page_role(*REPORT_ROLES)
def plan():
    """Counters needed per hour of a week beside those staffed, for one centre (a manager of
    one centre: theirs), with the forecast's backtest error in words and a CSV link."""
    try:
        centre = allowed_centre(request.args.get("centre") or None)
    except BookingError:
        return page_response("forbidden", 403)
    mine = scope.managed_centre(current_user)
    every = [c for c in setup.centres(db(), active_only=False) if mine in (None, c["id"])]
    centre = centre or (every[0]["id"] if every else None)
    view, error = None, None
    try:
        monday = staff_plan.parse_week(request.args.get("week"))
        level = staff_plan.parse_level(request.args.get("level"))
        view = staff_plan.plan_view(ctx(), db(), centre, monday, level)
    except BookingError as err:
        error = error_body(err)
    return render_template(
        "booking/staff/plan.html",
        view=view,
        grid=plan_page.grid(view) if view else None,
        csv_url=view
        and url_for(
            "api_reports.plan",
            centre=view["centre"]["id"],
            week=view["week"],
            level=view["level"],
            format="csv",
        ),
        levels=plan_page.level_choices(view["level"] if view else plan_week.DEFAULT_LEVEL),
        error=error,
        centres=every,
        centre=centre,
    ), 200 if view is not None else 422
