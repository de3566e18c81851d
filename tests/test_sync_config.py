"""The [central] section of a centre's config: defaults and refusals."""

from __future__ import annotations

import pytest

from centre.app import create_app
from centre.config import from_dict
from kernel.config import ConfigError
from tests.conftest import centre_raw


def config_with(tmp_path, **central):
    return from_dict(centre_raw(central=central), tmp_path, tmp_path / "var")


def test_central_defaults_are_three_seconds_and_a_30_to_10_minute_window(tmp_path):
    central = config_with(tmp_path, url="http://central.example:5100/", key="k").central
    assert central.url == "http://central.example:5100"
    assert (central.interval_seconds, central.checkin_before_minutes) == (3.0, 30)
    assert (central.checkin_after_minutes, central.appointment_lead_minutes) == (10, 5)
    assert central.page_size == 500


def test_without_central_the_centre_runs_alone(tmp_path, clock):
    config = from_dict(centre_raw(), tmp_path, tmp_path / "var")
    assert config.central is None
    app = create_app(config, clock=clock, testing=True)
    assert app.extensions["enindgang"]["sync"] is None
    assert app.test_client().get("/api/v1/centre").json["central"] == {
        "reachable": False,
        "since": None,
    }


@pytest.mark.parametrize(
    "central",
    [
        {"key": "k"},
        {"url": "ftp://x", "key": "k"},
        {"url": "http://x"},
        {"url": "http://x", "key": "k", "interval_seconds": "soon"},
        {"url": "http://x", "key": "k", "interval_seconds": 0},
        {"url": "http://x", "key": "k", "page_size": 0},
        {"url": "http://x", "key": "k", "page_size": 1001},
    ],
)
def test_a_wrong_central_section_is_refused(tmp_path, central):
    with pytest.raises(ConfigError):
        config_with(tmp_path, **central)


def test_an_appointment_letter_a_service_uses_is_refused(tmp_path, clock):
    config = config_with(tmp_path, url="http://x", key="k", appointment_letter="P")
    with pytest.raises(ConfigError):
        create_app(config, clock=clock, testing=True)
