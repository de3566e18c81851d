"""The languages the apps speak: citizen languages and staff languages (no Flask: rules use it too).

A citizen language is one the citizen surfaces (kiosk, ticket, display, status page, booking
site and its messages) are complete in; staff and manager pages stay Danish or English. A
language is listed here only once its catalogue holds every citizen string (tests/test_i18n.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language: its code, its own name in its own script, its writing direction."""

    code: str
    name: str
    direction: str = "ltr"


CITIZEN = (
    Language("da", "Dansk"),
    Language("en", "English"),
    Language("ar", "العربية", "rtl"),
    Language("pl", "Polski"),
    Language("tr", "Türkçe"),
    Language("uk", "Українська"),
    Language("ur", "اردو", "rtl"),
)
STAFF_LANGUAGES = ("da", "en")
# Every language a page or message may be in (a staff page falls back to English msgids).
LANGUAGES = tuple(language.code for language in CITIZEN)
CITIZEN_LANGUAGES = LANGUAGES
DEFAULT_LANGUAGE = "da"
# Catalogues not yet read by a native speaker: each says so in its header (see README).
UNREVIEWED = frozenset({"ar", "pl", "tr", "uk", "ur"})

_BY_CODE = {language.code: language for language in CITIZEN}

# The files whose strings a citizen sees: every catalogue entry used in one of them must be
# translated in every citizen language (tests/test_i18n.py reads the entries' "#:" locations).
CITIZEN_SOURCES = (
    "kiosk/*",
    "display/*",
    "centre/templates/status.html",
    "centre/templates/status_feedback.html",
    "centre/printing.py",
    "centre/http_errors.py",
    "centre/web.py",
    "centre/templates/base.html",
    "kernel/http_errors.py",
    "hardware/layout.py",
    "booking/citizen/*",
    "booking/http_errors.py",
    "booking/api/answers.py",
    "booking/bring.py",
    "booking/i18n.py",
    "booking/mail/mailer.py",
    "booking/mail/sms_message.py",
    "booking/templates/booking/_alert.html",
    "booking/templates/booking/_moving.html",
    "booking/templates/booking/base.html",
    "booking/templates/booking/centres.html",
    "booking/templates/booking/days.html",
    "booking/templates/booking/details.html",
    "booking/templates/booking/error.html",
    "booking/templates/booking/held_booked.html",
    "booking/templates/booking/my_booking.html",
    "booking/templates/booking/my_booking_cancel.html",
    "booking/templates/booking/services.html",
    "booking/templates/booking/times.html",
    "booking/templates/booking/messages/*",
)


def direction(code: str) -> str:
    """ "rtl" for Arabic and Urdu, else "ltr"."""
    language = _BY_CODE.get(code)
    return language.direction if language else "ltr"


def own_name(code: str) -> str:
    """The language's name as its speakers write it ("Dansk", "العربية")."""
    return _BY_CODE[code].name
