"""The manager's list of messages that did not go out, with a button to send one again."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from booking.core.errors import BookingError
from booking.domain import unsent
from booking.http_errors import page_response
from booking.i18n import local_date
from booking.page_helpers import centres_by_id, remember_language
from booking.staff.pages import page_role
from booking.web import ctx, db
from kernel.i18n import local_time

bp = Blueprint("unsent", __name__, url_prefix="/staff/manage/messages")
bp.before_request(remember_language)
KINDS = {
    "confirmation": _l("Confirmation"),
    "reminder": _l("Reminder"),
    "moved": _l("Moved"),
    "cancelled": _l("Cancellation"),
}
CHANNELS = {"email": _l("E-mail"), "sms": _l("SMS")}


def _when(text: str | None) -> str:
    if not text:
        return ""
    moment = datetime.fromisoformat(text)
    return f"{local_date(moment)} {local_time(moment)}"


def _view(row: dict, names: dict[str, str]) -> dict:
    return {
        **row,
        "kind_label": KINDS.get(row["kind"], row["kind"]),
        "channel_label": CHANNELS.get(row["channel"], row["channel"]),
        "centre_name": names.get(row["centre"], row["centre"]),
        "appointment": _when(row["start_at"]),
        "next_try": "" if row["given_up"] else _when(row["retry_at"]),
    }


@bp.get("")
@page_role("manager")
def page():
    names = {c["id"]: c["name"] for c in centres_by_id().values()}
    rows = [_view(row, names) for row in unsent.unsent(db(), current_user)]
    return render_template("booking/manager/unsent.html", messages=rows)


@bp.post("/<int:message_id>/send-again")
@page_role("manager")
def send_again(message_id: int):
    try:
        unsent.send_again(ctx(), db(), current_user, message_id)
    except BookingError as err:
        return page_response(err.code, 403 if err.code == "forbidden" else 404)
    return redirect(url_for(".page"))
