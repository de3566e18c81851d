"""The touchscreen ticket kiosk: pick a language, a category, a service; get a ticket."""

from __future__ import annotations

from flask import Blueprint, render_template

from centre.i18n import select_locale
from centre.web import ctx

bp = Blueprint(
    "kiosk",
    __name__,
    url_prefix="/kiosk",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/kiosk",
)


@bp.get("")
@bp.get("/")
def kiosk():
    return render_template("kiosk/kiosk.html", centre=ctx(), language=select_locale())
