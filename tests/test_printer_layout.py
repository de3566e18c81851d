"""The printed ticket, byte for byte: number size, service, Danish letters, QR code, paper width."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hardware.layout import PrintableTicket, paper_for, render_ticket
from tests.escpos_reader import decode_qr, read

URL = "https://borgerservice.example.dk/t/Zq3xY8kP2mN7vB4cR9tW1e"
TICKET = PrintableTicket(
    centre_name="Borgerservice Nørrebro",
    number="A017",
    service_name="Pas og kørekort",
    issued_at="24. november 2026 kl. 10.00",
    people_ahead_line="3 personer foran dig",
    wait_line="Forventet ventetid: ca. 10–20 minutter.",
    status_url=URL,
    qr_caption="Scan koden: følg dit nummer.",
    greeting="Velkommen. Æbler, øl og ål: æøå ÆØÅ.",
)


def test_ticket_starts_with_reset_and_code_page_865_and_ends_with_one_cut():
    data = render_ticket(TICKET)
    assert data.startswith(b"\x1b@\x1bt\x05")  # ESC @, then ESC t 5 = CP865, before any text
    assert data.endswith(b"\x1bd\x06\x1dV\x00")  # feed past the cutter, then GS V 0
    printout = read(data)
    assert printout.code_pages == [5]
    assert printout.cuts == 1


def test_number_is_the_largest_text_on_the_ticket():
    printout = read(render_ticket(TICKET, width_mm=80))
    number = printout.line("A017")
    assert (number.width, number.height, number.bold, number.align) == (6, 6, True, 1)
    others = [line for line in printout.lines if line.text and line.text != "A017"]
    assert max(line.height for line in others) <= 2
    assert max(line.width for line in others) == 1


def test_number_line_bytes_are_gs_size_then_the_number():
    data = render_ticket(TICKET, width_mm=80)
    # GS ! 0x55 = 6 x 6, bold, centred, the number, LF.
    assert b"\x1d!\x55\x1bE\x01\x1ba\x01A017\n" in data
    data58 = render_ticket(TICKET, width_mm=58)
    assert b"\x1d!\x44\x1bE\x01\x1ba\x01A017\n" in data58  # 5 x 5 on 58 mm paper


def test_size_after_the_number_is_reset_to_normal():
    printout = read(render_ticket(TICKET))
    after = printout.lines[printout.lines.index(printout.line("A017")) + 1 :]
    assert all(line.width == 1 for line in after)


def test_service_and_danish_letters_decode_from_code_page_865():
    data = render_ticket(TICKET)
    assert "æøå ÆØÅ".encode("cp865") == b"\x91\x9b\x86 \x92\x9d\x8f"
    assert b"\x91\x9b\x86 \x92\x9d\x8f" in data
    printout = read(data)
    service = printout.line("Pas og kørekort")
    assert (service.height, service.bold) == (2, True)
    assert "Borgerservice Nørrebro" in printout.texts()
    assert any("æøå ÆØÅ" in text for text in printout.texts())
    assert "Æbler, øl og ål:" in " ".join(printout.texts())


def test_every_part_is_printed_in_reading_order():
    ticket = replace(TICKET, appointment_line="Din tid: kl. 10.30")
    texts = read(render_ticket(ticket)).texts()
    expected = [
        "Borgerservice Nørrebro",
        "A017",
        "Pas og kørekort",
        "Din tid: kl. 10.30",
        "3 personer foran dig",
        "Forventet ventetid: ca. 10-20 minutter.",
        "Scan koden: følg dit nummer.",
        "Velkommen. Æbler, øl og ål: æøå ÆØÅ.",
        "24. november 2026 kl. 10.00",
    ]
    assert [t for t in texts if t in expected] == expected


def test_appointment_line_is_printed_only_for_appointment_tickets():
    assert "Din tid: kl. 10.30" not in read(render_ticket(TICKET)).texts()
    with_time = read(render_ticket(replace(TICKET, appointment_line="Din tid: kl. 10.30")))
    assert with_time.line("Din tid: kl. 10.30").bold


def test_native_qr_code_holds_the_status_url():
    data = render_ticket(TICKET, native_qr=True)
    printout = read(data)
    assert printout.qr_codes == [{"size": 6, "ec": "M", "data": URL}]
    assert printout.images == []
    stored = len(URL) + 3
    assert b"\x1d(k" + bytes([stored, 0]) + b"1P0" + URL.encode() in data
    assert data.count(b"\x1d(k\x03\x001Q0") == 1  # printed once


def test_image_qr_code_decodes_to_the_status_url():
    printout = read(render_ticket(TICKET, native_qr=False))
    assert printout.qr_codes == []
    assert len(printout.images) == 1
    assert decode_qr(printout.images[0]) == URL


@pytest.mark.parametrize("native", [True, False])
def test_qr_code_has_a_line_saying_what_it_is_for(native):
    texts = read(render_ticket(TICKET, native_qr=native)).texts()
    assert "Scan koden: følg dit nummer." in texts


@pytest.mark.parametrize("width_mm, columns, dots", [(58, 32, 384), (80, 42, 512)])
def test_every_line_and_the_qr_picture_fit_the_paper(width_mm, columns, dots):
    long = replace(
        TICKET,
        service_name="Sundhedskort, sygesikring og EU-sundhedskort (det blå kort)",
        greeting="Velkommen til Borgerservice. Vent venligst, til dit nummer bliver kaldt.",
    )
    printout = read(render_ticket(long, width_mm=width_mm, native_qr=False))
    for line in printout.lines:
        assert len(line.text) * line.width <= columns, line
    assert printout.images[0].width <= dots
    assert decode_qr(printout.images[0]) == URL


def test_58_mm_and_80_mm_layouts_differ_where_the_paper_does():
    long = replace(
        TICKET, greeting="Velkommen til Borgerservice. Vent til dit nummer bliver kaldt."
    )
    narrow = read(render_ticket(long, width_mm=58, native_qr=False))
    wide = read(render_ticket(long, width_mm=80, native_qr=False))
    assert narrow.line("A017").width == 5 and wide.line("A017").width == 6
    assert len(narrow.texts()) > len(wide.texts())  # the greeting wraps on narrow paper
    assert narrow.images[0].width < wide.images[0].width


def test_paper_comes_from_the_profile_when_it_describes_that_width():
    assert paper_for("TM-T20II", 80).dots == 576  # 203 dpi, 48 columns
    assert paper_for("TM-T20II", 80).columns == 48
    assert paper_for("TM-T88V", 80).columns == 42  # 180 dpi, 512 dots
    assert paper_for("TM-T88V", 58).columns == 32  # an 80 mm profile on 58 mm paper


def test_long_number_shrinks_until_it_fits_the_line():
    printout = read(render_ticket(replace(TICKET, number="AB12345"), width_mm=58))
    line = printout.line("AB12345")
    assert 2 <= line.width < 5
    assert len("AB12345") * line.width <= 32


def test_profile_without_native_qr_gets_a_picture_qr_code():
    printout = read(render_ticket(TICKET, profile="POS-5890", width_mm=58))
    assert printout.qr_codes == []
    assert decode_qr(printout.images[0]) == URL


def test_profile_with_native_qr_uses_it_by_default():
    assert read(render_ticket(TICKET, profile="TM-T88V")).qr_codes[0]["data"] == URL


def test_typography_outside_code_page_865_is_printed_plainly():
    ticket = replace(TICKET, service_name="Skat – “forskud” …")
    assert 'Skat - "forskud" ...' in read(render_ticket(ticket)).texts()


def test_the_wait_range_is_printed_with_a_dash_code_page_865_has():
    data = render_ticket(TICKET)
    # The en dash of "ca. 10–20 minutter" is not in code page 865: a hyphen, ASCII in it.
    assert b"Forventet ventetid: ca. 10-20 minutter.\n" in data
    assert "–".encode() not in data


def test_same_ticket_always_gives_the_same_bytes():
    assert render_ticket(TICKET) == render_ticket(replace(TICKET))
    assert render_ticket(TICKET, native_qr=False) == render_ticket(TICKET, native_qr=False)
