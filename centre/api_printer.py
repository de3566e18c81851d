"""The kiosk printer for staff: its state, reprints, and the virtual printer's printouts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify, send_from_directory, url_for
from flask_login import current_user

from centre.api_counter import SERVING_ROLES
from centre.auth import require_role
from centre.core.errors import QueueError
from centre.domain.reprints import reprint
from centre.web import ctx, db, json_body, printer

bp = Blueprint("api_printer", __name__, url_prefix="/api/v1/printer")

# A printout's name is a ticket number (or "test"): never a path.
PRINTOUT_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
PRINTOUTS_SHOWN = 10


@bp.get("")
@require_role()
def printer_state():
    """Online, paper, error, and the tickets whose paper copy failed."""
    return jsonify(printer().state)


@bp.post("/reprint")
@require_role(*SERVING_ROLES)
def printer_reprint():
    reprint(ctx(), db(), printer(), json_body().get("ticket"), current_user.username)
    return jsonify(queued=True), 202


@bp.get("/printouts")
@require_role()
def printer_printouts():
    """The virtual printer's newest printouts (none for a real printer)."""
    found = []
    for item in printer().printouts(PRINTOUTS_SHOWN):
        png = item.get("png")
        mtime = item.get("mtime")
        at = datetime.fromtimestamp(mtime, UTC).isoformat() if mtime else None
        png_url = None
        if png is not None and PRINTOUT_NAME.match(item["name"]):
            # Numbers start again each day: the time in the address keeps an old picture
            # from being shown out of the browser's cache.
            png_url = url_for(
                "api_printer.printer_printout_png", name=item["name"], v=int(mtime or 0)
            )
        found.append({"name": item["name"], "png_url": png_url, "at": at})
    return jsonify(printouts=found)


@bp.get("/printouts/<name>.png")
@require_role()
def printer_printout_png(name: str):
    if not PRINTOUT_NAME.match(name):
        raise QueueError("not_found")
    folder = current_app.config["CENTRE"].printout_dir
    if not (folder / f"{name}.png").is_file():
        raise QueueError("not_found")
    # send_from_directory joins safely as well: a second guard against leaving the folder.
    response = send_from_directory(folder, f"{name}.png", mimetype="image/png", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
