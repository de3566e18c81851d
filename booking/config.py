"""The central booking service's config file (TOML): identity, limits, centres, mail, SMS."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from limits import parse_many
from limits.storage import SCHEMES as STORAGE_SCHEMES

from booking.core import opening_hours
from booking.core.tax_cover import ALLOWED_MINIMUMS
from booking.sms_config import SmsConfig
from booking.sms_config import parse as parse_sms
from kernel import municipality
from kernel.catalogue import Catalogue
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

DEFAULT_RATE_LIMIT = "10 per minute;100 per day"


@dataclass(frozen=True)
class CentreSeed:
    """A centre named in the config; created in the database on start if it is not there.

    `address` is the postcode and town; `street` and `opening_hours` are what citizens read in
    their confirmation, messages and calendar file (the config is their only source)."""

    id: str
    name: str
    address: str = ""
    street: str = ""
    opening_hours: opening_hours.Hours = ()
    # The pension/elderly office shares the address: P/O-only services are offered only here.
    po_colocated: bool = False


@dataclass
class SmtpConfig:
    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "borgerservice@example.dk"
    starttls: bool = True
    timeout_seconds: float = 10.0


@dataclass
class BookingConfig:
    data_dir: Path
    name: str = "Borgerservice"
    timezone: str = "Europe/Copenhagen"
    public_url: str | None = None
    # Without public_url: hosts whose requests may give their own address to links.
    allowed_hosts: tuple[str, ...] = ()
    secret_key: str | None = None
    demo: bool = False
    hold_minutes: int = 10
    max_open_per_contact: int = 2
    # Flask-Limiter syntax ("10 per minute;100 per day"); None: no limit per client address.
    rate_limit: str | None = DEFAULT_RATE_LIMIT
    # Where the per-address booking limits count (a limits storage URI such as
    # "redis://host:6379"); None: in the central database, shared by every worker process.
    rate_limit_storage: str | None = None
    retention_days: int = 90
    # Reminders go out on the day before the appointment, from this local hour on.
    reminder_hour: int = 9
    min_notice_minutes: int = 120
    horizon_days: int = 60
    holidays: tuple[str, ...] = ("public",)
    # Reverse proxies in front of the service whose X-Forwarded-For may be trusted.
    trusted_proxies: int = 0
    centres: list[CentreSeed] = field(default_factory=list)
    catalogue_path: Path | None = None
    smtp: SmtpConfig | None = None
    # [sms]: the SMS gateway; None: SMS are written to the mailbox folder like e-mails.
    sms: SmsConfig | None = None
    # A staff login ends this long after it began, whatever the browser keeps.
    session_hours: float = DEFAULT_SESSION_HOURS
    # Secure cookies even without an https public_url (e.g. TLS ends at a proxy).
    secure_cookies: bool = False
    # Tax secondees every centre must have at work in opening hours, Monday to Friday (1 or 2).
    tax_secondees_minimum: int = 1
    # [monitoring] token: reads /metrics and /healthz details from anywhere (else only from
    # this machine, unproxied).
    monitoring_token: str | None = None
    # [plan]: the staffing plan's service level and wait target; a [[centres]] entry's own
    # `plan = { ... }` overrides it for that centre.
    plan: Target = field(default_factory=Target)
    centre_plans: dict[str, Target] = field(default_factory=dict)
    # [database] url: a PostgreSQL server ("postgresql://user:password@host/db"); None: the
    # SQLite file central.sqlite3 in data_dir.
    database_url: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def database_path(self) -> Path:
        """The SQLite file (used unless [database] url names a PostgreSQL server)."""
        return self.data_dir / "central.sqlite3"

    @property
    def database(self) -> Path | str:
        """Where central's data is: the PostgreSQL URL if configured, else the SQLite file."""
        return self.database_url or self.database_path

    @property
    def mailbox_dir(self) -> Path:
        """Where messages go when no SMTP server is configured (the development mailbox)."""
        return self.data_dir / "mailbox"

    def catalogue(self) -> Catalogue:
        return Catalogue.load(self.catalogue_path)

    def plan_for(self, centre_id: str) -> Target:
        """A centre's plan target: its own from [[centres]], else [plan]'s."""
        return self.centre_plans.get(centre_id, self.plan)

    def load_secret_key(self) -> str:
        return load_secret_key(self.secret_key, self.data_dir)


def _positive(raw: dict, key: str, default: int, minimum: int = 0) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ConfigError(f"[booking] {key} must be a whole number >= {minimum}")
    return value


def _rate_limit(raw: dict) -> str | None:
    value = raw.get("rate_limit", DEFAULT_RATE_LIMIT)
    if value in (False, "", None):
        return None
    if not isinstance(value, str):
        raise ConfigError('[booking] rate_limit must look like "10 per minute;100 per day"')
    try:
        parse_many(value)
    except ValueError as err:
        raise ConfigError(f"[booking] rate_limit: {err}") from None
    return value


def _rate_limit_storage(central: dict) -> str | None:
    value = central.get("rate_limit_storage")
    if value in (None, ""):
        return None
    # The async storages do not fit a threaded server; the enindgang scheme is the default's.
    known = sorted(s for s in STORAGE_SCHEMES if not s.startswith(("async", "enindgang")))
    if not isinstance(value, str) or urlparse(value).scheme not in known:
        known = ", ".join(known)
        raise ConfigError(f"[central] rate_limit_storage must be a URI with one of: {known}")
    return value


def _database_url(raw: dict) -> str | None:
    value = raw.get("database", {}).get("url")
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.startswith(("postgresql://", "postgres://")):
        raise ConfigError('[database] url must start with "postgresql://" (or be left out)')
    return value


def _tax_minimum(rules: dict) -> int:
    value = rules.get("tax_secondees_minimum", 1)
    if value not in ALLOWED_MINIMUMS or isinstance(value, bool):
        raise ConfigError("[rules] tax_secondees_minimum must be 1 or 2")
    return value


def seed_from(item: municipality.Centre) -> CentreSeed:
    """A municipality file's centre as central seeds it."""
    hours = opening_hours.parse(item.opening_hours)
    return CentreSeed(item.id, item.name, item.address, item.street, hours, item.po_colocated)


def _municipality(central: dict, base_dir: Path) -> list[CentreSeed]:
    path = central.get("municipality")
    if path is None:
        return []
    if not isinstance(path, str) or not path:
        raise ConfigError("[central] municipality must be the path of a municipality file")
    try:
        found = municipality.load(municipality.locate(path, base_dir))
        return [seed_from(item) for item in found.centres]
    except ValueError as err:
        raise ConfigError(f"[central] municipality: {err}") from None


def _centres(
    raw: dict, central: dict, base_dir: Path, plan: Target
) -> tuple[list[CentreSeed], dict[str, Target]]:
    """The municipality file's centres, then the [[centres]] entries: an entry with a listed
    id and no name only adds its plan; with a name it replaces the file's centre."""
    centres = {seed.id: seed for seed in _municipality(central, base_dir)}
    centre_plans = {}
    for item in raw.get("centres", []):
        centre_id = str(item.get("id", ""))
        if not centre_id or ("name" not in item and centre_id not in centres):
            raise ConfigError("every [[centres]] entry needs an id and a name")
        if not centre_id.replace("-", "").replace("_", "").isalnum():
            raise ConfigError("centre ids may hold letters, digits, - and _ only")
        try:
            hours = opening_hours.parse(item.get("opening_hours", {}))
            if "plan" in item:
                where = f"[[centres]] {centre_id}: plan"
                centre_plans[centre_id] = parse_target(item["plan"], where, plan)
        except ValueError as err:
            if str(err).startswith("[[centres]]"):
                raise ConfigError(str(err)) from None
            raise ConfigError(f"centre {centre_id}: {err}") from None
        po_colocated = item.get("po_colocated", False)
        if not isinstance(po_colocated, bool):
            raise ConfigError(f"centre {centre_id}: po_colocated must be true or false")
        if "name" not in item:
            continue
        centres[centre_id] = CentreSeed(
            centre_id,
            str(item["name"]),
            str(item.get("address", "")),
            str(item.get("street", "")),
            hours,
            po_colocated,
        )
    return list(centres.values()), centre_plans


def from_dict(raw: dict[str, Any], base_dir: Path, data_dir: Path | None = None) -> BookingConfig:
    """Build and check a config from parsed TOML; relative paths are relative to `base_dir`."""
    central = raw.get("central", {})
    booking = raw.get("booking", {})
    rules = raw.get("rules", {})
    timezone = central.get("timezone", "Europe/Copenhagen")
    try:
        ZoneInfo(timezone)
    except Exception:
        raise ConfigError(f"unknown time zone {timezone!r}") from None
    try:
        plan = parse_target(raw.get("plan"), "[plan]")
    except ValueError as err:
        raise ConfigError(str(err)) from None
    centres, centre_plans = _centres(raw, central, base_dir, plan)
    smtp_raw = raw.get("smtp")
    smtp = None
    if smtp_raw and smtp_raw.get("host"):
        smtp = SmtpConfig(
            host=str(smtp_raw["host"]),
            port=int(smtp_raw.get("port", 587)),
            username=smtp_raw.get("username"),
            password=smtp_raw.get("password"),
            sender=str(smtp_raw.get("sender", "borgerservice@example.dk")),
            starttls=bool(smtp_raw.get("starttls", True)),
        )
    catalogue = central.get("catalogue")
    try:
        session_hours = parse_session_hours(
            central.get("session_hours", DEFAULT_SESSION_HOURS), "[central]"
        )
        allowed_hosts = parse_allowed_hosts(central.get("allowed_hosts"), "central")
    except ValueError as err:
        raise ConfigError(str(err)) from None
    config = BookingConfig(
        data_dir=(data_dir or base_dir / central.get("data_dir", "var/central")).resolve(),
        name=str(central.get("name", "Borgerservice")),
        timezone=timezone,
        public_url=central.get("public_url") or None,
        allowed_hosts=allowed_hosts,
        secret_key=central.get("secret_key"),
        demo=bool(central.get("demo", False)),
        hold_minutes=_positive(booking, "hold_minutes", 10, 1),
        max_open_per_contact=_positive(booking, "max_open_per_contact", 2, 1),
        rate_limit=_rate_limit(booking),
        rate_limit_storage=_rate_limit_storage(central),
        retention_days=_positive(booking, "retention_days", 90, 1),
        reminder_hour=_positive(booking, "reminder_hour", 9),
        min_notice_minutes=_positive(booking, "min_notice_minutes", 120),
        horizon_days=_positive(booking, "horizon_days", 60, 1),
        holidays=tuple(booking.get("holidays", ("public",))),
        trusted_proxies=_positive(central, "trusted_proxies", 0),
        centres=centres,
        catalogue_path=(base_dir / catalogue) if catalogue else None,
        smtp=smtp,
        sms=parse_sms(raw.get("sms"), central.get("public_url") or None),
        session_hours=session_hours,
        secure_cookies=bool(central.get("secure_cookies", False)),
        tax_secondees_minimum=_tax_minimum(rules),
        monitoring_token=parse_monitoring_token(raw.get("monitoring")),
        plan=plan,
        centre_plans=centre_plans,
        database_url=_database_url(raw),
    )
    if config.reminder_hour > 23:
        raise ConfigError("[booking] reminder_hour must be 0 to 23")
    if not set(config.holidays) <= {"public", "optional"}:
        raise ConfigError('[booking] holidays may list "public" and "optional"')
    try:
        config.catalogue()
    except (ValueError, OSError) as err:
        raise ConfigError(str(err)) from None
    return config


def load(path: Path | str, data_dir: Path | None = None) -> BookingConfig:
    path = Path(path)
    return from_dict(read_toml(path), path.parent.resolve(), data_dir)
