"""HTML pages that belong to no client: the start page, the ticket status page, QR images."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    send_file,
)

from centre.core.errors import QueueError
from centre.core.transitions import DONE
from centre.domain import feedback as feedback_domain
from centre.domain import tickets as ticket_domain
from centre.web import (
    ctx,
    db,
    no_wait_sentence,
    qr_svg,
    script_sentences,
    status_url,
    wait_range_sentence,
)
from kernel.i18n import select_locale

bp = Blueprint("pages", __name__)

VENDOR = Path(__file__).resolve().parent.parent / "node_modules"
VENDOR_FILES = {"socket.io.min.js": VENDOR / "socket.io-client" / "dist" / "socket.io.min.js"}


@bp.get("/")
def index():
    return render_template("index.html", centre=ctx())


@bp.get("/t/<token>")
def ticket_status_page(token: str):
    try:
        ticket = ticket_domain.find_by_token(db(), token)
    except QueueError:
        abort(404)
    if "lang" not in request.args:
        # The phone page speaks the language the citizen chose at the kiosk.
        g.language = ticket["language"]
    status = ticket_domain.ticket_status(ctx(), db(), ticket)
    answered = not feedback_domain.can_answer(db(), ticket)
    service = ctx().catalogue.service(ticket["service"])
    language = select_locale()
    return render_template(
        "status.html",
        ticket=status,
        no_wait=no_wait_sentence(status["wait_note"]),
        # The page and its script fill in {time}, {low} and {high}.
        wait_strings={
            **script_sentences("{time}"),
            "wait_range": wait_range_sentence("{low}", "{high}"),
        },
        timezone=current_app.config["CENTRE"].timezone,
        service_name=service.label(language),
        centre=ctx(),
        # A transfer moves the ticket to another service: the live page needs that name too.
        service_names={s.id: s.label(language) for s in ctx().catalogue.services},
        # After a finished visit the page asks once whether the errand was solved.
        token=ticket["token"],
        feedback_open=ticket["status"] == DONE and not answered,
        feedback_answered=answered,
    )


@bp.get("/t/<token>/qr.svg")
def ticket_qr(token: str):
    try:
        ticket = ticket_domain.find_by_token(db(), token)
    except QueueError:
        abort(404)
    return Response(qr_svg(status_url(ticket["token"])), mimetype="image/svg+xml")


@bp.get("/favicon.ico")
def favicon():
    return send_file(Path(__file__).parent / "static" / "favicon.svg", mimetype="image/svg+xml")


@bp.get("/vendor/<name>")
def vendor(name: str):
    path = VENDOR_FILES.get(name)
    if path is None or not path.exists():
        abort(404)
    return send_file(path, mimetype="text/javascript", max_age=3600)
