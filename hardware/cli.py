"""`enindgang printer …`: test and check the configured printer."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

import click

from hardware.config import load_printer_setup
from hardware.layout import PrintableTicket, render_ticket
from hardware.transports import PrinterError
from kernel.cli import config_and_data

# The --config and --data options of both printer commands.
_config_and_data = config_and_data(
    "The centre config file (TOML); its [printer] section names the printer.",
    "Data directory (overrides the config file; the virtual printer writes below it).",
)
PAPER_WORDS = {"ok": "paper ok", "low": "paper low", "out": "paper out", "unknown": "paper unknown"}


def _setup(config_path: str, data: str | None):
    try:
        config = load_printer_setup(config_path, Path(data).resolve() if data else None)
        return config, config.printer.make_transport(config.printout_dir)
    except ValueError as err:  # ConfigError too
        raise click.ClickException(str(err)) from None


def sample_ticket(config) -> PrintableTicket:
    """A receipt with every part of a real ticket, the Danish letters and a QR code."""
    base = (config.public_url or "http://localhost:5000").rstrip("/")
    return PrintableTicket(
        centre_name=config.name,
        number="T000",
        service_name="Testudskrift / test print",
        issued_at=datetime.now(config.tz).strftime("%d.%m.%Y %H:%M"),
        people_ahead_line="Dansk: æ ø å Æ Ø Å",
        wait_line=f"{config.printer.width_mm} mm, {config.printer.profile}",
        status_url=f"{base}/t/printer-test",
        qr_caption="The QR code opens the ticket status page.",
        greeting="Printeren virker. The printer works.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def printer() -> None:
    """Check and test the centre's receipt printer ([printer] in the centre config)."""


@printer.command("test")
@_config_and_data
@click.option(
    "--image-qr",
    is_flag=True,
    help="Print the QR code as a picture instead of the printer's own QR command.",
)
def printer_test(config_path: str, data: str | None, image_qr: bool) -> None:
    """Print a test ticket (æøå ÆØÅ and a QR code) and say what happened.

    Exits with 0 when the printer took the ticket, 1 when it did not (the reason is printed:
    offline, timeout, paper_out or reset).
    """
    config, transport = _setup(config_path, data)
    native = False if image_qr else config.printer.options.get("native_qr")
    payload = render_ticket(
        sample_ticket(config), config.printer.profile, config.printer.width_mm, native
    )
    started = time.monotonic()
    try:
        state = transport.send("printer-test", payload, started + config.printer.timeout_seconds)
    except PrinterError as err:
        click.echo(
            f"Could not print on the {transport.describe()}: {err.code}"
            + (f" ({err.detail})" if err.detail else ""),
            err=True,
        )
        sys.exit(1)
    finally:
        transport.close()
    seconds = time.monotonic() - started
    click.echo(
        f"Printed a test ticket ({len(payload)} bytes) on the {transport.describe()} "
        f"in {seconds:.2f} s; {PAPER_WORDS.get(state.get('paper'), 'paper unknown')}."
    )
    if transport.kind == "virtual":
        click.echo(f"Files: {transport.directory / 'printer-test.bin'} and .png")


@printer.command("status")
@_config_and_data
@click.option("--json", "as_json", is_flag=True, help="Answer as JSON: {online, paper, error}.")
def printer_status(config_path: str, data: str | None, as_json: bool) -> None:
    """Say whether the printer is online and has paper.

    Prints online or offline, and paper ok, low, out or unknown ("unknown" where the printer
    cannot tell). Exits with 0 when the printer is online
    with paper, 1 when it is offline or does not answer, 2 when it is out of paper.
    """
    config, transport = _setup(config_path, data)
    try:
        state = transport.status(time.monotonic() + config.printer.timeout_seconds)
    finally:
        transport.close()
    if as_json:
        click.echo(json.dumps({"error": None, **state}))
    else:
        line = "online" if state["online"] else "offline"
        if state.get("error") and not state["online"]:
            line += f" ({state['error']})"
        click.echo(f"{transport.describe()}: {line}, {PAPER_WORDS[state['paper']]}")
    if not state["online"]:
        sys.exit(1)
    if state["paper"] == "out":
        sys.exit(2)
