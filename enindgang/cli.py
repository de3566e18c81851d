"""The `enindgang` group: each app's commands mounted under one name, each app imported only
when its command runs (`enindgang plan staffing` need not load the two web apps)."""

from __future__ import annotations

import importlib

import click

from kernel.runtime_clock import process_clock

# command name -> "module:attribute" of its click command or group.
COMMANDS = {
    "centre": "centre.cli:centre",
    "demo": "centre.cli:demo",
    "central": "booking.cli:central",
    "printer": "hardware.cli:printer",
    "demo-history": "enindgang.history_cli:demo_history",
    "plan": "enindgang.plan_cli:plan_group",
    "simulate": "enindgang.simulate_cli:simulate_command",
}


class LazyGroup(click.Group):
    """A group whose commands are imported the first time they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return super().get_command(ctx, name)
        module, attribute = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Én indgang: queue and appointment system for citizen service centres.

    ENINDGANG_CLOCK_OFFSET=SECONDS runs every process started from here as if the time were
    shifted by that much (demos and tests at any hour); unset in production.
    """
    try:
        process_clock()
    except ValueError as err:
        raise click.ClickException(str(err)) from None
