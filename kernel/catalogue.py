"""The service catalogue: categories and services, loaded from data, never hard-coded."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kernel.errors import CodedError
from kernel.numbering import TICKET_LETTERS
from kernel.tasks import Task, task_view
from kernel.tasks import by_id as tasks_by_id

ROLES = ("staff", "tax", "reception", "manager")
FALLBACK_TASK = "ki-vejvisning"
DEFAULT_CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.json"


class UnknownService(CodedError):
    """No service with that id (code "unknown_service"); each app answers it as its own."""


@dataclass(frozen=True)
class Service:
    """One thing a citizen can come for."""

    id: str
    category: str
    prefix: str
    name: Mapping[str, str]
    service_minutes: float
    roles: frozenset[str]
    requires_appointment: bool = False
    hint: Mapping[str, str] = field(default_factory=dict)
    tasks: tuple[str, ...] = ()
    # Minutes within which a walk-in should be called (the reports' service level).
    target_wait_minutes: float = 15
    # Working days within which a booked service promises a free time.
    promise_working_days: int = 7

    @property
    def main_task(self) -> Task:
        """The task a visit covers when staff name none (a service listing none counts as
        way-finding, Københavner Information's task)."""
        return tasks_by_id()[self.tasks[0] if self.tasks else FALLBACK_TASK]

    def task_list(self) -> list[Task]:
        known = tasks_by_id()
        return [known[t] for t in self.tasks]

    def tasks_view(self, language: str) -> list[dict[str, object]]:
        """The tasks for the services API and the manager pages, main task first."""
        return [task_view(t, language) for t in self.task_list() or [self.main_task]]

    @property
    def po_only(self) -> bool:
        """Every task is one the centre solves only where the pension/elderly office (P/O)
        shares its address (the task list's po_colocated): offered only at such centres."""
        return bool(self.tasks) and all(t.po_colocated for t in self.task_list())

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name["da"]

    def hint_text(self, language: str) -> str:
        return self.hint.get(language) or self.hint.get("da", "")


@dataclass(frozen=True)
class Category:
    """A group of services as a citizen thinks of them (the kiosk's first screen)."""

    id: str
    name: Mapping[str, str]
    icon: str
    services: tuple[Service, ...]

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name["da"]


class Catalogue:
    """All categories and services of a centre, with lookups by id."""

    def __init__(self, categories: list[Category]) -> None:
        self.categories = categories
        self._services = {s.id: s for c in categories for s in c.services}
        prefixes = [s.prefix for c in categories for s in c.services]
        if len(prefixes) != len(set(prefixes)):
            raise ValueError("two services share a ticket letter")
        # Per role, what it serves: asked for every staffed counter at every wait estimate.
        self._by_role: dict[str, frozenset[str]] = {}

    @property
    def services(self) -> list[Service]:
        return [s for c in self.categories for s in c.services]

    def po_only(self) -> frozenset[str]:
        """Ids of the services offered only where the P/O office shares the address."""
        return frozenset(s.id for s in self.services if s.po_only)

    def at_centre(self, po_colocated: bool) -> Catalogue:
        """The catalogue as a centre offers it: without the P/O-only services unless the P/O
        office shares its address (a category left empty goes too)."""
        if po_colocated or not self.po_only():
            return self
        categories = []
        for category in self.categories:
            kept = tuple(s for s in category.services if not s.po_only)
            if kept:
                categories.append(Category(category.id, category.name, category.icon, kept))
        return Catalogue(categories)

    def service(self, service_id: object) -> Service:
        """The service, or UnknownService."""
        if not isinstance(service_id, str) or service_id not in self._services:
            raise UnknownService("unknown_service", service=str(service_id)[:64])
        return self._services[service_id]

    def services_for_role(self, role: str) -> frozenset[str]:
        """Ids of the services a staff role may serve (a manager serves what staff serve)."""
        found = self._by_role.get(role)
        if found is None:
            effective = {"manager": "staff"}.get(role, role)
            found = frozenset(
                s.id for s in self.services if effective in s.roles or role in s.roles
            )
            self._by_role[role] = found
        return found

    @classmethod
    def from_dict(cls, data: Mapping) -> Catalogue:
        categories = []
        for cat in data["categories"]:
            services = []
            for s in cat["services"]:
                prefix = s["prefix"]
                if prefix not in TICKET_LETTERS:
                    raise ValueError(f"service {s['id']}: letter {prefix!r} is easily confused")
                roles = frozenset(s["roles"])
                tasks = tuple(s.get("tasks", ()))
                unknown = [t for t in tasks if t not in tasks_by_id()]
                if unknown:
                    raise ValueError(f"service {s['id']}: unknown task ids {unknown}")
                if not roles or not roles <= set(ROLES):
                    raise ValueError(f"service {s['id']}: roles must be among {ROLES}")
                services.append(
                    Service(
                        id=s["id"],
                        category=cat["id"],
                        prefix=prefix,
                        name=s["name"],
                        service_minutes=float(s["service_minutes"]),
                        roles=roles,
                        requires_appointment=bool(s.get("requires_appointment", False)),
                        hint=s.get("hint", {}),
                        tasks=tasks,
                        target_wait_minutes=float(s.get("target_wait_minutes", 15)),
                        promise_working_days=int(s.get("promise_working_days", 7)),
                    )
                )
            categories.append(
                Category(cat["id"], cat["name"], cat.get("icon", ""), tuple(services))
            )
        return cls(categories)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Catalogue:
        with open(path or DEFAULT_CATALOGUE, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))
