"""The virtual printer: the ticket's bytes and a picture drawn from those bytes, written whole."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image, ImageChops

from hardware.layout import PrintableTicket, render_ticket
from hardware.render import render, render_png
from hardware.transports import PrinterError, VirtualPrinter
from tests.escpos_reader import decode_qr

URL = "http://127.0.0.1:5000/t/Zq3xY8kP2mN7vB4cR9tW1e"
TICKET = PrintableTicket(
    centre_name="Borgerservice Amager",
    number="B004",
    service_name="Flytning",
    issued_at="24. november 2026 kl. 10.00",
    people_ahead_line="Der er 2 foran dig",
    wait_line="Forventet ventetid: ca. 5–15 minutter.",
    status_url=URL,
    qr_caption="Følg dit nummer på din telefon.",
    greeting="Velkommen: æøå ÆØÅ",
)


@pytest.mark.parametrize("native", [True, False], ids=["native-qr", "image-qr"])
def test_virtual_printer_writes_bytes_and_a_picture_named_after_the_number(tmp_path, native):
    data = render_ticket(TICKET, native_qr=native)
    state = VirtualPrinter(tmp_path, dots=512).send("B004", data)
    assert state == {"online": True, "paper": "ok"}
    assert (tmp_path / "B004.bin").read_bytes() == data
    picture = Image.open(tmp_path / "B004.png")
    assert picture.width == 512
    assert decode_qr(picture) == URL


def test_picture_is_drawn_from_the_bytes_in_the_bin_file(tmp_path):
    VirtualPrinter(tmp_path, dots=384).send("B004", render_ticket(TICKET, width_mm=58))
    from_file = render((tmp_path / "B004.bin").read_bytes(), 384).convert("1")
    written = Image.open(tmp_path / "B004.png").convert("1")
    assert ImageChops.difference(from_file, written).getbbox() is None


def test_picture_changes_when_the_bytes_change():
    other = render_ticket(TICKET.__class__(**{**TICKET.__dict__, "number": "B005"}))
    assert render_png(render_ticket(TICKET)) != render_png(other)


def test_renderer_reads_the_selected_code_page():
    # 0x9B is ø in code page 865 and ¢ in code page 437: the picture must differ.
    danish = render(b"\x1bt\x05\x9b\n").tobytes()
    american = render(b"\x1bt\x00\x9b\n").tobytes()
    assert danish != american
    # ø in code page 1252 (ESC t 16) is 0xF8: the same letter, the same picture.
    assert danish == render(b"\x1bt\x10\xf8\n").tobytes()


def test_renderer_draws_the_number_larger_than_normal_text():
    def ink_height(data: bytes) -> int:
        image = render(data, 512)
        box = ImageChops.invert(image).getbbox()
        return box[3] - box[1]

    assert ink_height(b"\x1d!\x55A017\n") >= 4 * ink_height(b"A017\n")


def test_files_appear_whole_or_not_at_all(tmp_path, monkeypatch):
    printer = VirtualPrinter(tmp_path)
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(".bin"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(PrinterError) as failure:
        printer.send("B004", render_ticket(TICKET))
    assert failure.value.code == "offline"
    assert not (tmp_path / "B004.bin").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_bad_picture_does_not_lose_the_ticket(tmp_path, monkeypatch):
    import hardware.virtual as virtual

    class BrokenPictures:
        """The picture process fails as a renderer bug would make it."""

        def draw(self, data, dots):
            raise RuntimeError("the picture could not be drawn")

    monkeypatch.setattr(virtual, "_picture_pool", BrokenPictures)
    VirtualPrinter(tmp_path).send("B004", b"\x1b@B004\n")
    assert (tmp_path / "B004.bin").read_bytes() == b"\x1b@B004\n"
    assert not (tmp_path / "B004.png").exists()


@pytest.mark.parametrize("name", ["../etc/passwd", "", "a/b", "x" * 65])
def test_job_names_cannot_leave_the_printout_folder(tmp_path, name):
    with pytest.raises(PrinterError):
        VirtualPrinter(tmp_path / "out").send(name, b"x")
    assert not (tmp_path / "etc").exists()


def test_printouts_lists_the_newest_first(tmp_path):
    printer = VirtualPrinter(tmp_path)
    for n, name in enumerate(["A001", "A002", "B001"]):
        printer.send(name, render_ticket(TICKET))
        os.utime(tmp_path / f"{name}.bin", (1_000_000 + n, 1_000_000 + n))
    listed = printer.printouts(limit=2)
    assert [p["name"] for p in listed] == ["B001", "A002"]
    assert listed[0]["png"] == tmp_path / "B001.png"


def test_png_is_a_small_one_bit_picture():
    png = render_png(render_ticket(TICKET), 512)
    picture = Image.open(io.BytesIO(png))
    assert picture.mode == "1"
    assert len(png) < 20_000
