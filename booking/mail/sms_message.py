"""The text of an SMS: the configured or built-in template, in the booking's language, fitted
into two segments."""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from booking.core import sms_text
from booking.domain import messages
from booking.sms_config import SmsConfig

log = logging.getLogger(__name__)


def default_template() -> str:
    """The built-in body, translated; placeholders as in `sms_text.FIELDS`."""
    return _(
        "{what} {service}, {date} at {time}, {centre}. Booking code: {code}. {link_text} {link}"
    )


def kind_words(kind: str) -> tuple[str, str]:
    """What the message is (`what`) and what its link is for (`link_text`)."""
    what = {
        messages.REMINDER: _("Reminder:"),
        messages.MOVED: _("Moved:"),
        messages.CANCELLED: _("Cancelled:"),
    }.get(kind, _("Booked:"))
    link_text = _("Book a new time:") if kind == messages.CANCELLED else _("Move or cancel:")
    return what, link_text


def template_for(config: SmsConfig | None, language: str) -> str:
    """The municipality's template for this language, else the built-in one (a translation
    with a broken placeholder falls back to the English original)."""
    chosen = config.body_for(language) if config else None
    if chosen:
        return chosen
    translated = default_template()
    if sms_text.template_problem(translated):
        log.warning("the %s translation of the SMS text has a broken placeholder", language)
        return (
            "{what} {service}, {date} at {time}, {centre}. Booking code: {code}. {link_text} {link}"
        )
    return translated


def body(config: SmsConfig | None, language: str, kind: str, fields: dict[str, str]) -> str:
    """The SMS text (call inside the booking's locale): at most two segments, link whole."""
    what, link_text = kind_words(kind)
    values = {"what": what, "link_text": link_text, **fields}
    return sms_text.fit(template_for(config, language), values)
