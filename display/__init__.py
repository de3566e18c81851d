"""The waiting-room display: the latest call big, recent calls, waiting per service.

The blueprint serves one page with its speech settings; the script (`static/display`) follows
the `/display` Socket.IO namespace, starting from a snapshot on every connect, and announces
calls with a chime and speech. The screen shows numbers, services and counters, never a name,
and needs no credential.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import force_locale, gettext

from centre.web import ctx
from kernel.i18n import select_locale

bp = Blueprint(
    "display",
    __name__,
    url_prefix="/display",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/display",
)

SPEECH_LANGUAGES = {"da": "da-DK", "en": "en-GB"}
DEFAULT_SPEECH = "da"


def speech_choice() -> str:
    """?speech=da|en|off; Danish unless told otherwise (the room hears Danish first)."""
    choice = request.args.get("speech", DEFAULT_SPEECH)
    return choice if choice in (*SPEECH_LANGUAGES, "off") else DEFAULT_SPEECH


def speech_settings(choice: str) -> dict:
    """The spoken call in the speech language, which may differ from the screen's language."""
    if choice == "off":
        return {"enabled": False, "lang": None, "template": ""}
    with force_locale(choice):
        template = gettext(
            "Number %(number)s, counter %(counter)s", number="{number}", counter="{counter}"
        )
    return {"enabled": True, "lang": SPEECH_LANGUAGES[choice], "template": template}


@bp.get("")
@bp.get("/")
def display():
    # A shared screen speaks to the room: Danish unless the URL says ?lang=en,
    # whatever the display machine's browser happens to prefer.
    g.language = "da"
    language = select_locale()
    services = [
        {"id": s.id, "prefix": s.prefix, "name": s.label(language)}
        for s in ctx().catalogue.services
        if not s.requires_appointment
    ]
    config = {
        "timezone": current_app.config["CENTRE"].timezone,
        "speech": speech_settings(speech_choice()),
        "recent": 6,
    }
    return render_template(
        "display/display.html",
        centre=ctx(),
        language=language,
        services=services,
        config=config,
    )
