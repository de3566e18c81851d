"""The manager's report page at the centre: a period, a grouping, the figures, the charts."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from centre.core.errors import QueueError
from centre.domain import reports as report_domain
from centre.domain import staff_plan
from centre.domain.counter.phone import report_names
from centre.web import ctx, db
from kernel import plan_page, report_assets, report_view

bp = Blueprint(
    "report_pages",
    __name__,
    template_folder=report_assets.TEMPLATES,
    static_folder=report_assets.STATIC,
    static_url_path=report_assets.STATIC_URL,
)


def _refused():
    """Anyone but the centre's manager is told where to log in (the staff page)."""
    status = 403 if current_user.is_authenticated else 401
    return render_template(
        "reports_refused.html", centre=ctx(), languages=report_view.language_links()
    ), status


def _manager() -> bool:
    return current_user.is_authenticated and current_user.role == "manager"


@bp.get("/manager/reports")
def reports():
    """Only the centre's manager."""
    if not _manager():
        return _refused()
    here = ctx()
    asked = report_view.read_form(request.args, date.fromisoformat(here.today()))
    view = None
    if asked.request is not None:
        if asked.form.centre not in ("", here.id):
            asked = report_view.refused(asked, "centre")
        else:
            first, last = asked.request.first_day, asked.request.last_day
            view = report_view.build(
                asked.request,
                asked.form,
                lambda by: report_domain.visit_report(here, db(), by, first, last),
                here.catalogue,
                report_names(here),
                page_endpoint="report_pages.reports",
                api_endpoint="api_reports.visits",
            )
    return render_template(
        "reports.html",
        centre=here,
        asked=asked,
        view=view,
        choices=report_view.choices(),
        action=url_for("report_pages.reports"),
        languages=report_view.language_links(),
    ), 200 if view is not None else 422


@bp.get("/manager/plan")
def plan():
    """Next week's (or ?week=) counters needed per hour beside the configured counters, only
    for the centre's manager."""
    if not _manager():
        return _refused()
    here = ctx()
    view, error = None, None
    try:
        monday, level = staff_plan.parse(here, request.args.get("week"), request.args.get("level"))
        view = staff_plan.plan_view(here, db(), monday, level)
    except QueueError as err:
        error = err.params.get("field", "week")
    return render_template(
        "plan.html",
        centre=here,
        view=view,
        grid=plan_page.grid(view) if view else None,
        csv_url=view
        and url_for("api_reports.plan", week=view["week"], level=view["level"], format="csv"),
        levels=plan_page.level_choices(view["level"] if view else here.plan.level),
        error=error,
        week=request.args.get("week", ""),
        languages=report_view.language_links(),
    ), 200 if view is not None else 422
