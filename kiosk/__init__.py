"""The touchscreen ticket kiosk: pick a service and get a ticket, or check in for a booked time.

The blueprint serves the kiosk page (and the one-time pairing link that gives a kiosk its
credential, and the QR code to book a service that needs a booked time), with every sentence
its scripts show translated here; the scripts themselves live in `static/kiosk/` (one file per
job, `main.js` wires them) and talk to the centre's `/api/v1/tickets` and `/api/v1/checkins`.
No queue rules live here: they are in `centre.core` and `centre.domain`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_babel import ngettext

from centre.core.errors import QueueError
from centre.core.tax_presence import tax_only
from centre.domain import kiosks as kiosk_domain
from centre.domain import next_free, overview
from centre.http_errors import message_for
from centre.kiosk_auth import current_kiosk, require_kiosk, set_credential
from centre.web import ctx, db, qr_svg, script_sentences, sync_agent, wait_range_sentence
from kernel.catalogue import UnknownService
from kernel.i18n import local_day, local_time, select_locale
from kernel.languages import LANGUAGES
from kernel.numbering import CODE_ALPHABET
from kiosk.booking_link import booking_address, booking_url
from kiosk.opening import today_line, week_lines

bp = Blueprint(
    "kiosk",
    __name__,
    url_prefix="/kiosk",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/kiosk",
)

# Left in the plural sentences for the script to replace with the live number.
COUNT = "%(count)s"
# A number in each CLDR plural category ("few" and "many" as Arabic counts): da/en use two.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def plural_forms(translate: Callable[[int], str]) -> dict[str, str]:
    """Every plural form with the %(count)s placeholder kept, so the script can fill in live
    numbers: one per CLDR category the script's Intl.PluralRules may name (Arabic has six)."""
    return {category: translate(n) for category, n in PLURAL_SAMPLES.items()}


def script_strings() -> dict:
    """Every sentence the script shows, translated here (the script holds no text)."""
    return {
        "waiting": plural_forms(
            lambda n: ngettext(
                "%(count)s person waiting", "%(count)s people waiting", n, count=COUNT
            )
        ),
        "nobody_waiting": _("No one is waiting"),
        "about_minutes": _("about %(minutes)d min."),
        # The range a ticket taken now is given, on its service's button.
        "about_range": _("about %(low)s–%(high)s min."),
        "stopped": _("No more numbers today"),
        "no_tax_secondee": _("No tax secondee today: book a time"),
        "ahead": plural_forms(
            lambda n: ngettext(
                "There is %(count)s person ahead of you",
                "There are %(count)s people ahead of you",
                n,
                count=COUNT,
            )
        ),
        "next": _("You are next."),
        # The range the ticket was given: "about 10–15 minutes".
        "wait": wait_range_sentence("%(low)s", "%(high)s"),
        "announce": _("Your number is %(number)s."),
        "network": _(
            "Could not reach the server. Please try again or ask at the reception for help."
        ),
        "printing": _("Your ticket is being printed."),
        "printed": _("Take your ticket from the printer."),
        "not_printed": _(
            "No paper ticket could be printed. Use the QR code to follow your number on your phone."
        ),
        "paper_out": _("The printer is out of paper."),
        # The appointment time on a check-in ticket; kiosk.js formats the time ("10.30" in
        # Danish), the Danish sentence puts "kl." in front.
        "your_time": _("Your time: %(time)s"),
        "called_at_time": _("You will be called at your time."),
        # Said instead of a wait while no counter that serves it is staffed (on the service
        # buttons, the short form).
        "no_counter": _("No counter open"),
        **script_sentences("%(time)s"),
    }


def _alternative(service, category, language: str) -> dict | None:
    """For a tax-only service: a walk-in service of its category others may serve (tax
    questions), offered when no tax secondee is here."""
    if not tax_only(frozenset(service.roles)):
        return None
    for other in category.services:
        if other.id != service.id and not other.requires_appointment and other.roles - {"tax"}:
            return {"id": other.id, "name": other.label(language)}
    return None


def category_view(category, language: str, booked_only: frozenset[str] = frozenset()) -> dict:
    """A category as the start screen shows it, with a short hint made from its services;
    `booked_only`: services that take no walk-ins today (an appointment-only day)."""
    services = [
        {
            "id": s.id,
            "name": s.label(language),
            "hint": s.hint_text(language),
            "requires_appointment": s.requires_appointment or s.id in booked_only,
            # Walk-in on other days: today's screen says so and shows the next free time.
            "booked_today": s.id in booked_only and not s.requires_appointment,
            "tax_only": tax_only(frozenset(s.roles)),
            "alternative": _alternative(s, category, language),
        }
        for s in category.services
    ]
    # One service: its own hint; several: their names, so the citizen sees what is inside.
    names = " · ".join(s["name"] for s in services)
    hint = services[0]["hint"] if len(services) == 1 else names
    return {
        "id": category.id,
        "name": category.label(language),
        "hint": hint,
        "services": services,
        "appointment_only": all(s["requires_appointment"] for s in services),
    }


def closed_message() -> str | None:
    """The server's own sentence for a closed centre (with when it opens), or None if open."""
    refusal = overview.closed_now(ctx())
    return None if refusal is None else message_for(refusal)


def _notice(template: str, status: int):
    """A page for a screen that is not (or cannot become) a kiosk; Danish unless ?lang."""
    g.language = request.args.get("lang") if request.args.get("lang") in LANGUAGES else "da"
    return render_template(template, centre=ctx(), language=select_locale()), status


@bp.get("/pair/<token>")
def pair(token: str):
    """Opened once in the kiosk's browser: the link becomes the kiosk's own credential."""
    try:
        _, credential = kiosk_domain.pair(ctx().clock, db(), token)
    except QueueError:
        return _notice("kiosk/pairing_invalid.html", 404)
    return set_credential(redirect(request.script_root + bp.url_prefix), credential)


@bp.get("/book/<service>/qr.svg")
def booking_qr(service: str):
    """The QR code a phone scans to book `service` at this centre on central's booking site."""
    # A tax decision too: the kiosk offers to book one while no tax secondee is here; and a
    # service on its appointment-only day.
    known = {
        s.id
        for s in ctx().catalogue.services
        if s.requires_appointment or tax_only(frozenset(s.roles)) or not ctx().walk_in_today(s.id)
    }
    url = booking_url(service) if service in known else None
    if url is None:
        abort(404)
    return Response(qr_svg(url), mimetype="image/svg+xml")


@bp.get("/book/<service>/next")
@require_kiosk
def next_free_time(service: str):
    """The next free booked time of `service` here, as the appointment screen writes it
    ({"start": null} when central has none soon or does not answer)."""
    try:
        ctx().catalogue.service(service)
    except UnknownService:
        abort(404)
    start = next_free.next_free(ctx(), sync_agent(), service)
    if start is None:
        return jsonify(start=None, text=None)
    moment = datetime.fromisoformat(start)
    text = _("Next free time: %(day)s at %(time)s", day=local_day(moment), time=local_time(moment))
    return jsonify(start=start, text=text)


@bp.get("")
@bp.get("/")
def kiosk():
    credential = None
    if current_kiosk() is None:
        if not current_app.config["CENTRE"].kiosk_auto_pair:
            return _notice("kiosk/not_set_up.html", 403)
        _, credential = kiosk_domain.pair_at_once(ctx().clock, db())
    page = _kiosk_page()
    return set_credential(make_response(page), credential) if credential else page


def _kiosk_page() -> str:
    if request.args.get("lang") not in LANGUAGES:
        # The kiosk starts in Danish whatever the kiosk machine's browser is set to.
        g.language = "da"
    language = select_locale()
    centre = ctx()
    closed = closed_message()
    now = centre.clock.now()
    booked_only = frozenset(
        s.id for s in centre.catalogue.services if not centre.walk_in_today(s.id)
    )
    config = {
        "lang": language,
        "idle_seconds": current_app.config["CENTRE"].kiosk_idle_seconds,
        "open": closed is None,
        # The day this page was drawn for: its walk-in and appointment days are that day's.
        "today": centre.today(),
        # No word from the printer by then: the citizen is told to use the QR code instead.
        "print_wait_seconds": current_app.config["CENTRE"].printer.timeout_seconds + 1,
        "strings": script_strings(),
        # What a scanned code may hold: a burst of other keys is not a booking code.
        "code_alphabet": CODE_ALPHABET,
        # The time a counter opens is written in the centre's zone, whatever the machine's.
        "timezone": current_app.config["CENTRE"].timezone,
    }
    return render_template(
        "kiosk/kiosk.html",
        centre=centre,
        language=language,
        categories=[category_view(c, language, booked_only) for c in centre.catalogue.categories],
        closed=closed,
        idle_seconds=config["idle_seconds"],
        kiosk_config=config,
        code_alphabet=CODE_ALPHABET,
        today_hours=today_line(centre.hours, now),
        week_hours=week_lines(centre.hours, now) if closed else [],
        booking_address=booking_address(),
    )
