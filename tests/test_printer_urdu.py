"""An Urdu ticket prints as pictures of its lines, right to left, around the same QR code; Urdu's
own letters (ہ ے ۔), which DejaVu Sans lacks, come from Noto Naskh Arabic, never as empty boxes."""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatch

import pytest
from babel.dates import get_day_names, get_month_names

from centre.printing import printable
from hardware import naskh_font, picture_text
from hardware.layout import render_ticket
from kernel.catalogue import Catalogue
from tests.escpos_reader import decode_qr, read
from tests.test_i18n import catalogue
from tests.test_printer_arabic import ARABIC, dark_share
from tests.test_printer_layout import TICKET, URL

URDU = replace(
    TICKET,
    number="A017",
    service_name="ہیلتھ انشورنس کارڈ (پیلا کارڈ)",
    issued_at="24 نومبر 2026، 10:00 بجے",
    people_ahead_line="آپ سے پہلے 3 افراد ہیں",
    wait_line="انتظار کا متوقع وقت: تقریباً 10 سے 20 منٹ۔",
    qr_caption="اپنے فون پر اپنے نمبر کی صورتحال دیکھنے کے لیے یہ کوڈ اسکین کریں۔",
    greeting="خوش آمدید۔ براہِ کرم اپنا نمبر پکارے جانے تک انتظار کریں۔",
    direction="rtl",
)
# The source files whose strings can be on a printed ticket.
TICKET_SOURCES = ("centre/printing.py", "centre/web.py", "hardware/layout.py")


def urdu_ticket_texts() -> list[str]:
    """Every Urdu text a ticket can hold: the catalogue's ticket sentences, the default
    catalogue's service names, and the month and weekday names of the printed date."""
    texts = []
    for message in catalogue("ur"):
        if message.id and any(fnmatch(p, g) for p, _ in message.locations for g in TICKET_SOURCES):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts += [s for s in strings if s]
    services = [s for c in Catalogue.load().categories for s in c.services]
    texts += [service.name["ur"] for service in services]
    texts += list(get_month_names("wide", locale="ur").values())
    texts += list(get_day_names("wide", locale="ur").values())
    return texts


def test_dejavu_sans_lacks_urdu_letters_so_an_urdu_ticket_is_drawn_in_noto_naskh():
    assert not {ord(c) for c in "ہےۓ۔"} & naskh_font.dejavu_covers()
    fields = (URDU.service_name, URDU.people_ahead_line, URDU.greeting)
    assert picture_text.family(fields) == "naskh"
    arabic = (ARABIC.service_name, ARABIC.people_ahead_line, ARABIC.greeting)
    assert picture_text.family(arabic) == "dejavu"  # an Arabic ticket is drawn as before


def test_every_character_an_urdu_ticket_can_hold_is_in_its_font():
    texts = urdu_ticket_texts()
    assert len(texts) > 30 and any("ے" in text for text in texts)
    needed = {char for text in texts for char in text if not char.isspace()}
    missing = sorted(c for c in needed if ord(c) not in naskh_font.merged_covers())
    assert missing == []
    # Latin too: a centre's name, the number, brackets and the typographic dash.
    latin = "Borgerservice Nørrebro A017 ()–-:.,"
    assert {ord(c) for c in latin if c != " "} <= naskh_font.merged_covers()


def test_an_urdu_ticket_is_pictures_with_the_qr_code_decoding_back():
    printout = read(render_ticket(URDU, native_qr=False))
    assert printout.texts() == []  # no Urdu sent as code-page text
    above, qr, below = printout.images
    assert decode_qr(qr) == URL
    assert 0.03 < dark_share(above) < 0.5 and 0.01 < dark_share(below) < 0.5
    assert above.width <= 512 and below.width <= 512
    assert printout.cuts == 1


def test_an_urdu_ticket_keeps_the_printers_own_qr_code():
    printout = read(render_ticket(URDU, native_qr=True))
    assert [code["data"] for code in printout.qr_codes] == [URL]
    assert len(printout.images) == 2 and printout.texts() == []


def test_an_urdu_ticket_always_gives_the_same_bytes():
    assert render_ticket(URDU, native_qr=False) == render_ticket(URDU, native_qr=False)


def test_urdu_lines_are_laid_out_right_to_left():
    ltr = read(render_ticket(replace(URDU, direction="ltr"), native_qr=False)).images[0]
    rtl = read(render_ticket(URDU, native_qr=False)).images[0]
    assert list(ltr.getdata()) != list(rtl.getdata())


def test_urdu_letters_are_drawn_not_left_as_empty_boxes():
    # DejaVu draws its "missing" box for ہ and ے; the Naskh picture of the same word differs.
    word = [picture_text.TextLine("پہلے", 40)]
    boxes = picture_text.draw_lines(word, 300, "rtl", "dejavu")
    drawn = picture_text.draw_lines(word, 300, "rtl", "naskh")
    assert list(boxes.getdata()) != list(drawn.getdata())
    assert drawn.getbbox() is not None


def test_the_ticket_is_printed_in_urdu_when_chosen_at_the_kiosk(app):
    ticket = {
        "service": "health_card",
        "number": "A001",
        "language": "ur",
        "created_at": "2026-11-24T09:00:00+00:00",
        "appointment_at": None,
    }
    with app.app_context():
        printed = printable(app, ticket, 3, [10, 20], URL)
    assert printed.direction == "rtl"
    assert printed.people_ahead_line == "آپ سے پہلے 3 افراد ہیں"
    assert printed.wait_line == "انتظار کا متوقع وقت: تقریباً 10 سے 20 منٹ۔"
    assert "نومبر" in printed.issued_at and "بجے" in printed.issued_at
    printout = read(render_ticket(printed, native_qr=False))
    assert printout.texts() == [] and decode_qr(printout.images[1]) == URL


def test_without_noto_naskh_an_urdu_ticket_is_refused_not_printed_with_boxes(monkeypatch, tmp_path):
    picture_text._loaded.cache_clear()
    monkeypatch.setattr(naskh_font, "NOTO_DIR", tmp_path)
    try:
        with pytest.raises(picture_text.PictureTextError, match="fonts-noto-core"):
            render_ticket(URDU, native_qr=False)
    finally:
        picture_text._loaded.cache_clear()
