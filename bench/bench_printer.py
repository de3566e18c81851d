"""Bytes and time to render a ticket: native QR (GS ( k) vs picture QR (GS v 0), 58 and 80 mm.

Run: .venv/bin/python bench/bench_printer.py [--runs 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

from hardware.layout import PrintableTicket, paper_for, render_ticket
from hardware.render import render_png

TICKET = PrintableTicket(
    centre_name="Borgerservice Nørrebro",
    number="F017",
    service_name="Flytning og folkeregister",
    issued_at="24. november 2026 kl. 10.00",
    people_ahead_line="3 personer foran dig",
    wait_line="Forventet ventetid: ca. 10–20 minutter.",
    status_url="https://borgerservice.kk.dk/t/Zq3xY8kP2mN7vB4cR9tW1eLp0sDf",
    qr_caption="Scan koden og følg dit nummer på din telefon.",
    greeting="Velkommen. Vent til dit nummer bliver kaldt. æøå ÆØÅ",
)


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200, help="renders per row (median)")
    runs = parser.parse_args().runs
    rows = []
    for width in (80, 58):
        dots = paper_for("TM-T88V", width).dots
        for native in (True, False):
            data = render_ticket(TICKET, "TM-T88V", width, native)
            render_time = median_ms(
                lambda w=width, n=native: render_ticket(TICKET, "TM-T88V", w, n), runs
            )
            # The virtual printer's picture, drawn from the bytes (fewer runs: it is slower).
            picture_time = median_ms(lambda d=data, w=dots: render_png(d, w), max(10, runs // 10))
            rows.append(
                (width, "native" if native else "image", len(data), render_time, picture_time)
            )
    print(f"ticket render, TM-T88V profile, median of {runs} runs")
    print(f"{'paper':>6} {'QR':>7} {'bytes':>7} {'render ms':>10} {'PNG ms':>8}")
    for width, kind, size, render_time, picture_time in rows:
        print(f"{width:>4}mm {kind:>7} {size:>7} {render_time:>10.2f} {picture_time:>8.1f}")


if __name__ == "__main__":
    main()
