"""Visit reports across the centres, for managers and the `report` role."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user

from booking.core.errors import BookingError, invalid
from booking.domain import contact, reports, setup, staff_plan
from booking.staff.auth import require_role
from booking.web import ctx, db
from kernel import plan_export, report_request
from kernel.report_export import respond
from kernel.reports import ReportError

bp = Blueprint("api_reports", __name__, url_prefix="/api/v1")

REPORT_ROLES = ("manager", "report")


def centre_names() -> dict[str, str]:
    """Every centre's name by id, and the contact centre's, whose calls the reports count."""
    names = {c["id"]: c["name"] for c in setup.centres(db(), active_only=False)}
    return {**names, contact.CONTACT_CENTRE: str(contact.CONTACT_CENTRE_NAME)}


def _asked() -> report_request.ReportRequest:
    try:
        return report_request.parse(request.args)
    except ReportError as error:
        raise invalid(**{error.params["field"]: "invalid"}) from None


def allowed_centre(asked: str | None) -> str | None:
    """A manager of one centre sees only that centre's figures (and gets them when naming
    none); a city-wide manager and the report role see any centre or all."""
    mine = current_user.centre if current_user.role == "manager" else None
    if mine is None:
        return asked
    if asked not in (None, mine):
        raise BookingError("forbidden")
    return mine


@bp.get("/reports/visits")
@require_role(*REPORT_ROLES)
def visits():
    """?from=&to= (or period=&date=), by=, centre=, format=json|csv|xlsx, publish=1."""
    asked = _asked()
    centre = allowed_centre(asked.centre)
    names = centre_names()
    if centre is not None and centre not in names:
        raise invalid(centre="unknown")
    report = reports.visit_report(
        db(), asked.by, asked.first_day, asked.last_day, ctx().catalogue, centre, ctx().tz
    )
    if centre != asked.centre:
        asked = report_request.ReportRequest(**{**asked.__dict__, "centre": centre})
    return respond(asked, report, ctx().catalogue, names)


@bp.get("/plan")
@require_role(*REPORT_ROLES)
def plan():
    """?centre=&week=YYYY-Www (default next week)&level=0.8&format=json|csv: the counters a
    centre needs per hour beside those staffed. A manager of one centre gets only theirs."""
    centre = allowed_centre(request.args.get("centre") or None)
    monday = staff_plan.parse_week(request.args.get("week"))
    level = staff_plan.parse_level(request.args.get("level"))
    fmt = request.args.get("format") or "json"
    if fmt not in ("json", "csv"):
        raise invalid(format="invalid")
    view = staff_plan.plan_view(ctx(), db(), centre, monday, level)
    if fmt == "json":
        return jsonify(view)
    name = f"plan-{view['centre']['id']}-{view['week']}.csv"
    return Response(
        plan_export.to_csv(view),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
