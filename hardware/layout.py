"""The printed ticket: one pure function from a ticket to ESC/POS bytes."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from escpos.printer import Dummy

# Characters per line in font A for the paper widths we support.
COLUMNS = {58: 32, 80: 48}


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


def render_ticket(
    ticket: PrintableTicket, profile: str = "TM-T88V", width_mm: int = 80, native_qr: bool = True
) -> bytes:
    """ESC/POS bytes for one ticket; the same ticket always gives the same bytes."""
    columns = COLUMNS.get(width_mm, 48)
    p = Dummy(profile=profile)
    p.hw("INIT")
    # One fixed code page that holds æ ø å (instead of automatic switching).
    p.charcode("CP865")
    p.set(align="center", bold=True, normal_textsize=True)
    for line in textwrap.wrap(ticket.centre_name, columns):
        p.textln(line)
    p.set(bold=False)
    p.ln()
    # The number, as large as the printer can make it.
    p.set(align="center", custom_size=True, width=4, height=4, bold=True)
    p.textln(ticket.number)
    p.set(align="center", normal_textsize=True, bold=True)
    for line in textwrap.wrap(ticket.service_name, columns // 2):
        p.set(double_height=True, double_width=False)
        p.textln(line)
    p.set(align="center", normal_textsize=True, bold=False)
    if ticket.appointment_line:
        p.set(bold=True)
        p.textln(ticket.appointment_line)
        p.set(bold=False)
    p.ln()
    for line in (ticket.people_ahead_line, ticket.wait_line):
        if line:
            for part in textwrap.wrap(line, columns):
                p.textln(part)
    p.ln()
    p.set(align="center")
    if native_qr:
        p.qr(ticket.status_url, size=6 if width_mm == 80 else 4, native=True)
    else:
        p.qr(ticket.status_url, size=6 if width_mm == 80 else 4, native=False, center=True)
    for part in textwrap.wrap(ticket.qr_caption, columns):
        p.textln(part)
    p.ln()
    for part in textwrap.wrap(ticket.greeting, columns):
        p.textln(part)
    p.textln(ticket.issued_at)
    p.ln(2)
    p.cut()
    return p.output
