"""The staff client for counters, reception and the centre manager."""

from __future__ import annotations

from flask import Blueprint, render_template

from centre.i18n import select_locale
from centre.web import ctx

bp = Blueprint(
    "counter",
    __name__,
    url_prefix="/counter",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/counter",
)


@bp.get("")
@bp.get("/")
def counter():
    return render_template("counter/counter.html", centre=ctx(), language=select_locale())
