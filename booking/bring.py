"""What to bring to the appointment, per service (shown on the confirmation and in messages)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PHOTO_ID = _l("Photo identification (passport, driving licence or ID card)")
DOCUMENTS = _l("Letters and papers about your case")

BRING = {
    "passport": (
        _l("Your old passport, if you have one"),
        _l("Photo identification, if you have no passport"),
        _l("A payment card for the fee"),
        _l("For a child under 18: the child, and the consent of everyone with custody"),
    ),
    "driving_licence": (
        _l("Your current driving licence, if you have one"),
        _l("A recent passport photo"),
        _l("A medical certificate, if you were asked for one"),
        _l("A payment card for the fee"),
    ),
    "tax_decision": (PHOTO_ID, _l("Your tax assessment or tax return"), DOCUMENTS),
    "tax_questions": (PHOTO_ID, _l("Your tax assessment or tax return"), DOCUMENTS),
    "health_card": (PHOTO_ID, _l("Your old health insurance card, if you have one")),
    "moving": (PHOTO_ID, _l("Your new address and the date you move")),
    "digital_help": (
        PHOTO_ID,
        _l("Your mobile phone, and your MitID app or code display if you have them"),
    ),
}
DEFAULT = (PHOTO_ID, DOCUMENTS)


def what_to_bring(service_id: str) -> list[str]:
    return [str(item) for item in BRING.get(service_id, DEFAULT)]
