"""The demo: Copenhagen's 8 centres with staff, tax secondees, weekly hours and two accounts."""

from __future__ import annotations

from pathlib import Path

from booking.config import DEFAULT_RATE_LIMIT, BookingConfig, CentreSeed
from booking.domain.accounts import add_account
from booking.store import accounts as account_store
from booking.store import setup as setup_store
from booking.store.db import connect, init_db, write
from centre.core.catalogue import Catalogue
from centre.core.clock import SystemClock

DEMO_PASSWORD = "demo"
DEMO_ACCOUNTS = (
    ("reception1", "Rikke Ålund", "reception"),
    ("manager1", "Mads Østergaard", "manager"),
)
DEMO_CENTRES = (
    CentreSeed("norrebro", "Borgerservice Nørrebro", "2200 København N"),
    CentreSeed("osterbro", "Borgerservice Østerbro", "2100 København Ø"),
    CentreSeed("vesterbro", "Borgerservice Vesterbro", "1620 København V"),
    CentreSeed("amager", "Borgerservice Amager", "2300 København S"),
    CentreSeed("valby", "Borgerservice Valby", "2500 Valby"),
    CentreSeed("bispebjerg", "Borgerservice Bispebjerg", "2400 København NV"),
    CentreSeed("bronshoj", "Borgerservice Brønshøj-Husum", "2700 Brønshøj"),
    CentreSeed("christianshavn", "Borgerservice Christianshavn", "1401 København K"),
)
# Three centre staff everywhere; two tax secondees at every other centre, one at the rest.
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
WEEKDAY_HOURS = {
    0: "09:00-16:00",
    1: "09:00-16:00",
    2: "09:00-16:00",
    3: "09:00-18:00",
    4: "09:00-14:00",
}
SECONDEE_HOURS = {0: "09:00-15:00", 1: "09:00-15:00", 3: "09:00-17:00"}
LUNCH = "12:00-12:30"
SECONDEE_SERVICES = ("tax_decision", "tax_questions")


def demo_config(data_dir: Path, rate_limit: bool = True) -> BookingConfig:
    return BookingConfig(
        data_dir=data_dir,
        name="Københavns Borgerservice (demo)",
        demo=True,
        rate_limit=DEFAULT_RATE_LIMIT if rate_limit else None,
        min_notice_minutes=60,
        horizon_days=60,
        centres=list(DEMO_CENTRES),
    )


def _hours(spec: dict[int, str]) -> list[tuple[int, str, str]]:
    return [(day, *text.split("-")) for day, text in spec.items()]


def _add_member(db, staff_id, name, centre_id, role, services, hours) -> None:
    setup_store.add_staff(db, staff_id, name, centre_id, role)
    setup_store.set_staff_services(db, staff_id, services)
    setup_store.set_hours(db, staff_id, "work", _hours(hours))
    setup_store.set_hours(db, staff_id, "break", _hours({d: LUNCH for d in hours}))


def ensure_demo_data(config: BookingConfig) -> None:
    """Centres, staff and schedules (first start only) and the demo accounts."""
    init_db(config.database_path)
    catalogue = Catalogue.load(config.catalogue_path)
    centre_services = [s.id for s in catalogue.services if "staff" in s.roles]
    db = connect(config.database_path)
    try:
        with write(db):
            for position, item in enumerate(DEMO_CENTRES):
                setup_store.add_centre(
                    db,
                    item.id,
                    item.name,
                    item.address,
                    position,
                    config.min_notice_minutes,
                    config.horizon_days,
                )
            if not setup_store.staff(db):
                for index, item in enumerate(DEMO_CENTRES):
                    for n in range(3):
                        name = STAFF_NAMES[(index + n) % len(STAFF_NAMES)]
                        staff_id = f"{item.id}-{n + 1}"
                        _add_member(
                            db, staff_id, name, item.id, "staff", centre_services, WEEKDAY_HOURS
                        )
                    for n in range(1 + index % 2):
                        _add_member(
                            db,
                            f"{item.id}-tax{n + 1}",
                            f"{SECONDEE_NAMES[n]} (Skattestyrelsen)",
                            item.id,
                            "tax",
                            SECONDEE_SERVICES,
                            SECONDEE_HOURS,
                        )
        for username, name, role in DEMO_ACCOUNTS:
            if account_store.get(db, username) is None:
                add_account(db, SystemClock(), username, name, role, DEMO_PASSWORD)
    finally:
        db.close()
