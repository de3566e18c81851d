"""P/O-only services: offered only where the pension/elderly office shares the centre's address.

A service is P/O-only when every one of its tasks is marked po_colocated in the task list
(borgerservice-tasks.csv: "solvable where the centre shares an address with the P/O office").
"""

from __future__ import annotations

import json

import pytest

from booking.config import CentreSeed
from centre.app import create_app
from centre.config import from_dict
from kernel.catalogue import DEFAULT_CATALOGUE, Catalogue
from kernel.clock import FixedClock
from kernel.db import write_transaction
from tests.booking.conftest import MONDAY_8, add_member, make_app
from tests.conftest import centre_raw, paired_client

# Two of the task list's P/O tasks (Folkepension, Helbredstillæg): a service of these alone.
PO_TASKS = ["suf-folkepension", "suf-helbredstillaeg"]
PO_SERVICE = {
    "id": "pension_po",
    "prefix": "E",
    "name": {"da": "Folkepension (P/O)", "en": "State pension (P/O)"},
    "service_minutes": 10,
    "roles": ["staff"],
    "tasks": PO_TASKS,
}


@pytest.fixture
def po_catalogue(tmp_path):
    """The shipped catalogue plus one service made only of P/O tasks."""
    data = json.loads(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    data["categories"][0]["services"].append(PO_SERVICE)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_shipped_catalogue_has_no_service_made_only_of_po_tasks():
    # Every P/O task shares its service with tasks any centre solves (pension, elderly_help,
    # housing): so every centre offers every shipped service.
    catalogue = Catalogue.load()
    assert catalogue.po_only() == frozenset()
    mixed = {s.id for s in catalogue.services if any(t.po_colocated for t in s.task_list())}
    assert mixed == {"housing", "pension", "elderly_help"}
    assert catalogue.at_centre(False) is catalogue


def test_a_service_of_po_tasks_only_is_po_only(po_catalogue):
    catalogue = Catalogue.load(po_catalogue)
    assert catalogue.po_only() == {"pension_po"}
    assert "pension_po" not in {s.id for s in catalogue.at_centre(False).services}
    assert "pension_po" in {s.id for s in catalogue.at_centre(True).services}


def centre_app(tmp_path, po_catalogue, clock, po_colocated: bool):
    raw = centre_raw()
    raw["centre"] = {**raw["centre"], "catalogue": str(po_catalogue)}
    raw["centre"]["po_colocated"] = po_colocated
    config = from_dict(raw, tmp_path, tmp_path / f"var-{po_colocated}")
    return create_app(config, clock=clock, testing=True)


def test_a_centre_without_the_po_office_neither_lists_nor_issues_po_only_services(
    tmp_path, po_catalogue, clock
):
    app = centre_app(tmp_path, po_catalogue, clock, po_colocated=False)
    kiosk = paired_client(app)
    listed = [s["id"] for s in kiosk.get("/api/v1/services").json["services"]]
    assert "pension_po" not in listed and "pension" in listed
    assert "Folkepension (P/O)" not in kiosk.get("/kiosk").get_data(as_text=True)
    refused = kiosk.post("/api/v1/tickets", json={"service": "pension_po", "language": "da"})
    assert (refused.status_code, refused.json["error"]["code"]) == (404, "unknown_service")
    app.extensions["enindgang"]["printer"].spooler.wait_idle(5)


def test_a_centre_sharing_the_po_office_address_offers_po_only_services(
    tmp_path, po_catalogue, clock
):
    app = centre_app(tmp_path, po_catalogue, clock, po_colocated=True)
    kiosk = paired_client(app)
    listed = [s["id"] for s in kiosk.get("/api/v1/services").json["services"]]
    assert "pension_po" in listed
    issued = kiosk.post("/api/v1/tickets", json={"service": "pension_po", "language": "da"})
    assert issued.status_code == 201 and issued.json["number"].startswith("E")
    app.extensions["enindgang"]["printer"].spooler.wait_idle(5)


def test_central_offers_po_only_services_only_at_centres_sharing_the_po_office(
    tmp_path, po_catalogue
):
    centres = [
        CentreSeed("norrebro", "Borgerservice Nørrebro", po_colocated=True),
        CentreSeed("osterbro", "Borgerservice Østerbro", po_colocated=False),
    ]
    app = make_app(tmp_path, FixedClock(MONDAY_8), centres=centres, catalogue_path=po_catalogue)
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        # Both centres have someone who may take the service.
        add_member(db, "pia", "Pia Pension", "norrebro", "staff", ["pension_po"])
        add_member(db, "otto", "Otto Pension", "osterbro", "staff", ["pension_po"])
    api = app.test_client()
    offered = {c["id"]: c["services"] for c in api.get("/api/v1/centres").json["centres"]}
    assert "pension_po" in offered["norrebro"] and "pension_po" not in offered["osterbro"]
    services = {s["id"]: s for s in api.get("/api/v1/services").json["services"]}
    assert services["pension_po"]["centres"] == ["norrebro"]
    query = "/api/v1/availability?service=pension_po&from=2026-11-24&to=2026-11-24"
    assert api.get(query + "&centre=osterbro").json["slots"] == []
    slots = api.get(query + "&centre=norrebro").json["slots"]
    assert slots and {s["centre"] for s in slots} == {"norrebro"}
    everywhere = api.get(query).json["slots"]
    assert {s["centre"] for s in everywhere} == {"norrebro"}
    # The booking site offers it at Nørrebro only.
    page = api.get("/book/pension_po?lang=en").get_data(as_text=True)
    assert "Nørrebro" in page and "Østerbro" not in page
