"""A Turkish ticket (ş ğ ı İ are not in code page 865) prints as pictures of its lines around
the same QR code, every Turkish letter drawn as itself, with or without Pillow's raqm layout."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import features

from centre.printing import printable
from hardware import picture_text
from hardware.layout import fits_code_page, render_ticket
from hardware.picture_text import TextLine, draw_lines
from tests.escpos_reader import decode_qr, read
from tests.test_printer_arabic import dark_share
from tests.test_printer_layout import TICKET, URL

TURKISH = replace(
    TICKET,
    number="F017",
    service_name="Taşınma ve nüfus kaydı",
    issued_at="24 Kasım 2026, saat 10:00",
    people_ahead_line="Önünüzde 3 kişi var",
    wait_line="Tahmini bekleme süresi: yaklaşık 10–20 dakika.",
    qr_caption="Numaranızı telefonunuzdan takip etmek için kodu okutun.",
    greeting="Hoş geldiniz. Lütfen numaranız çağrılana kadar bekleyin.",
)
# Each Turkish letter code page 865 lacks, and the letter a careless picture would draw instead.
NOT_IN_865 = {"ş": "s", "Ş": "S", "ğ": "g", "Ğ": "G", "ı": "i", "İ": "I"}


def pixels(text: str, size: int = 60) -> bytes:
    return draw_lines([TextLine(text, size)], 512).tobytes()


def test_code_page_865_lacks_the_turkish_letters_so_the_ticket_is_a_picture():
    assert not fits_code_page(TURKISH)
    printout = read(render_ticket(TURKISH, native_qr=False))
    assert printout.texts() == []  # nothing sent as code-page text (it would print "?")
    above, qr, below = printout.images
    assert decode_qr(qr) == URL
    assert 0.03 < dark_share(above) < 0.5 and 0.01 < dark_share(below) < 0.5
    assert above.width <= 512 and below.width <= 512
    assert printout.cuts == 1


def test_a_turkish_ticket_keeps_the_printers_own_qr_code():
    printout = read(render_ticket(TURKISH, native_qr=True))
    assert [code["data"] for code in printout.qr_codes] == [URL]
    assert len(printout.images) == 2 and printout.texts() == []


def test_every_turkish_letter_is_drawn_as_itself_not_as_its_plain_letter_or_a_box():
    missing = pixels("\ue000")  # a private-use code point: the font's "no such letter" box
    for letter, plain in NOT_IN_865.items():
        assert pixels(letter) != pixels(plain), letter
        assert pixels(letter) != missing, letter


def test_the_printed_picture_is_the_turkish_text_not_a_plain_spelling():
    plain = replace(TURKISH, greeting=TURKISH.greeting.translate(str.maketrans(NOT_IN_865)))
    turkish_below = read(render_ticket(TURKISH, native_qr=False)).images[2]
    plain_below = read(render_ticket(plain, native_qr=False)).images[2]
    assert turkish_below.tobytes() != plain_below.tobytes()


def test_a_turkish_fi_keeps_the_dot_of_its_i():
    # DejaVu's "fi" ligature hides the dot that tells i from ı ("fiş", "fış" read alike).
    assert features.check("raqm")
    assert pixels("fi") != pixels("\ufb01")  # U+FB01 is the ligature itself


def test_a_turkish_ticket_always_gives_the_same_bytes():
    assert render_ticket(TURKISH, native_qr=False) == render_ticket(TURKISH, native_qr=False)


def test_without_raqm_a_turkish_ticket_still_prints_with_its_qr_code(monkeypatch):
    monkeypatch.setattr(picture_text.features, "check", lambda feature: False)
    printout = read(render_ticket(TURKISH, native_qr=False))
    assert printout.texts() == [] and decode_qr(printout.images[1]) == URL
    assert dark_share(printout.images[0]) > 0.03


@pytest.mark.parametrize("native_qr", [False, True])
def test_a_ticket_taken_in_turkish_prints_in_turkish(app, native_qr):
    ticket = {
        "service": "moving",
        "number": "F001",
        "language": "tr",
        "created_at": "2026-11-24T09:00:00+00:00",
        "appointment_at": None,
    }
    with app.app_context():
        printed = printable(app, ticket, 3, [10, 20], URL)
    assert printed.direction == "ltr"
    assert printed.service_name == "Taşınma ve nüfus kaydı"
    assert printed.people_ahead_line == "Önünüzde 3 kişi var"
    assert printed.wait_line == "Tahmini bekleme süresi: yaklaşık 10–20 dakika."
    assert printed.issued_at == "24 Kasım 2026, saat 10:00"
    assert printed.greeting.startswith("Hoş geldiniz.")
    printout = read(render_ticket(printed, native_qr=native_qr))
    assert printout.texts() == []
    if native_qr:
        assert [code["data"] for code in printout.qr_codes] == [URL]
    else:
        assert decode_qr(printout.images[1]) == URL
