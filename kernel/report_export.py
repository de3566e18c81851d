"""A report as a download: CSV (machine column names) or XLSX (named columns), same numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from flask import Response, jsonify
from openpyxl import Workbook

from kernel.catalogue import Catalogue
from kernel.phone_duty import FIELD as PHONE_DUTY
from kernel.report_labels import COLUMN_NAMES, GROUP_NAMES, with_labels
from kernel.report_publication import suppress_small
from kernel.report_request import ReportRequest
from kernel.reports import NUMBERS

HEADER = ("key", "label", *NUMBERS)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def numbers(report: dict[str, Any]) -> tuple[str, ...]:
    """NUMBERS, and the minutes on phone duty where the report counts them (a centre's)."""
    return (*NUMBERS, PHONE_DUTY) if PHONE_DUTY in report["total"] else NUMBERS


def header(report: dict[str, Any]) -> tuple[str, ...]:
    return ("key", "label", *numbers(report))


def table(report: dict[str, Any]) -> list[list[Any]]:
    """The rows as lists in header order, the total last (key "total")."""
    columns = header(report)
    out = [[row.get(k) for k in columns] for row in report["rows"]]
    out.append(["total", "", *(report["total"][k] for k in numbers(report))])
    return out


def to_csv(report: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(report))
    writer.writerows(["" if v is None else v for v in line] for line in table(report))
    # With a byte-order mark, spreadsheet programs read the Danish letters right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Rapport"
    sheet.append(
        [str(GROUP_NAMES[report["by"]]), "", *(str(COLUMN_NAMES[k]) for k in numbers(report))]
    )
    sheet.append(list(header(report)))
    for line in table(report):
        sheet.append(line)
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(report: dict[str, Any], fmt: str, name: str) -> Response:
    """The report as a file answer named `name`.<fmt>."""
    body = to_csv(report) if fmt == "csv" else to_xlsx(report)
    return Response(
        body,
        content_type=CONTENT_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
            "Cache-Control": "no-store",
        },
    )


def respond(
    asked: ReportRequest,
    report: dict[str, Any],
    catalogue: Catalogue,
    centre_names: Mapping[str, str],
):
    """The asked report as JSON, CSV or XLSX: labelled in the request's language, and with
    small cells hidden when it is meant for publication."""
    report = with_labels(report, catalogue, centre_names)
    report["centre"] = asked.centre
    if asked.publish:
        report = suppress_small(report)
    if asked.fmt == "json":
        return jsonify(report)
    return download(report, asked.fmt, f"besoeg-{asked.by}-{report['from']}-{report['to']}")
