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
from kernel.languages import CITIZEN_LANGUAGES

bp = Blueprint(
    "display",
    __name__,
    url_prefix="/display",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/display",
)

# The voice asked of the browser for each language a call may be spoken in.
SPEECH_LANGUAGES = {
    "da": "da-DK",
    "en": "en-GB",
    "ar": "ar",
    "pl": "pl-PL",
    "tr": "tr-TR",
    "uk": "uk-UA",
    "ur": "ur",
}
DEFAULT_SPEECH = "da"


def speech_choice() -> str:
    """?speech=da|en|ar|pl|tr|uk|ur|off: the room's language, Danish unless told otherwise."""
    choice = request.args.get("speech", DEFAULT_SPEECH)
    return choice if choice in (*SPEECH_LANGUAGES, "off") else DEFAULT_SPEECH


def spoken_call(language: str) -> dict:
    """The voice and the sentence ("{number}", "{counter}" left in) for one language."""
    with force_locale(language):
        template = gettext(
            "Number %(number)s, counter %(counter)s", number="{number}", counter="{counter}"
        )
    return {"lang": SPEECH_LANGUAGES[language], "template": template}


def speech_settings(choice: str) -> dict:
    """The room's spoken call, and each citizen language's: a call is spoken in its ticket's
    language when the browser has a voice for it, else in the room's (the script decides)."""
    if choice == "off":
        return {"enabled": False, "lang": None, "template": "", "languages": {}}
    languages = {code: spoken_call(code) for code in CITIZEN_LANGUAGES}
    return {"enabled": True, **languages[choice], "languages": languages}


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
