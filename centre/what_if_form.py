"""The what-if page's form: the day, the seed and up to five staffing changes, read from the
query, with a kind sentence for each field that is wrong."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from flask_babel import lazy_gettext as _l

from centre.core.hours import OpeningHours, periods_on
from centre.domain.what_if import ADD, CLOSE, MAX_CHANGES, Change

DEFAULT_SEED = 1
MAX_SEED = 999_999_999
# How far from today a day may be simulated (its history is the eight weeks before it).
REACH = timedelta(days=366)
ADD_STAFF, ADD_TAX = "add-staff", "add-tax"
CLOSE_PREFIX = "close:"

MESSAGES = {
    "date": _l("Type the day as YYYY-MM-DD, at most a year from today."),
    "closed": _l("The centre is closed that day: choose a day it is open."),
    "seed": _l("Type a whole number from 0 to 999999999."),
    "what": _l("Choose a change from the list."),
    "from": _l("Type the time as HH:MM, e.g. 10:00."),
    "to": _l("Type the time as HH:MM, later than the time in From."),
    "outside": _l("Choose times within the day's opening hours."),
}


@dataclass(frozen=True)
class ChangeRow:
    """One row of the form as typed: what, from, to."""

    what: str = ""
    start: str = ""
    end: str = ""


@dataclass
class Asked:
    """The form as typed, the changes it asks for, and per wrong field its sentence (field
    names as in the query: `date`, `seed`, `change-2-from` …)."""

    day: str
    seed: str
    rows: list[ChangeRow]
    changes: list[Change] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    submitted: bool = False

    @property
    def the_day(self) -> date:
        return date.fromisoformat(self.day)

    @property
    def the_seed(self) -> int:
        return int(self.seed)


def _clock(text: str) -> time | None:
    try:
        return time.fromisoformat(text) if len(text) in (4, 5, 8) and ":" in text else None
    except ValueError:
        return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def read(
    args: Mapping[str, str],
    today: date,
    default_day: date,
    hours: OpeningHours,
    counters: Sequence[str],
) -> Asked:
    """The query as asked; it is submitted when it names a day."""
    asked = Asked(
        day=(args.get("date") or default_day.isoformat()).strip()[:32],
        seed=(args.get("seed") or str(DEFAULT_SEED)).strip()[:32],
        rows=[
            ChangeRow(
                (args.get(f"change-{n}-what") or "").strip()[:64],
                (args.get(f"change-{n}-from") or "").strip()[:16],
                (args.get(f"change-{n}-to") or "").strip()[:16],
            )
            for n in range(1, MAX_CHANGES + 1)
        ],
        submitted="date" in args,
    )
    day = _day(asked.day)
    if day is None or abs(day - today) > REACH:
        asked.errors["date"] = str(MESSAGES["date"])
        day = None
    elif not periods_on(hours, day):
        asked.errors["date"] = str(MESSAGES["closed"])
        day = None
    if not _digits(asked.seed) or int(asked.seed) > MAX_SEED:
        asked.errors["seed"] = str(MESSAGES["seed"])
    periods = periods_on(hours, day) if day else []
    for n, row in enumerate(asked.rows, start=1):
        change = _change(asked, n, row, periods, counters)
        if change is not None:
            asked.changes.append(change)
    return asked


def _change(asked: Asked, n: int, row: ChangeRow, periods, counters) -> Change | None:
    if not (row.what or row.start or row.end):
        return None
    closable = {f"{CLOSE_PREFIX}{c}": c for c in counters}
    if row.what not in (ADD_STAFF, ADD_TAX, *closable):
        asked.errors[f"change-{n}-what"] = str(MESSAGES["what"])
        return None
    # A blank time is the day's opening (From) or closing (To).
    start = _clock(row.start) if row.start else (periods[0][0].time() if periods else None)
    end = _clock(row.end) if row.end else (periods[-1][1].time() if periods else None)
    if row.start and start is None:
        asked.errors[f"change-{n}-from"] = str(MESSAGES["from"])
    if row.end and (end is None or (start is not None and end <= start)):
        asked.errors[f"change-{n}-to"] = str(MESSAGES["to"])
    if start is None or end is None or f"change-{n}-from" in asked.errors:
        return None
    if f"change-{n}-to" in asked.errors:
        return None
    if end <= start:
        asked.errors[f"change-{n}-to"] = str(MESSAGES["to"])
        return None
    if periods and (start < periods[0][0].time() or end > periods[-1][1].time()):
        asked.errors[f"change-{n}-from"] = str(MESSAGES["outside"])
        return None
    if row.what in closable:
        return Change(CLOSE, start, end, counter=closable[row.what])
    return Change(ADD, start, end, role="tax" if row.what == ADD_TAX else "staff")
