"""The [printer] section of a centre's config file, and the transport it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hardware.layout import paper_for
from hardware.transports import make_transport
from kernel.config import ConfigError, read_toml


@dataclass
class PrinterConfig:
    transport: str = "virtual"
    profile: str = "TM-T88V"
    width_mm: int = 80
    timeout_seconds: float = 3.0
    output_dir: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def make_transport(self, printout_dir: Path):
        """The transport this section names (the virtual printer writes below printout_dir)."""
        return make_transport(
            self.transport,
            printout_dir,
            self.options,
            timeout=self.timeout_seconds,
            profile=self.profile,
            dots=paper_for(self.profile, self.width_mm).dots,
        )


def parse_printer(raw: dict[str, Any], base_dir: Path) -> PrinterConfig:
    """The [printer] section; relative paths are relative to `base_dir`."""
    rest = dict(raw)
    printer = PrinterConfig(
        transport=rest.pop("transport", "virtual"),
        profile=rest.pop("profile", "TM-T88V"),
        width_mm=int(rest.pop("width_mm", 80)),
        timeout_seconds=float(rest.pop("timeout_seconds", 3.0)),
        output_dir=(base_dir / rest.pop("output_dir")) if "output_dir" in rest else None,
        options=rest,
    )
    if printer.width_mm not in (58, 80):
        raise ConfigError("printer width_mm must be 58 or 80")
    return printer


@dataclass
class PrinterSetup:
    """What the printer commands need of a centre config: its name, address, zone, printer."""

    name: str
    public_url: str | None
    tz: tzinfo
    printer: PrinterConfig
    printout_dir: Path


def load_printer_setup(path: Path | str, data_dir: Path | None = None) -> PrinterSetup:
    """Read the printer's part of a centre config file (ConfigError if it is wrong)."""
    path = Path(path)
    base_dir = path.parent.resolve()
    raw = read_toml(path)
    centre = raw.get("centre", {})
    if "id" not in centre or "name" not in centre:
        raise ConfigError("config needs [centre] id and name")
    try:
        tz = ZoneInfo(centre.get("timezone", "Europe/Copenhagen"))
    except Exception:
        raise ConfigError(f"unknown time zone {centre.get('timezone')!r}") from None
    printer = parse_printer(raw.get("printer", {}), base_dir)
    data = (data_dir or base_dir / centre.get("data_dir", "var")).resolve()
    return PrinterSetup(
        name=str(centre["name"]),
        public_url=centre.get("public_url") or None,
        tz=tz,
        printer=printer,
        printout_dir=printer.output_dir or (data / "printouts" / str(centre["id"])),
    )
