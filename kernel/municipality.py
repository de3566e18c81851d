"""The municipality file: its centres with address, weekly hours and the P/O office beside them."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kernel import walk_in as walk_in_policy
from kernel.walk_in import WalkInPolicy

COPENHAGEN = Path(__file__).resolve().parent / "data" / "copenhagen.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The keys a centre entry must have, and those `unverified` may name.
FACTS = ("name", "street", "address", "opening_hours", "po_colocated")
# Optional: the walk-in and appointment days (kernel/walk_in.py); left out, every day walk-in.
OPTIONAL = ("walk_in",)
KEYS = {"id", *FACTS, *OPTIONAL, "unverified", "sources"}
_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_POSTCODE_TOWN = re.compile(r"^\d{4} \S.*$")
_PERIOD = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class MunicipalityError(ValueError):
    """The municipality file is wrong; the message names the centre and the key."""


@dataclass(frozen=True)
class Centre:
    """One centre as the municipality file lists it (opening hours in the configs' syntax)."""

    id: str
    name: str
    street: str
    address: str
    opening_hours: Mapping[str, Any]
    po_colocated: bool
    unverified: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    walk_in: WalkInPolicy = field(default_factory=WalkInPolicy)


@dataclass(frozen=True)
class Municipality:
    name: str
    timezone: str
    centres: tuple[Centre, ...]

    def centre(self, centre_id: str) -> Centre:
        for item in self.centres:
            if item.id == centre_id:
                return item
        raise KeyError(centre_id)


def locate(name: str, base_dir: Path) -> Path:
    """A config's `municipality`: a shipped file by its name ("copenhagen" is
    kernel/data/copenhagen.toml), else a path relative to the config file."""
    if _ID.match(name):
        return COPENHAGEN.parent / f"{name}.toml"
    return base_dir / name


def load(path: Path | str = COPENHAGEN) -> Municipality:
    """Read and check a municipality file (MunicipalityError names what is wrong)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise MunicipalityError(f"municipality file {path} not found") from None
    except tomllib.TOMLDecodeError as err:
        raise MunicipalityError(f"{path}: {err}") from None
    try:
        return parse(raw)
    except MunicipalityError as err:
        raise MunicipalityError(f"{path}: {err}") from None


def shipped_centre_names() -> dict[str, str]:
    """The shipped file's centres, names by id: where a centre's counter may put a call
    through to (a centre's config names no municipality file; central's may name another)."""
    return dict(_shipped_names())


@cache
def _shipped_names() -> tuple[tuple[str, str], ...]:
    return tuple((c.id, c.name) for c in load().centres)


def parse(raw: Mapping[str, Any]) -> Municipality:
    """Check the parsed file: every centre complete, ids unique, hours readable."""
    head = raw.get("municipality")
    if not isinstance(head, Mapping) or not isinstance(head.get("name"), str):
        raise MunicipalityError("[municipality] name is required")
    timezone = head.get("timezone", "Europe/Copenhagen")
    if not isinstance(timezone, str):
        raise MunicipalityError("[municipality] timezone must be a text")
    entries = raw.get("centres")
    if not isinstance(entries, list) or not entries:
        raise MunicipalityError("the file needs at least one [[centres]] entry")
    centres = tuple(_centre(n, item) for n, item in enumerate(entries, start=1))
    ids = [c.id for c in centres]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise MunicipalityError(f"[[centres]] id {twice[0]!r} is listed twice")
    return Municipality(head["name"], timezone, centres)


def _centre(number: int, item: object) -> Centre:
    if not isinstance(item, Mapping):
        raise MunicipalityError(f"[[centres]] entry {number} must be a table")
    centre_id = item.get("id")
    if not isinstance(centre_id, str) or not _ID.match(centre_id):
        raise MunicipalityError(
            f"[[centres]] entry {number}: id must be letters, digits, - and _ only"
        )
    where = f"[[centres]] {centre_id}"
    unknown = sorted(set(item) - KEYS)
    if unknown:
        raise MunicipalityError(f"{where}: unknown key {unknown[0]!r}")
    missing = [key for key in FACTS if key not in item]
    if missing:
        raise MunicipalityError(f"{where}: {missing[0]} is required")
    for key in ("name", "street", "address"):
        if not isinstance(item[key], str):
            raise MunicipalityError(f"{where}: {key} must be a text")
    if not item["name"].strip():
        raise MunicipalityError(f"{where}: name must not be empty")
    if not _POSTCODE_TOWN.match(item["address"]):
        raise MunicipalityError(f'{where}: address must be postcode and town, "2100 København Ø"')
    if not isinstance(item["po_colocated"], bool):
        raise MunicipalityError(f"{where}: po_colocated must be true or false")
    hours = _hours(where, item["opening_hours"])
    unverified = _texts(where, "unverified", item.get("unverified", []))
    wrong = [key for key in unverified if key not in (*FACTS, *OPTIONAL)]
    if wrong:
        names = ", ".join((*FACTS, *OPTIONAL))
        raise MunicipalityError(f"{where}: unverified may name only {names}")
    try:
        walk_in = walk_in_policy.parse(item.get("walk_in"), f"{where}:")
    except ValueError as err:
        raise MunicipalityError(str(err)) from None
    return Centre(
        id=centre_id,
        name=item["name"],
        street=item["street"],
        address=item["address"],
        opening_hours=hours,
        po_colocated=item["po_colocated"],
        unverified=unverified,
        sources=_texts(where, "sources", item.get("sources", [])),
        walk_in=walk_in,
    )


def _texts(where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MunicipalityError(f"{where}: {key} must be a list of texts")
    return tuple(value)


def _hours(where: str, spec: object) -> dict[str, list[str]]:
    """The configs' syntax: { monday = "09:00-16:00", thursday = ["09:00-12:00", ...] }."""
    if not isinstance(spec, Mapping):
        raise MunicipalityError(f"{where}: opening_hours must be a table of weekdays")
    found: dict[str, list[str]] = {}
    for day, value in spec.items():
        if day not in WEEKDAYS:
            raise MunicipalityError(f"{where}: opening_hours has no weekday {day!r}")
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise MunicipalityError(f"{where}: opening_hours.{day} must be a period or a list")
        for period in items:
            if not _period_ok(period):
                raise MunicipalityError(
                    f'{where}: opening_hours.{day} {period!r} is not a period like "09:00-16:00"'
                )
        found[day] = list(items)
    return found


def _period_ok(text: str) -> bool:
    match = _PERIOD.match(text)
    if not match:
        return False
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    if start_h > 23 or start_m > 59 or end_m > 59 or end_h > 24 or (end_h == 24 and end_m):
        return False
    return (start_h, start_m) < (end_h, end_m)
