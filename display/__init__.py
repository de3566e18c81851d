"""The waiting-room display: the latest call big, recent calls, waiting per service."""

from __future__ import annotations

from flask import Blueprint, render_template

from centre.i18n import select_locale
from centre.web import ctx

bp = Blueprint(
    "display",
    __name__,
    url_prefix="/display",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/display",
)


@bp.get("")
@bp.get("/")
def display():
    return render_template("display/display.html", centre=ctx(), language=select_locale())
