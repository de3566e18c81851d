"""The demo: the municipality file's 8 centres with staff, tax secondees and three accounts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from booking.config import DEFAULT_RATE_LIMIT, BookingConfig, CentreSeed, seed_from
from booking.domain import bookings, setup
from booking.domain import history as central_history
from booking.domain.accounts import account_exists, add_account
from booking.domain.context import BookingContext
from booking.domain.setup import NewMember
from booking.domain.sync import issue_key
from booking.store.db import init_db
from kernel import municipality
from kernel.catalogue import Catalogue
from kernel.clock import Clock
from kernel.db import connect
from kernel.runtime_clock import process_clock

DEMO_PASSWORD = "demo"
# The demo's generated year of visits: the centres and central use the same seed, so central's
# rows for a centre are that centre's rows.
HISTORY_SEED = 2026
HISTORY_DAYS = 365
DEMO_ACCOUNTS = (
    ("reception1", "Rikke Ålund", "reception"),
    ("manager1", "Mads Østergaard", "manager"),
    # The contact centre's phone workspace (/staff/contact).
    ("contact1", "Karin Kontakt", "contact_centre"),
    # Reads every centre's visit reports (/staff/reports) and nothing else.
    ("report1", "Rasmus Rapport", "report"),
)
# Copenhagen's eight centres as the municipality file lists them (names, streets, weekly hours,
# the P/O office); see kernel/data/copenhagen.toml for which values are still unverified.
DEMO_CENTRES = tuple(seed_from(item) for item in municipality.load().centres)


def centre_seed(centre_id: str) -> CentreSeed:
    """A demo centre as central knows it (KeyError for an unknown id)."""
    return {item.id: item for item in DEMO_CENTRES}[centre_id]


def staff_hours(item: CentreSeed) -> dict[int, str]:
    """The demo staff's working day at a centre: from its first opening to its last closing."""
    days: dict[int, tuple[str, str]] = {}
    for day, start, end in item.opening_hours:
        first, last = days.get(day, (start, end))
        days[day] = (min(first, start), max(last, end))
    return {day: f"{start}-{end}" for day, (start, end) in sorted(days.items())}


# Three centre staff everywhere. Tax secondees cover every centre's opening hours (the
# tax-secondee rule, minimum 1): at every other centre two work all day with lunches one after
# the other; at the rest one works the morning and one the afternoon (one at a time there).
STAFF_NAMES = (
    "Anne Holm",
    "Bo Kjær",
    "Camilla Lund",
    "Dorthe Friis",
    "Emil Bach",
    "Freja Krog",
    "Gustav Dahl",
    "Hanne Bruun",
)
SECONDEE_NAMES = ("Tobias Ærø", "Sofie Winther")
LUNCH = "12:00-12:30"
SECONDEE_LUNCHES = (LUNCH, "12:30-13:00")
# The half-day shifts change over here (no lunch break in a half day).
SHIFT_CHANGE = "12:30"
SECONDEE_SERVICES = ("tax_decision", "tax_questions")


def demo_config(
    data_dir: Path, rate_limit: bool = True, database_url: str | None = None
) -> BookingConfig:
    """The demo's config; `database_url` puts it on a PostgreSQL server (else SQLite in
    `data_dir`, which keeps the mailbox and the centre keys either way)."""
    return BookingConfig(
        data_dir=data_dir,
        database_url=database_url,
        name="Københavns Borgerservice (demo)",
        demo=True,
        rate_limit=DEFAULT_RATE_LIMIT if rate_limit else None,
        min_notice_minutes=60,
        horizon_days=60,
        centres=list(DEMO_CENTRES),
    )


def _hours(spec: dict[int, str]) -> list[tuple[int, str, str]]:
    return [(day, *text.split("-")) for day, text in spec.items()]


def demo_staff(catalogue: Catalogue) -> list[NewMember]:
    """Three centre staff at every centre (with lunch) and two tax secondees covering its
    opening hours: all day with staggered lunches, or a morning and an afternoon shift."""
    centre_services = [s.id for s in catalogue.services if "staff" in s.roles]
    members = []
    for index, item in enumerate(DEMO_CENTRES):
        for n in range(3):
            name = STAFF_NAMES[(index + n) % len(STAFF_NAMES)]
            members.append(
                _member(f"{item.id}-{n + 1}", name, item.id, "staff", centre_services,
                        staff_hours(item))
            )  # fmt: skip
        members += _secondees(item.id, staff_hours(item), shifts=index % 2 == 0)
    return members


def _secondees(centre_id: str, days: dict[int, str], shifts: bool) -> list[NewMember]:
    found = []
    for n, name in enumerate(SECONDEE_NAMES):
        staff_id, full_name = f"{centre_id}-tax{n + 1}", f"{name} (Skattestyrelsen)"
        if shifts:
            hours = {d: _half(text, morning=n == 0) for d, text in days.items()}
            hours = {d: text for d, text in hours.items() if text}
            found.append(NewMember(staff_id, full_name, centre_id, "tax", SECONDEE_SERVICES,
                                   _hours(hours), []))  # fmt: skip
        else:
            lunch = SECONDEE_LUNCHES[n]
            found.append(
                _member(staff_id, full_name, centre_id, "tax", SECONDEE_SERVICES, days, lunch)
            )  # fmt: skip
    return found


def _half(day: str, morning: bool) -> str:
    """The morning or afternoon of a day; a day that does not span the change is all morning."""
    start, end = day.split("-")
    if not start < SHIFT_CHANGE < end:
        return day if morning else ""
    return f"{start}-{SHIFT_CHANGE}" if morning else f"{SHIFT_CHANGE}-{end}"


def _member(staff_id, name, centre_id, role, services, hours, lunch=LUNCH) -> NewMember:
    breaks = _hours({d: lunch for d in hours})
    return NewMember(staff_id, name, centre_id, role, list(services), _hours(hours), breaks)


def ensure_demo_data(config: BookingConfig) -> None:
    """Centres, staff and schedules (first start only) and the demo accounts."""
    # The data directory keeps the keys file and the mailbox on PostgreSQL too.
    config.data_dir.mkdir(parents=True, exist_ok=True)
    init_db(config.database)
    catalogue = Catalogue.load(config.catalogue_path)
    db = connect(config.database)
    try:
        setup.seed(db, config, catalogue)
        setup.seed_staff(db, demo_staff(catalogue))
        for username, name, role in DEMO_ACCOUNTS:
            if not account_exists(db, username):
                add_account(db, process_clock(), username, name, role, DEMO_PASSWORD)
    finally:
        db.close()


def demo_key(centre_id: str) -> str:
    """The demo's fixed sync key of a centre (demo only: anyone can read it here)."""
    return f"demo-{centre_id}-sync-key"


def ensure_demo_keys(config: BookingConfig) -> dict[str, str]:
    """Every demo centre gets its fixed key; the keys are written to the data dir too."""
    keys = {item.id: demo_key(item.id) for item in DEMO_CENTRES}
    db = connect(config.database)
    try:
        for centre_id, key in keys.items():
            issue_key(db, centre_id, process_clock().now(), key)
    finally:
        db.close()
    path = config.data_dir / "centre-keys.txt"
    path.write_text("".join(f"{c} {k}\n" for c, k in keys.items()))
    return keys


# The `source` of the demo's own appointments, so the demo finds them again.
DEMO_SOURCE = "demo"
# Minutes from now of the demo appointments made for today, and their services in turn.
TODAY_OFFSETS = (-5, 10, 25, 45, 70, 100, 130)
TODAY_SERVICES = ("health_card", "passport", "moving", "tax_decision")


def ensure_demo_bookings(config: BookingConfig, centre_ids: tuple[str, ...]) -> int:
    """Appointments today around now at some centres, so check-in can be tried at once."""
    ctx = BookingContext.build(config, process_clock())
    now = ctx.now()
    base = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 5)
    plans = {}
    for centre_id in centre_ids:
        plans[centre_id] = []
        for n, offset in enumerate(TODAY_OFFSETS):
            service = TODAY_SERVICES[n % len(TODAY_SERVICES)]
            staff = f"{centre_id}-tax1" if service == "tax_decision" else f"{centre_id}-1"
            plans[centre_id].append((service, staff, base + timedelta(minutes=offset), 15))
    db = connect(config.database)
    try:
        return bookings.seed_day(ctx, db, DEMO_SOURCE, plans)
    finally:
        db.close()


def demo_codes(config: BookingConfig, centre_id: str) -> list[tuple[str, str, str]]:
    """Today's demo appointments of a centre: (local time, service, code)."""
    db = connect(config.database)
    try:
        found = bookings.from_source(db, centre_id, DEMO_SOURCE)
    finally:
        db.close()
    today = process_clock().now().astimezone(config.tz).date()
    starts = [(datetime.fromisoformat(b["start_at"]).astimezone(config.tz), b) for b in found]
    return [
        (start.strftime("%H:%M"), b["service"], b["code"])
        for start, b in starts
        if start.date() == today
    ]


def history_days(tz: ZoneInfo, days: int, clock: Clock | None = None) -> tuple[date, date]:
    """The demo's history: the `days` local days before today."""
    today = (clock or process_clock()).now().astimezone(tz).date()
    return today - timedelta(days=days), today - timedelta(days=1)


def ensure_demo_history(
    config: BookingConfig, days: int = HISTORY_DAYS
) -> central_history.Filled | None:
    """`days` of every demo centre's visits and first free times before today, for each
    centre that has none yet (the first start; one stopped half-way is finished)."""
    if days <= 0:
        return None
    ctx = BookingContext.build(config, process_clock())
    db = connect(config.database)
    try:
        first, last = history_days(config.tz, days)
        return central_history.fill(ctx, db, HISTORY_SEED, first, last, skip_filled=True)
    finally:
        db.close()
