"""The printed ticket: one pure function from a ticket to ESC/POS bytes.

Text the printer's code page (865) holds is printed as text; a ticket in a script it lacks
(Arabic, Urdu, Polish, Turkish, Ukrainian) is printed as pictures of its lines around the same
QR code."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import qrcode
from escpos.capabilities import get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from hardware.picture_text import TextLine, draw_lines, family

# Font A columns and printable dots when the profile does not describe the configured paper.
# 42 columns / 512 dots fit every 80 mm printer (180 dpi Epsons print 512, 203 dpi ones 576).
PAPER = {58: (32, 384), 80: (42, 512)}
# The number's character size (GS !): as large as the printer allows while the number fits.
NUMBER_SIZE = {58: 5, 80: 6}
QR_MODULE_DOTS = {58: 5, 80: 6}
QR_QUIET_MODULES = 4
# Typography that code page 865 cannot print, spelled the way a receipt can.
PLAIN = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "€": "EUR"}
)


@dataclass(frozen=True)
class PrintableTicket:
    """Everything the receipt shows, already translated into the citizen's language."""

    centre_name: str
    number: str
    service_name: str
    issued_at: str  # local date and time, formatted for the citizen
    people_ahead_line: str
    wait_line: str
    status_url: str
    qr_caption: str
    greeting: str
    appointment_line: str = ""
    direction: str = "ltr"  # "rtl" for Arabic: lines laid out right to left

    def texts(self) -> tuple[str, ...]:
        return (
            self.centre_name,
            self.number,
            self.service_name,
            self.issued_at,
            self.people_ahead_line,
            self.wait_line,
            self.qr_caption,
            self.greeting,
            self.appointment_line,
        )


@dataclass(frozen=True)
class Paper:
    """What fits on one line: font A columns and printable dots."""

    width_mm: int
    columns: int
    dots: int


def paper_for(profile: str, width_mm: int) -> Paper:
    """The profile's own figures when it describes this paper width, else safe defaults."""
    columns, dots = PAPER.get(width_mm, PAPER[80])
    data = get_profile(profile).profile_data
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    profile_columns = data.get("fonts", {}).get("0", {}).get("columns")
    if isinstance(pixels, int) and (pixels <= 400) == (width_mm == 58):
        dots = pixels
        if isinstance(profile_columns, int):
            columns = profile_columns
    return Paper(width_mm, columns, dots)


def supports_native_qr(profile: str) -> bool:
    return bool(get_profile(profile).profile_data.get("features", {}).get("qrCode"))


def fits_code_page(ticket: PrintableTicket) -> bool:
    """Whether every character of the ticket is in code page 865 (after PLAIN's spellings)."""
    try:
        for text in ticket.texts():
            text.translate(PLAIN).encode("cp865")
    except UnicodeEncodeError:
        return False
    return ticket.direction == "ltr"


def _lines(text: str, columns: int) -> list[str]:
    return textwrap.wrap(text.translate(PLAIN), columns) if text else []


def qr_image(url: str, paper: Paper):
    """The status URL as a 1-bit picture that fits the paper (for printers without native QR)."""
    box = QR_MODULE_DOTS.get(paper.width_mm, 6)
    while True:
        code = qrcode.QRCode(
            box_size=box, border=QR_QUIET_MODULES, error_correction=qrcode.constants.ERROR_CORRECT_M
        )
        code.add_data(url)
        code.make(fit=True)
        size = (code.modules_count + 2 * QR_QUIET_MODULES) * box
        if size <= paper.dots or box == 2:
            return code.make_image().get_image().convert("1")
        box -= 1


def render_ticket(
    ticket: PrintableTicket,
    profile: str = "TM-T88V",
    width_mm: int = 80,
    native_qr: bool | None = None,
) -> bytes:
    """ESC/POS bytes for one ticket; the same ticket always gives the same bytes.

    `native_qr=None` uses the printer's own QR command when the profile says it has one,
    else prints the QR code as a raster picture.
    """
    paper = paper_for(profile, width_mm)
    columns = paper.columns
    if native_qr is None:
        native_qr = supports_native_qr(profile)
    p = Dummy(profile=profile)
    p.hw("INIT")
    # One fixed code page that holds æ ø å (instead of automatic switching).
    p.charcode("CP865")

    if not fits_code_page(ticket):
        _picture_body(p, ticket, paper, native_qr)
        p.cut()
        return p.output

    p.set(align="center", bold=True, normal_textsize=True)
    for line in _lines(ticket.centre_name, columns):
        p.textln(line)
    p.ln()

    # The number, as large as the printer can make it while it still fits on one line.
    size = NUMBER_SIZE.get(width_mm, 6)
    while size > 2 and len(ticket.number) * size > columns:
        size -= 1
    p.set(align="center", custom_size=True, width=size, height=size, bold=True)
    p.textln(ticket.number.translate(PLAIN))

    p.set(align="center", double_height=True, bold=True)
    for line in _lines(ticket.service_name, columns):
        p.textln(line)
    p.set(normal_textsize=True, bold=False)
    if ticket.appointment_line:
        p.set(bold=True)
        for line in _lines(ticket.appointment_line, columns):
            p.textln(line)
        p.set(bold=False)
    p.ln()

    for text in (ticket.people_ahead_line, ticket.wait_line):
        for line in _lines(text, columns):
            p.textln(line)
    p.ln()

    _qr(p, ticket, paper, native_qr)
    for line in _lines(ticket.qr_caption, columns):
        p.textln(line)
    p.ln()

    for line in _lines(ticket.greeting, columns):
        p.textln(line)
    for line in _lines(ticket.issued_at, columns):
        p.textln(line)
    # cut() feeds past the cutter first, so nothing printed is cut off.
    p.cut()
    return p.output


def _qr(p: Dummy, ticket: PrintableTicket, paper: Paper, native_qr: bool) -> None:
    # ESC a centres both the native QR code and a raster picture.
    p.set(align="center")
    if native_qr:
        size = QR_MODULE_DOTS.get(paper.width_mm, 6)
        p.qr(ticket.status_url, ec=QR_ECLEVEL_M, size=size, native=True)
        p.ln()
    else:
        p.image(qr_image(ticket.status_url, paper), impl="bitImageRaster", center=False)


def _picture_body(p: Dummy, ticket: PrintableTicket, paper: Paper, native_qr: bool) -> None:
    """The ticket's lines as two pictures (above and below the QR code), in the same order and
    weight as the text ticket; the QR code itself is printed exactly as on a text ticket."""
    # Sizes in dots: about the text ticket's (font A is 24 dots high; the number much larger).
    body, service = 26, 44
    number = min(160, paper.dots // max(len(ticket.number), 3) * 3 // 2)
    above = [
        TextLine(ticket.centre_name, body, bold=True),
        TextLine(ticket.number, number, bold=True),
        TextLine(ticket.service_name, service, bold=True),
        TextLine(ticket.appointment_line, body, bold=True),
        TextLine(ticket.people_ahead_line, body),
        TextLine(ticket.wait_line, body),
    ]
    below = [
        TextLine(ticket.qr_caption, body),
        TextLine(ticket.greeting, body),
        TextLine(ticket.issued_at, body),
    ]
    # One font for both pictures: an Urdu ticket is all Naskh even if one half would not need it.
    font_family = family(line.text for line in above + below)
    for lines in (above, below):
        printed = [line for line in lines if line.text]
        picture = draw_lines(printed, paper.dots, ticket.direction, font_family)
        p.set(align="center")
        p.image(picture, impl="bitImageRaster", center=False)
        p.ln()
        if lines is above:
            _qr(p, ticket, paper, native_qr)
