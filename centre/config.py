"""The centre config file (TOML): identity, opening hours, counters, kiosk and printer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from centre.core.hours import OpeningHours
from centre.domain.context import CentreContext
from hardware.config import PrinterConfig, parse_printer
from kernel import walk_in as walk_in_policy
from kernel.catalogue import Catalogue
from kernel.clock import Clock
from kernel.config import (
    DEFAULT_SESSION_HOURS,
    ConfigError,
    load_secret_key,
    parse_allowed_hosts,
    parse_monitoring_token,
    parse_session_hours,
    read_toml,
)
from kernel.plan_week import Target, parse_target
from kernel.walk_in import WalkInPolicy


@dataclass
class CentralConfig:
    """Where the central booking service is and how this centre keeps in step with it."""

    url: str
    key: str
    interval_seconds: float = 3.0
    checkin_before_minutes: int = 30
    checkin_after_minutes: int = 10
    appointment_lead_minutes: int = 5
    # A letter no service uses (None: the first free one of TICKET_LETTERS).
    appointment_letter: str | None = None
    # Too early, too late or at the wrong centre: offer a walk-in number where the service allows.
    offer_walk_in: bool = True
    timeout_seconds: float = 3.0
    # Retries while central is away wait twice as long each time, up to this.
    max_backoff_seconds: float = 60.0
    # Booking changes per pull request; central answers at most 1,000.
    page_size: int = 500
    # Central as citizens reach it (the kiosk's booking QR code), when `url` is an inside address.
    public_url: str | None = None

    @property
    def citizen_url(self) -> str:
        """Central's address for citizens' links: public_url, else url."""
        return self.public_url or self.url


def _public_url(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError("[central] public_url must be an http(s) address")
    return value.rstrip("/")


def _central(raw: dict[str, Any] | None) -> CentralConfig | None:
    if not raw:
        return None
    url, key = raw.get("url"), raw.get("key")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigError("[central] url must be an http(s) address")
    if not isinstance(key, str) or not key:
        raise ConfigError("[central] key is required (see `enindgang central centre-key`)")
    try:
        central = CentralConfig(
            url=url.rstrip("/"),
            key=key,
            interval_seconds=float(raw.get("interval_seconds", 3)),
            checkin_before_minutes=int(raw.get("checkin_before_minutes", 30)),
            checkin_after_minutes=int(raw.get("checkin_after_minutes", 10)),
            appointment_lead_minutes=int(raw.get("appointment_lead_minutes", 5)),
            appointment_letter=raw.get("appointment_letter"),
            offer_walk_in=bool(raw.get("offer_walk_in", True)),
            timeout_seconds=float(raw.get("timeout_seconds", 3)),
            max_backoff_seconds=float(raw.get("max_backoff_seconds", 60)),
            page_size=int(raw.get("page_size", 500)),
        )
    except (TypeError, ValueError):
        raise ConfigError("[central] numbers must be numbers") from None
    if central.interval_seconds <= 0 or central.timeout_seconds <= 0:
        raise ConfigError("[central] interval_seconds and timeout_seconds must be above 0")
    if not 1 <= central.page_size <= 1000:
        raise ConfigError("[central] page_size must be from 1 to 1000")
    central.public_url = _public_url(raw.get("public_url"))
    return central


@dataclass
class CentreConfig:
    id: str
    name: str
    timezone: str
    data_dir: Path
    opening_hours: dict[str, Any]
    counters: dict[str, frozenset[str] | None]
    catalogue_path: Path | None = None
    public_url: str | None = None
    # Without public_url: hosts whose requests may give their own address to links.
    allowed_hosts: tuple[str, ...] = ()
    kiosk_idle_seconds: int = 30
    # Demo only: a browser that opens /kiosk is paired at once, without a pairing link.
    kiosk_auto_pair: bool = False
    # A paired kiosk's human rate (tickets, wrong codes); off only for benchmarks.
    kiosk_rate_limit: bool = True
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    demo: bool = False
    secret_key: str | None = None
    central: CentralConfig | None = None
    # A staff login ends this long after it began, whatever the browser keeps.
    session_hours: float = DEFAULT_SESSION_HOURS
    # Secure cookies even without an https public_url (e.g. TLS ends at a proxy).
    secure_cookies: bool = False
    # Reverse proxies in front of the centre whose X-Forwarded-* headers may be trusted.
    trusted_proxies: int = 0
    # [tax] scheduled: when tax secondees are on the rota, per weekday like opening_hours.
    tax_scheduled: dict[str, Any] | None = None
    # [monitoring] token: reads /metrics and /healthz details from anywhere (else only from
    # this machine, unproxied).
    monitoring_token: str | None = None
    # [plan]: the staffing plan's service level and wait target (kernel/plan_week.py).
    plan: Target = field(default_factory=Target)
    # The pension/elderly office shares the address: only then are P/O-only services offered.
    po_colocated: bool = False
    # [walk_in]: the walk-in and appointment days (kernel/walk_in.py); empty: walk-in every day.
    walk_in: WalkInPolicy = field(default_factory=WalkInPolicy)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def database_path(self) -> Path:
        return self.data_dir / f"{self.id}.sqlite3"

    @property
    def database(self) -> Path:
        """Where the centre's data is (always its SQLite file)."""
        return self.database_path

    @property
    def printout_dir(self) -> Path:
        return self.printer.output_dir or (self.data_dir / "printouts" / self.id)

    def hours(self) -> OpeningHours:
        return OpeningHours.parse(self.opening_hours, self.tz)

    def catalogue(self) -> Catalogue:
        """The services this centre offers (P/O-only ones only where P/O shares the address)."""
        return Catalogue.load(self.catalogue_path).at_centre(self.po_colocated)

    def tax_hours(self) -> OpeningHours | None:
        if self.tax_scheduled is None:
            return None
        return OpeningHours.parse(self.tax_scheduled, self.tz)

    def context(self, clock: Clock) -> CentreContext:
        """What the domain functions are given: this centre's rules, telling time by `clock`."""
        return CentreContext(
            id=self.id,
            name=self.name,
            tz=self.tz,
            hours=self.hours(),
            catalogue=self.catalogue(),
            clock=clock,
            counters=dict(self.counters),
            tax_scheduled=self.tax_hours(),
            plan=self.plan,
            walk_in=self.walk_in,
        )

    def load_secret_key(self) -> str:
        return load_secret_key(self.secret_key, self.data_dir)


def _proxy_hops(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("[centre] trusted_proxies must be a whole number >= 0")
    return value


def _po_colocated(value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError("[centre] po_colocated must be true or false")
    return value


def _tax_scheduled(raw: object) -> dict[str, Any] | None:
    """[tax] scheduled = { monday = "09:00-16:00", ... }, or None when it is left out."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("scheduled"), dict):
        raise ConfigError('[tax] scheduled must be a table like { monday = "09:00-16:00" }')
    return raw["scheduled"]


def from_dict(raw: dict[str, Any], base_dir: Path, data_dir: Path | None = None) -> CentreConfig:
    """Build and check a config from parsed TOML; relative paths are relative to `base_dir`."""
    try:
        centre = raw["centre"]
        centre_id = str(centre["id"])
        name = str(centre["name"])
    except KeyError as missing:
        raise ConfigError(f"config needs [centre] {missing.args[0]}") from None
    if not centre_id.replace("-", "").replace("_", "").isalnum():
        raise ConfigError("centre id may hold letters, digits, - and _ only")
    timezone = centre.get("timezone", "Europe/Copenhagen")
    try:
        ZoneInfo(timezone)
    except Exception:
        raise ConfigError(f"unknown time zone {timezone!r}") from None
    counters_raw = raw.get("counters") or {str(n): {} for n in range(1, 7)}
    counters = {
        str(key): (frozenset(value["services"]) if value.get("services") else None)
        for key, value in counters_raw.items()
    }
    printer = parse_printer(raw.get("printer", {}), base_dir)
    catalogue = centre.get("catalogue")
    try:
        session_hours = parse_session_hours(
            centre.get("session_hours", DEFAULT_SESSION_HOURS), "[centre]"
        )
        allowed_hosts = parse_allowed_hosts(centre.get("allowed_hosts"), "centre")
        trusted_proxies = _proxy_hops(centre.get("trusted_proxies", 0))
        plan = parse_target(raw.get("plan"), "[plan]")
        walk_in = walk_in_policy.parse(raw.get("walk_in"), "[walk_in]")
    except ValueError as err:
        raise ConfigError(str(err).replace("[walk_in] walk_in", "[walk_in]")) from None
    config = CentreConfig(
        id=centre_id,
        name=name,
        timezone=timezone,
        data_dir=(data_dir or base_dir / centre.get("data_dir", "var")).resolve(),
        opening_hours=raw.get("opening_hours", {}),
        counters=counters,
        catalogue_path=(base_dir / catalogue) if catalogue else None,
        public_url=centre.get("public_url") or None,
        allowed_hosts=allowed_hosts,
        kiosk_idle_seconds=int(raw.get("kiosk", {}).get("idle_seconds", 30)),
        kiosk_auto_pair=raw.get("kiosk", {}).get("auto_pair", False) is True,
        printer=printer,
        demo=bool(centre.get("demo", False)),
        secret_key=centre.get("secret_key"),
        central=_central(raw.get("central")),
        session_hours=session_hours,
        secure_cookies=bool(centre.get("secure_cookies", False)),
        trusted_proxies=trusted_proxies,
        tax_scheduled=_tax_scheduled(raw.get("tax")),
        monitoring_token=parse_monitoring_token(raw.get("monitoring")),
        plan=plan,
        po_colocated=_po_colocated(centre.get("po_colocated", False)),
        walk_in=walk_in,
    )
    try:
        config.hours()
        config.tax_hours()
        catalogue_obj = config.catalogue()
    except (ValueError, OSError) as err:
        raise ConfigError(str(err)) from None
    unknown = sorted(walk_in.services_named() - {s.id for s in catalogue_obj.services})
    if unknown:
        raise ConfigError(f"[walk_in] names an unknown service {unknown[0]!r}")
    for counter_id, services in counters.items():
        for service_id in services or ():
            if service_id not in {s.id for s in catalogue_obj.services}:
                raise ConfigError(f"counter {counter_id}: unknown service {service_id!r}")
    return config


def load(path: Path | str, data_dir: Path | None = None) -> CentreConfig:
    path = Path(path)
    return from_dict(read_toml(path), path.parent.resolve(), data_dir)


def demo_config(
    data_dir: Path,
    centre_id: str = "demo",
    name: str = "Borgerservice Demo",
    central: dict[str, Any] | None = None,
    opening_hours: dict[str, Any] | None = None,
    po_colocated: bool = False,
    walk_in: dict[str, Any] | None = None,
) -> CentreConfig:
    """The demo centre: open around the clock so the demo works at any hour, unless given
    `opening_hours` (the municipality file's, with `enindgang demo --real-hours`)."""
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    raw = {
        "centre": {"id": centre_id, "name": name, "demo": True, "po_colocated": po_colocated},
        "opening_hours": opening_hours or {day: "00:00-24:00" for day in days},
        "counters": {str(n): {} for n in range(1, 7)},
        "printer": {"transport": "virtual"},
        # The demo's kiosk pairs itself, so it just works in any browser.
        "kiosk": {"auto_pair": True},
    }
    if central:
        raw["central"] = central
    if walk_in:
        raw["walk_in"] = walk_in
    return from_dict(raw, Path.cwd(), data_dir)
