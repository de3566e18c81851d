"""The centres' street and opening hours: from the config to the citizen's page, API and .ics."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from booking.config import BookingConfig, CentreSeed, ConfigError, from_dict, load
from booking.core import opening_hours
from booking.domain import setup
from kernel import municipality
from kernel.catalogue import Catalogue
from tests.booking.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
HOURS = opening_hours.parse(
    {
        "monday": "10:00-16:00",
        "tuesday": "10:00-16:00",
        "wednesday": "10:00-16:00",
        "thursday": ["10:00-12:00", "13:00-17:30"],
        "friday": "10:00-14:00",
    }
)
CENTRES = [
    CentreSeed("norrebro", "Borgerservice Nørrebro", "2200 København N", "Testgade 5", HOURS),
    CentreSeed("osterbro", "Borgerservice Østerbro", "2100 København Ø", "Prøvevej 9", HOURS),
]
WEDNESDAY_9 = "2026-11-25T09:00:00+01:00"


@pytest.fixture
def app(tmp_path, clock):
    return make_app(tmp_path, clock, centres=CENTRES)


def book(http, language: str = "da") -> dict:
    body = {
        "service": "passport",
        "centre": "osterbro",
        "start": WEDNESDAY_9,
        "name": "Ida Ærø",
        "email": "ida@example.dk",
        "language": language,
    }
    response = http.post("/api/v1/bookings", json=body)
    assert response.status_code == 201, response.json
    return response.json


def test_a_centres_street_and_opening_hours_are_read_from_the_config(tmp_path):
    raw = {
        "centres": [
            {
                "id": "valby",
                "name": "Borgerservice Valby",
                "street": "Testgade 5",
                "address": "2500 Valby",
                "opening_hours": {
                    "monday": "09:00-16:00",
                    "thursday": ["09:00-12:00", "13:00-18:00"],
                },
            }
        ]
    }
    [centre] = from_dict(raw, tmp_path).centres
    assert (centre.street, centre.address) == ("Testgade 5", "2500 Valby")
    assert centre.opening_hours == (
        (0, "09:00", "16:00"),
        (3, "09:00", "12:00"),
        (3, "13:00", "18:00"),
    )


@pytest.mark.parametrize(
    "hours",
    [{"mondag": "09:00-16:00"}, {"monday": "16:00-09:00"}, {"monday": "9-16"}, "09:00-16:00"],
)
def test_opening_hours_the_service_cannot_read_refuse_the_config(tmp_path, hours):
    raw = {"centres": [{"id": "valby", "name": "Valby", "opening_hours": hours}]}
    with pytest.raises(ConfigError, match="valby"):
        from_dict(raw, tmp_path)


def test_the_example_config_gives_every_centre_an_address_and_opening_hours():
    config = load(ROOT / "booking" / "central.example.toml")
    assert config.centres
    assert all(c.address and c.opening_hours for c in config.centres)
    # A street no source confirmed is left empty, never guessed, and the file says so.
    unknown = {c.id for c in municipality.load().centres if "street" in c.unverified}
    assert all(c.street or c.id in unknown for c in config.centres)


def test_a_changed_street_and_opening_hours_follow_the_config_on_the_next_start(app):
    db = app.extensions["enindgang"]["pool"].get()
    moved = BookingConfig(
        data_dir=Path("unused"),
        centres=[CentreSeed("osterbro", "Another name", "2100 København Ø", "Nygade 1", HOURS[:1])],
    )
    setup.seed(db, moved, Catalogue.load(None))
    centre = setup.find_centre(db, "osterbro")
    assert (centre["name"], centre["street"]) == ("Borgerservice Østerbro", "Nygade 1")
    assert opening_hours.loads(centre["opening_hours"]) == HOURS[:1]


def test_the_centres_api_gives_street_and_opening_hours(app):
    [norrebro, _] = app.test_client().get("/api/v1/centres").json["centres"]
    assert norrebro["street"] == "Testgade 5" and norrebro["address"] == "2200 København N"
    assert norrebro["opening_hours"]["thursday"] == ["10:00-12:00", "13:00-17:30"]
    assert "saturday" not in norrebro["opening_hours"]


def test_the_confirmation_page_shows_the_street_and_the_opening_hours(app):
    http = app.test_client()
    answer = book(http, "en")
    page = http.get(answer["manage_url"].replace("http://localhost", "") + "&lang=en")
    html = page.get_data(as_text=True)
    assert "Prøvevej 9, 2100 København Ø" in html
    assert "Opening hours at Borgerservice Østerbro" in html
    assert "Monday–Wednesday: 10:00–16:00" in html
    assert "Thursday: 10:00–12:00, 13:00–17:30" in html
    assert "Friday: 10:00–14:00" in html


def test_danish_opening_hours_read_as_danish_days_and_times(app):
    http = app.test_client()
    answer = book(http)
    html = http.get(answer["manage_url"].replace("http://localhost", "") + "&lang=da").get_data(
        as_text=True
    )
    assert "Åbningstider i Borgerservice Østerbro" in html
    assert "Mandag–onsdag: kl. 10" in html  # "kl. 10.00–16.00" once times read the Danish way


def test_the_calendar_file_gives_the_street_and_the_opening_hours(app):
    http = app.test_client()
    answer = book(http, "en")
    ics = http.get(answer["ics_url"].replace("http://localhost", "") + "&lang=en")
    assert ics.status_code == 200
    [event] = Calendar.from_ical(ics.data).walk("VEVENT")
    assert str(event["LOCATION"]) == "Borgerservice Østerbro, Prøvevej 9, 2100 København Ø"
    description = str(event["DESCRIPTION"])
    assert f"Booking code: {answer['code']}" in description
    assert "Opening hours: Monday–Wednesday: 10:00–16:00; Thursday: 10:00–12:00, 13:00–17:30" in (
        description
    )


def test_choosing_a_centre_shows_each_centres_street(app):
    html = app.test_client().get("/book/passport?lang=en").get_data(as_text=True)
    assert "Testgade 5, 2200 København N" in html
    assert "Prøvevej 9, 2100 København Ø" in html
