"""The manager's visit reports for this centre: any period, any grouping, JSON/CSV/XLSX."""

from __future__ import annotations

from flask import Blueprint, request

from centre.auth import require_role
from centre.core.errors import QueueError
from centre.domain import reports
from centre.web import ctx, db
from kernel import report_request
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
    return respond(asked, report, here.catalogue, {here.id: here.name})
