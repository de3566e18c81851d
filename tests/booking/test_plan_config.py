"""Central's staffing plan takes each centre's service level and wait target from the config:
[plan] for every centre, a [[centres]] entry's `plan` for that one."""

from __future__ import annotations

import pytest

from booking.config import CentreSeed, ConfigError, from_dict, load
from booking.core import opening_hours
from kernel import visit_store
from kernel.db import write_transaction
from kernel.erlang import agents_needed
from tests.booking.conftest import make_app
from tests.booking.test_staff_plan import (
    HOURS,
    PASSPORT_TARGET,
    PASSPORTS_AN_HOUR,
    SERVICE_SECONDS,
    by_hour,
    login,
    sixteen_weeks_of_passports,
)

RAW = {
    "plan": {"service_level": 0.9},
    "centres": [
        {"id": "norrebro", "name": "Borgerservice Nørrebro", "plan": {"target_seconds": 120}},
        {"id": "osterbro", "name": "Østerbro"},
    ],
}


@pytest.fixture
def central(tmp_path, clock):
    parsed = from_dict(RAW, tmp_path)
    hours = opening_hours.parse(HOURS)
    centres = [CentreSeed(c.id, c.name, opening_hours=hours) for c in parsed.centres]
    app = make_app(
        tmp_path, clock, centres=centres, plan=parsed.plan, centre_plans=parsed.centre_plans
    )
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        visit_store.add_many(db, "norrebro", sixteen_weeks_of_passports())
        visit_store.add_many(db, "osterbro", sixteen_weeks_of_passports())
    return app


def test_each_centre_is_planned_at_its_configured_level_and_target(central, central_db, clock):
    manager = login(central, central_db, clock, "boss", "manager")
    norrebro = manager.get("/api/v1/plan?centre=norrebro").json
    osterbro = manager.get("/api/v1/plan?centre=osterbro").json
    # Nørrebro: [plan]'s 90 % within its own 2 minutes; Østerbro: 90 % within each service's.
    assert (norrebro["level"], norrebro["target_seconds"]) == (0.9, 120)
    assert (osterbro["level"], osterbro["target_seconds"]) == (0.9, None)
    strict = agents_needed(PASSPORTS_AN_HOUR, SERVICE_SECONDS, 120, 0.9)
    usual = agents_needed(PASSPORTS_AN_HOUR, SERVICE_SECONDS, PASSPORT_TARGET, 0.9)
    assert strict > usual
    assert by_hour(norrebro)["2026-11-30", 11]["walk_in_counters"] == strict
    assert by_hour(osterbro)["2026-11-30", 11]["walk_in_counters"] == usual
    page = manager.get("/staff/plan?centre=norrebro&week=2026-W49&lang=en").get_data(as_text=True)
    assert '<option value="0.9" selected>' in page and "called within 2 minutes" in page


def test_without_plan_central_plans_80_percent_within_each_services_target(tmp_path):
    config = from_dict({}, tmp_path)
    assert (config.plan.level, config.plan.seconds) == (0.8, None)
    assert load("booking/central.example.toml").plan_for("norrebro").level == 0.8


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"plan": {"service_level": 1.5}}, r"^\[plan\] service_level must be a share"),
        ({"plan": {"target_seconds": -5}}, r"^\[plan\] target_seconds must be whole seconds"),
        (
            {"centres": [{"id": "amager", "name": "Amager", "plan": {"service_level": 0.2}}]},
            r"^\[\[centres\]\] amager: plan service_level must be a share from 0.5 to 0.99",
        ),
    ],
)
def test_a_wrong_plan_is_a_config_error_that_names_the_place(tmp_path, raw, words):
    with pytest.raises(ConfigError, match=words):
        from_dict(raw, tmp_path)
