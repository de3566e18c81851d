"""A Ukrainian ticket: Cyrillic is not in code page 865, so its lines print as pictures (left to
right, in DejaVu Sans, which holds every Ukrainian letter) around the same QR code."""

from __future__ import annotations

from dataclasses import replace

from centre.printing import printable
from hardware.layout import fits_code_page, render_ticket
from hardware.picture_text import TextLine, draw_lines
from tests.escpos_reader import decode_qr, read
from tests.test_printer_arabic import dark_share
from tests.test_printer_layout import TICKET, URL

UKRAINIAN = replace(
    TICKET,
    number="A017",
    service_name="Паспорт і посвідчення водія",
    issued_at="24 листопада 2026 о 10:00",
    people_ahead_line="Перед Вами 3 людини",
    wait_line="Орієнтовний час очікування: близько 10–20 хв.",
    qr_caption="Відскануйте код, щоб стежити за своїм номером на телефоні.",
    greeting="Ласкаво просимо. Будь ласка, зачекайте, доки викличуть Ваш номер.",
)
# The Ukrainian alphabet, capitals and small letters, and the apostrophe Ukrainian writes.
ALPHABET = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя’"


def test_a_ukrainian_ticket_does_not_fit_the_code_page():
    assert not fits_code_page(UKRAINIAN)
    assert fits_code_page(TICKET)


def test_a_ukrainian_ticket_is_pictures_with_the_qr_code_decoding_back():
    printout = read(render_ticket(UKRAINIAN, native_qr=False))
    assert printout.texts() == []  # no Cyrillic sent as code-page text (it would print as "?")
    above, qr, below = printout.images
    assert decode_qr(qr) == URL
    assert 0.03 < dark_share(above) < 0.5 and 0.01 < dark_share(below) < 0.5
    assert above.width <= 512 and below.width <= 512
    assert printout.cuts == 1


def test_the_pictures_hold_the_ticket_lines_in_order_left_to_right():
    above, _qr, below = read(render_ticket(UKRAINIAN, native_qr=False)).images
    number = 160  # the number's largest size, which four characters on 80 mm paper take
    expected_above = draw_lines(
        [
            TextLine(UKRAINIAN.centre_name, 26, bold=True),
            TextLine(UKRAINIAN.number, number, bold=True),
            TextLine(UKRAINIAN.service_name, 44, bold=True),
            TextLine(UKRAINIAN.people_ahead_line, 26),
            TextLine(UKRAINIAN.wait_line, 26),
        ],
        512,
        "ltr",
    )
    expected_below = draw_lines(
        [
            TextLine(UKRAINIAN.qr_caption, 26),
            TextLine(UKRAINIAN.greeting, 26),
            TextLine(UKRAINIAN.issued_at, 26),
        ],
        512,
        "ltr",
    )
    assert list(above.convert("1").getdata()) == list(expected_above.getdata())
    assert list(below.convert("1").getdata()) == list(expected_below.getdata())


def test_a_ukrainian_ticket_keeps_the_printers_own_qr_code():
    printout = read(render_ticket(UKRAINIAN, native_qr=True))
    assert [code["data"] for code in printout.qr_codes] == [URL]
    assert len(printout.images) == 2 and printout.texts() == []


def test_a_58_mm_ukrainian_ticket_fits_its_paper():
    printout = read(render_ticket(UKRAINIAN, width_mm=58, native_qr=False))
    above, qr, below = printout.images
    assert decode_qr(qr) == URL
    assert above.width <= 384 and below.width <= 384


def test_every_ukrainian_letter_is_drawn_not_a_missing_glyph_box():
    missing = list(draw_lines([TextLine("\ue000", 40)], 120).getdata())  # no font has U+E000
    for letter in ALPHABET:
        drawn = list(draw_lines([TextLine(letter, 40)], 120).getdata())
        assert drawn != missing, letter
        assert any(pixel == 0 for pixel in drawn), letter


def test_a_ticket_taken_in_ukrainian_at_the_kiosk_prints_in_ukrainian(app):
    ticket = {
        "service": "passport",
        "number": "A001",
        "language": "uk",
        "created_at": "2026-11-24T09:00:00+00:00",
        "appointment_at": None,
    }
    with app.app_context():
        printed = printable(app, ticket, 3, [10, 20], URL)
    assert printed.direction == "ltr"
    assert printed.service_name == "Паспорт"
    assert printed.people_ahead_line == "Перед Вами 3 людини"
    assert printed.issued_at == "24 листопада 2026 о 10:00"
    printout = read(render_ticket(printed, native_qr=False))
    assert printout.texts() == [] and decode_qr(printout.images[1]) == URL
