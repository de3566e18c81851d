"""The municipality's task list: 138 tasks, each with its administration and depth level."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TASKS_CSV = Path(__file__).resolve().parent / "data" / "borgerservice-tasks.csv"

# The seven administrations, the state and Københavner Information, in the proposal's order.
ADMINISTRATIONS: dict[str, dict[str, str]] = {
    "BTF": {"da": "Bygge- og Teknikforvaltningen", "en": "Building and Technical Administration"},
    "FAF": {
        "da": "Familie- og Arbejdsmarkedsforvaltningen",
        "en": "Family and Labour Market Administration",
    },
    "KFF": {"da": "Kultur- og Fritidsforvaltningen", "en": "Culture and Leisure Administration"},
    "KSR": {"da": "Københavns Skatter og Registre", "en": "Copenhagen Taxes and Registers"},
    "MFF": {
        "da": "Miljø- og Forsyningsforvaltningen",
        "en": "Environment and Utilities Administration",
    },
    "SUF": {"da": "Sundhedsforvaltningen", "en": "Health Administration"},
    "UUF": {
        "da": "Uddannelses- og Ungdomsforvaltningen",
        "en": "Education and Youth Administration",
    },
    "Stat": {"da": "Staten", "en": "The state"},
    "KI": {"da": "Københavner Information", "en": "Copenhagen Information"},
}

# Depth levels from the proposal.
LEVELS: dict[int, dict[str, str]] = {
    1: {"da": "1 Information og vejledning", "en": "1 Information and guidance"},
    2: {"da": "2 Regelstyret afgørelse", "en": "2 Rule-based decision"},
    3: {"da": "3 Information og overdragelse", "en": "3 Information and hand-over"},
}


@dataclass(frozen=True)
class Task:
    """One task a citizen may come about."""

    id: str
    name: str
    administration: str
    level: int
    po_colocated: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "administration": self.administration,
            "level": self.level,
        }


def task_view(task: Task, language: str) -> dict[str, object]:
    """A task as the services API and the manager pages show it, labels in `language`."""
    return {
        **task.as_json(),
        "administration_label": administration_label(task.administration, language),
        "level_label": level_label(task.level, language),
    }


def administration_label(code: str, language: str) -> str:
    names = ADMINISTRATIONS.get(code)
    return (names.get(language) or names["da"]) if names else code


def level_label(level: int, language: str) -> str:
    names = LEVELS.get(level)
    return (names.get(language) or names["da"]) if names else str(level)


def slug(text: str) -> str:
    """A readable ASCII id part: "Folkeregister (udskrifter)" -> "folkeregister-udskrifter"."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def level_of(row: Mapping[str, str]) -> int:
    """3 when the case work stays in the administration, else 2 when the centre decides it
    by rules, else 1 (information and guidance)."""
    if row["stays_in_department"] == "yes":
        return 3
    if row["rule_based"] == "yes":
        return 2
    return 1


def task_id(row: Mapping[str, str]) -> str:
    # The administration is part of the id: two administrations own a "Beboerindskudslån".
    return f"{slug(row['department'].split('/')[0])}-{slug(row['task'])}"


def administration_of(row: Mapping[str, str]) -> str:
    # The one task owned by two (KFF/KSR postal votes) is counted under the first.
    return row["department"].split("/")[0].strip()


@cache
def load(path: Path = TASKS_CSV) -> tuple[Task, ...]:
    """Every task in the list, in its order."""
    with open(path, encoding="utf-8") as fh:
        found = tuple(
            Task(
                id=task_id(r),
                name=r["task"].strip(),
                administration=administration_of(r),
                level=level_of(r),
                po_colocated=r["po_colocated"] == "yes",
            )
            for r in csv.DictReader(fh)
        )
    ids = [t.id for t in found]
    if len(ids) != len(set(ids)):
        raise ValueError("two tasks share an id")
    return found


@cache
def by_id() -> dict[str, Task]:
    return {t.id: t for t in load()}
