"""The `enindgang` group: each app's commands mounted under one name."""

from __future__ import annotations

import click

from booking.cli import central
from centre.cli import centre, demo
from enindgang.history_cli import demo_history
from enindgang.plan_cli import plan_group
from enindgang.simulate_cli import simulate_command
from hardware.cli import printer
from kernel.runtime_clock import process_clock


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Én indgang: queue and appointment system for citizen service centres.

    ENINDGANG_CLOCK_OFFSET=SECONDS runs every process started from here as if the time were
    shifted by that much (demos and tests at any hour); unset in production.
    """
    try:
        process_clock()
    except ValueError as err:
        raise click.ClickException(str(err)) from None


main.add_command(centre)
main.add_command(demo)
main.add_command(central)
main.add_command(printer)
main.add_command(demo_history)
main.add_command(plan_group)
main.add_command(simulate_command)
