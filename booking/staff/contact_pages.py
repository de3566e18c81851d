"""The contact centre's workspace page: a caller's first free time, booking, live waits, calls.

The page draws itself once; contact.js does the rest through the contact API."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from booking.domain import setup
from booking.page_helpers import centres_by_id, remember_language
from booking.staff.contact_api import CONTACT_ROLES, labelled_waits
from booking.staff.pages import page_role
from booking.web import ctx, db
from kernel.i18n import select_locale
from kernel.tasks import ADMINISTRATIONS, administration_label

bp = Blueprint("contact_pages", __name__, url_prefix="/staff")
bp.before_request(remember_language)
# How often the waits are fetched again (milliseconds).
REFRESH_MS = 10000
OUTCOME_LABELS = {
    "answered": _l("Answered"),
    "booked": _l("Booked a time"),
    "handed_over": _l("Handed over"),
    "put_through": _l("Put through"),
}


@bp.get("/contact")
@page_role(*CONTACT_ROLES)
def workspace():
    language = select_locale()
    bookable = setup.bookable_services(db())
    services = [
        {
            "id": s.id,
            "name": s.label(language),
            "bookable": s.id in bookable,
            "walk_in": not s.requires_appointment,
        }
        for s in ctx().catalogue.services
    ]
    return render_template(
        "booking/staff/contact.html",
        services=services,
        names={s["id"]: s["name"] for s in services},
        centres=list(centres_by_id().values()),
        waits=labelled_waits(),
        outcomes={key: str(label) for key, label in OUTCOME_LABELS.items()},
        administrations=[(a, administration_label(a, language)) for a in ADMINISTRATIONS],
        refresh_ms=REFRESH_MS,
    )
