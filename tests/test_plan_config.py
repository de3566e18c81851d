"""The staffing plan's service level and wait target come from the centre's [plan] config:
a stricter target needs more counters on the plan API and page, and a wrong one is refused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from centre.config import ConfigError, from_dict
from kernel.erlang import agents_needed
from tests import test_centre_plan
from tests.conftest import centre_raw
from tests.test_centre_plan import BUSY_TEN, PASSPORT_TARGET, SERVICE_SECONDS, by_hour

# The same history and manager as the plan's own tests, with this module's config.
manager = test_centre_plan.manager
STRICT = {"service_level": 0.95, "target_seconds": 120}


@pytest.fixture
def config(tmp_path):
    return from_dict(centre_raw(plan=STRICT), tmp_path, tmp_path / "var")


def test_a_stricter_configured_target_needs_more_counters_in_the_plan(manager):
    body = manager.get("/api/v1/plan").json
    assert (body["level"], body["target_seconds"]) == (0.95, 120)
    strict = agents_needed(BUSY_TEN, SERVICE_SECONDS, 120, 0.95)
    default = agents_needed(BUSY_TEN, SERVICE_SECONDS, PASSPORT_TARGET, 0.8)
    assert strict > default
    assert by_hour(body)["2026-11-30", 10]["walk_in_counters"] == strict
    # ?level= still chooses another level for one look; the configured wait target stays.
    asked = manager.get("/api/v1/plan?level=0.8").json
    assert by_hour(asked)["2026-11-30", 10]["walk_in_counters"] == agents_needed(
        BUSY_TEN, SERVICE_SECONDS, 120, 0.8
    )


def test_the_plan_page_opens_at_the_configured_level_and_says_the_target(manager):
    text = manager.get("/manager/plan?week=2026-W49&lang=en").get_data(as_text=True)
    strict = agents_needed(BUSY_TEN, SERVICE_SECONDS, 120, 0.95)
    assert f"{strict} / 6 <strong>short {strict - 6}</strong>" in text
    assert '<option value="0.95" selected>' in text
    assert "called within 2 minutes" in text
    danish = manager.get("/manager/plan?week=2026-W49&lang=da").get_data(as_text=True)
    assert "kaldt inden for 2 minutter" in danish


def test_without_plan_the_default_is_80_percent_within_each_services_target(tmp_path):
    plain = from_dict(centre_raw(), tmp_path, tmp_path / "var")
    assert (plain.plan.level, plain.plan.seconds) == (0.8, None)


@pytest.mark.parametrize(
    ("plan", "words"),
    [
        ({"service_level": 80}, "service_level must be a share from 0.5 to 0.99"),
        ({"service_level": "0.8"}, "service_level must be a share"),
        ({"service_level": True}, "service_level must be a share"),
        ({"target_seconds": 0}, "target_seconds must be whole seconds from 1 to 3600"),
        ({"target_seconds": 1.5}, "target_seconds must be whole seconds"),
        ({"level": 0.9}, "knows service_level and target_seconds, not 'level'"),
        (0.8, "must be a table"),
    ],
)
def test_a_wrong_plan_is_a_config_error_that_says_what_is_wrong(tmp_path, plan, words):
    with pytest.raises(ConfigError, match=r"^\[plan\] .*" + words.replace("(", r"\(")):
        from_dict(centre_raw(plan=plan), tmp_path, tmp_path / "var")


def test_the_example_configs_plan_is_valid_once_uncommented(tmp_path):
    text = Path("centre.example.toml").read_text(encoding="utf-8")
    text = text.replace("# [plan]\n# service_level", "[plan]\nservice_level")
    text = text.replace("# target_seconds", "target_seconds")
    config = from_dict(tomllib.loads(text), tmp_path, tmp_path / "var")
    assert config.plan.level == 0.9 and config.plan.seconds == 600
