"""A ticket in a script code page 865 lacks (Arabic) prints as pictures of its lines, shaped
right to left, around the same QR code; a Danish ticket stays text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import features

from centre.printing import printable
from hardware.layout import render_ticket
from tests.escpos_reader import decode_qr, read
from tests.test_printer_layout import TICKET, URL

ARABIC = replace(
    TICKET,
    number="A017",
    service_name="جوازات السفر ورخص القيادة",
    issued_at="24 نوفمبر 2026 الساعة 10:00",
    people_ahead_line="3 أشخاص قبلك",
    wait_line="وقت الانتظار المتوقع: حوالي 10–20 دقيقة.",
    qr_caption="امسح الرمز لمتابعة رقمك على هاتفك.",
    greeting="أهلًا بك. يرجى الانتظار حتى يُنادى رقمك.",
    direction="rtl",
)


def dark_share(image) -> float:
    pixels = list(image.convert("L").getdata())
    return sum(1 for p in pixels if p < 128) / len(pixels)


def test_pillow_can_shape_arabic():
    assert features.check("raqm")


def test_an_arabic_ticket_is_pictures_with_the_qr_code_decoding_back():
    printout = read(render_ticket(ARABIC, native_qr=False))
    assert printout.texts() == []  # no Arabic sent as code-page text
    above, qr, below = printout.images
    assert decode_qr(qr) == URL
    assert 0.03 < dark_share(above) < 0.5 and 0.01 < dark_share(below) < 0.5
    assert above.width <= 512 and below.width <= 512
    assert printout.cuts == 1


def test_an_arabic_ticket_keeps_the_printers_own_qr_code():
    printout = read(render_ticket(ARABIC, native_qr=True))
    assert [code["data"] for code in printout.qr_codes] == [URL]
    assert len(printout.images) == 2 and printout.texts() == []


def test_an_arabic_ticket_always_gives_the_same_bytes():
    assert render_ticket(ARABIC, native_qr=False) == render_ticket(ARABIC, native_qr=False)


def test_arabic_lines_are_laid_out_right_to_left():
    # One short word on a wide strip: centred either way, so compare with the same letters in
    # the reverse order drawn left to right; shaped RTL, the two pictures differ.
    ltr = read(render_ticket(replace(ARABIC, direction="ltr"), native_qr=False)).images[0]
    rtl = read(render_ticket(ARABIC, native_qr=False)).images[0]
    assert list(ltr.getdata()) != list(rtl.getdata())


def test_a_danish_ticket_is_still_text():
    printout = read(render_ticket(TICKET, native_qr=False))
    assert TICKET.number in printout.texts() and len(printout.images) == 1


@pytest.mark.parametrize("language", ["ar", "da"])
def test_the_ticket_is_printed_in_the_language_chosen_at_the_kiosk(app, language):
    ticket = {
        "service": "moving",
        "number": "A001",
        "language": language,
        "created_at": "2026-11-24T09:00:00+00:00",
        "appointment_at": None,
    }
    with app.app_context():
        printed = printable(app, ticket, 3, [10, 20], URL)
    assert printed.direction == ("rtl" if language == "ar" else "ltr")
    printout = read(render_ticket(printed, native_qr=False))
    if language == "ar":
        assert "قبلك" in printed.people_ahead_line
        assert printout.texts() == [] and decode_qr(printout.images[1]) == URL
    else:
        assert "A001" in printout.texts()


def test_without_raqm_an_arabic_ticket_is_refused_not_printed_unjoined(monkeypatch):
    from hardware import picture_text

    monkeypatch.setattr(picture_text.features, "check", lambda feature: False)
    with pytest.raises(picture_text.PictureTextError):
        render_ticket(ARABIC, native_qr=False)
