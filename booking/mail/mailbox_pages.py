"""The demo's development mailbox: messages that would have been sent, read from the folder."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

from flask import Blueprint, abort, render_template

from booking.web import ctx

bp = Blueprint("dev", __name__, url_prefix="/dev")
SHOWN = 100


def read_mailbox() -> list[dict]:
    folder = ctx().config.mailbox_dir
    files = sorted(folder.glob("*.eml"), reverse=True)[:SHOWN] if folder.exists() else []
    found = []
    for path in files:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        found.append(
            {
                "to": message["To"],
                "subject": message["Subject"],
                "date": message["Date"],
                "channel": message["X-Channel"] or "email",
                "body": message.get_content(),
            }
        )
    return found


@bp.get("/mailbox")
def mailbox():
    if not ctx().config.demo:  # real messages to real people are never shown on a page
        abort(404)
    return render_template("booking/dev/mailbox.html", messages=read_mailbox())
