"""The annual report as a file: the HTML page rendered in central's app, or that page as a PDF."""

from __future__ import annotations

import logging
from pathlib import Path

from babel.numbers import format_percent
from flask import Flask, render_template
from flask_babel import format_decimal, get_locale

from booking.domain import annual_report
from booking.web import ctx, db
from kernel.report_labels import COLUMN_NAMES

FORMATS = (".html", ".pdf")
# A figure hidden for publication, and a figure that does not exist (no wait measured).
HIDDEN = ".."
NONE = "–"


def _number(value: float | None) -> str:
    return NONE if value is None else format_decimal(value)


def _share(value: float | None) -> str:
    return (
        NONE
        if value is None
        else format_percent(value, locale=get_locale(), decimal_quantization=False)
    )


def _cell(row: dict, column: str) -> str:
    if row.get("suppressed"):
        return HIDDEN
    value = row.get(column)
    return _share(value) if column.endswith("_share") else _number(value)


def render_html(app: Flask, year: int, language: str) -> str:
    """The report of `year` as one standalone HTML document in `language` ("da" or "en")."""
    # A request in `language` (?lang=): the app picks the language per request, and its
    # template context (rendering needs it) reads the request; no server is involved.
    with app.test_request_context("/", query_string={"lang": language}):
        facts, names = annual_report.load(db(), year)
        report = annual_report.build(facts, year, ctx().catalogue, names, language)
        return render_template(
            "booking/annual_report.html",
            report=report,
            language=language,
            columns=COLUMN_NAMES,
            cell=_cell,
            number=_number,
            share=_share,
            hidden_mark=HIDDEN,
            none_mark=NONE,
        )


def pdf_bytes(html: str) -> bytes:
    # Its progress (from the import on) is logged at INFO: noise on the command's screen.
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Imported here: WeasyPrint takes most of a second to load, and only this command needs it.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def write(app: Flask, year: int, language: str, out: Path) -> None:
    """Render the report and write it to `out`, as PDF or HTML by the file's suffix."""
    html = render_html(app, year, language)
    if out.suffix.lower() == ".pdf":
        out.write_bytes(pdf_bytes(html))
    else:
        out.write_text(html, encoding="utf-8")
