"""The manager's report page at the centre: a period, a grouping, the figures, the charts."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from centre.domain import reports as report_domain
from centre.web import ctx, db
from kernel import report_assets, report_view

bp = Blueprint(
    "report_pages",
    __name__,
    template_folder=report_assets.TEMPLATES,
    static_folder=report_assets.STATIC,
    static_url_path=report_assets.STATIC_URL,
)


@bp.get("/manager/reports")
def reports():
    """Only the centre's manager; anyone else is told where to log in (the staff page)."""
    if not current_user.is_authenticated or current_user.role != "manager":
        status = 403 if current_user.is_authenticated else 401
        return render_template(
            "reports_refused.html", centre=ctx(), languages=report_view.language_links()
        ), status
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
                {here.id: here.name},
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
