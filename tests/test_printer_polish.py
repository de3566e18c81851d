"""A Polish ticket (ą ć ę ł ń ś ź ż are not in code page 865) prints as pictures of its lines
around the same QR code, every Polish letter drawn as itself; without raqm it still prints."""

from __future__ import annotations

from dataclasses import replace

import pytest

from centre.printing import printable
from hardware import picture_text
from hardware.layout import fits_code_page, render_ticket
from tests.escpos_reader import decode_qr, read
from tests.test_printer_arabic import dark_share
from tests.test_printer_layout import TICKET, URL

POLISH = replace(
    TICKET,
    number="A017",
    service_name="Przeprowadzka i rejestr ludności",
    issued_at="24 listopada 2026, godz. 10:00",
    people_ahead_line="Przed Panem/Panią czekają 3 osoby",
    wait_line="Przewidywany czas oczekiwania: ok. 10–20 minut.",
    qr_caption="Proszę zeskanować kod, aby śledzić swój numer w telefonie.",
    greeting="Witamy. Proszę czekać na wywołanie numeru. Żółć, źdźbło, łąka.",
)
LETTERS = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"


def test_the_polish_letters_are_not_in_the_printers_code_page():
    assert not fits_code_page(POLISH)
    for letter in "ąćęłńśźż":
        with pytest.raises(UnicodeEncodeError):
            letter.encode("cp865")


def test_a_polish_ticket_is_pictures_with_the_qr_code_decoding_back():
    printout = read(render_ticket(POLISH, native_qr=False))
    assert printout.texts() == []  # no Polish sent as code-page text (it would print as ?)
    above, qr, below = printout.images
    assert decode_qr(qr) == URL
    assert 0.03 < dark_share(above) < 0.5 and 0.01 < dark_share(below) < 0.5
    assert above.width <= 512 and below.width <= 512
    assert printout.cuts == 1


def test_a_polish_ticket_keeps_the_printers_own_qr_code():
    printout = read(render_ticket(POLISH, native_qr=True))
    assert [code["data"] for code in printout.qr_codes] == [URL]
    assert len(printout.images) == 2 and printout.texts() == []


def test_a_polish_ticket_always_gives_the_same_bytes():
    assert render_ticket(POLISH, native_qr=False) == render_ticket(POLISH, native_qr=False)


def test_every_polish_letter_is_drawn_as_itself_not_as_a_missing_glyph_box():
    font = picture_text._font(26, False, "ltr")

    def glyph(text: str) -> tuple:
        mask = font.getmask(text)
        return mask.size, bytes(mask)

    missing = glyph("\ue000")  # a private-use code point: the font's empty box
    for letter in LETTERS:
        assert glyph(letter) != missing, letter
    # The marks are drawn: "łąka" is not "laka".
    plain = read(render_ticket(replace(POLISH, greeting="laka"), native_qr=False)).images[2]
    marked = read(render_ticket(replace(POLISH, greeting="łąka"), native_qr=False)).images[2]
    assert list(plain.getdata()) != list(marked.getdata())


def test_without_raqm_a_polish_ticket_still_prints_with_its_qr_code(monkeypatch):
    # Polish needs no shaping: Pillow's basic layout draws it; only right-to-left is refused.
    monkeypatch.setattr(picture_text.features, "check", lambda feature: False)
    printout = read(render_ticket(POLISH, native_qr=False))
    above, qr, below = printout.images
    assert decode_qr(qr) == URL and printout.texts() == []
    assert 0.03 < dark_share(above) < 0.5 and 0.01 < dark_share(below) < 0.5


def test_a_polish_ticket_from_the_kiosk_is_printed_in_polish(app):
    ticket = {
        "service": "moving",
        "number": "A001",
        "language": "pl",
        "created_at": "2026-11-24T09:00:00+00:00",
        "appointment_at": None,
    }
    with app.app_context():
        printed = printable(app, ticket, 3, [10, 20], URL)
        five = printable(app, ticket, 5, [10, 20], URL)
    assert printed.direction == "ltr"
    assert printed.service_name == "Przeprowadzka i rejestr ludności"
    assert printed.people_ahead_line == "Przed Panem/Panią czekają 3 osoby"
    assert five.people_ahead_line == "Przed Panem/Panią czeka 5 osób"
    assert printed.issued_at == "24 listopada 2026, godz. 10:00"
    assert printed.wait_line == "Przewidywany czas oczekiwania: ok. 10–20 minut."
    printout = read(render_ticket(printed, native_qr=False))
    assert printout.texts() == [] and decode_qr(printout.images[1]) == URL
