"""The manager's visit reports for this centre: any period, any grouping, JSON/CSV/XLSX."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from centre.auth import require_role
from centre.core.errors import QueueError
from centre.domain import reports, staff_plan
from centre.domain.counter.phone import report_names
from centre.web import ctx, db
from kernel import plan_export, report_request
from kernel.report_export import respond

bp = Blueprint("api_reports", __name__, url_prefix="/api/v1")


@bp.get("/reports/visits")
@require_role("manager")
def visits():
    """?from=&to= (or period=&date=), by=, format=json|csv|xlsx, publish=1; `centre` may only
    name this centre. The figures equal central's for this centre (the same facts)."""
    asked = report_request.parse(request.args)
    here = ctx()
    if asked.centre not in (None, here.id):
        raise QueueError("validation", field="centre")
    report = reports.visit_report(here, db(), asked.by, asked.first_day, asked.last_day)
    return respond(asked, report, here.catalogue, report_names(here))


@bp.get("/plan")
@require_role("manager")
def plan():
    """?week=YYYY-Www (default next week)&level=0.8&format=json|csv: the counters this centre
    needs per hour beside its configured counters; `centre` may only name this centre."""
    here = ctx()
    if request.args.get("centre") not in (None, "", here.id):
        raise QueueError("validation", field="centre")
    monday, level = staff_plan.parse(here, request.args.get("week"), request.args.get("level"))
    fmt = request.args.get("format") or "json"
    if fmt not in ("json", "csv"):
        raise QueueError("validation", field="format")
    view = staff_plan.plan_view(here, db(), monday, level)
    if fmt == "json":
        return jsonify(view)
    return Response(
        plan_export.to_csv(view),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="plan-{here.id}-{view["week"]}.csv"',
            "Cache-Control": "no-store",
        },
    )
