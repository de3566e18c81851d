"""Polish for a citizen at the centre: times and days as Polish writes them, the display's call
in a Polish voice, the kiosk's services and answers, and the status page in Polish."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_babel import Babel

from display import speech_settings
from kernel.i18n import init_babel, local_day, local_time
from kernel.languages import direction, own_name

CPH_MORNING = datetime(2026, 11, 24, 7, 15, tzinfo=UTC)  # 08:15 on Tuesday in Copenhagen
MOMENT = datetime(2026, 11, 25, 14, 50, tzinfo=UTC)  # Wednesday 15:50 in Copenhagen


@pytest.fixture
def babel_app():
    app = Flask(__name__)
    app.secret_key = "test"
    init_babel(app, Babel(), "Europe/Copenhagen")
    return app


def in_polish(app, format_it):
    with app.test_request_context("/?lang=pl"):
        return format_it()


def test_polish_is_polski_and_left_to_right():
    assert own_name("pl") == "Polski" and direction("pl") == "ltr"


def test_a_polish_reader_sees_the_time_with_a_colon_and_the_month_in_the_genitive(babel_app):
    assert in_polish(babel_app, lambda: local_time(MOMENT)) == "15:50"
    assert in_polish(babel_app, lambda: local_day(MOMENT)) == "środa, 25 listopada"
    assert in_polish(babel_app, lambda: local_day(MOMENT, year=True)) == "środa, 25 listopada 2026"


def test_the_display_calls_a_polish_ticket_in_a_polish_voice(app):
    with app.test_request_context("/display"):
        settings = speech_settings("da")
    assert settings["languages"]["pl"] == {
        "lang": "pl-PL",
        "template": "Numer {number}, stanowisko {counter}",
    }
    assert settings["lang"] == "da-DK"  # the room's own language stays Danish


def test_the_polish_kiosk_names_its_services_and_takes_numbers_in_polish(kiosk):
    page = kiosk.get("/kiosk?lang=pl").get_data(as_text=True)
    assert '<html lang="pl" dir="ltr">' in page
    assert "Proszę pobrać numer" in page  # "Take a number"
    assert "Paszport i prawo jazdy" in page and "Pas og kørekort" not in page
    refused = kiosk.post(
        "/api/v1/tickets", json={"service": "no-such", "language": "pl", "nonce": "n1"}
    )
    assert refused.json["error"]["message"] == "Nie znamy tej usługi."


def test_a_closed_centre_tells_a_polish_citizen_when_it_opens(kiosk, clock):
    clock.set(CPH_MORNING)
    answer = kiosk.post(
        "/api/v1/tickets", json={"service": "moving", "language": "pl", "nonce": "n2"}
    )
    assert answer.status_code == 409
    assert answer.json["error"]["message"] == (
        "Centrum jest zamknięte. Otwarcie: wtorek, 24 listopada, godz. 10:00."
    )


def test_the_status_page_of_a_polish_ticket_counts_people_in_the_polish_forms(kiosk):
    for nonce in ("a", "b", "c"):
        kiosk.post("/api/v1/tickets", json={"service": "moving", "nonce": nonce})
    issued = kiosk.post(
        "/api/v1/tickets", json={"service": "moving", "language": "pl", "nonce": "pl"}
    )
    assert issued.status_code == 201, issued.json
    page = kiosk.get(issued.json["status_url"].replace("http://localhost", "")).get_data(
        as_text=True
    )
    assert "Przed Panem/Panią czekają 3 osoby" in page  # few: 2-4
    # The script's forms for live numbers: one, few and many, as Intl.PluralRules("pl") names.
    assert "Przed Panem/Panią czeka {n} osoba" in page
    assert "Przed Panem/Panią czeka {n} osób" in page
    assert "Proszę nie zamykać tej strony" in page  # "Keep this page open"
