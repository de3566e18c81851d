"""Walk-in and appointment days: on a service's appointment-only day the kiosk offers the
booking QR code and the next free time instead of a number; reception still gives one."""

from __future__ import annotations

import pytest

from centre.config import from_dict
from kernel import municipality, walk_in
from kernel.config import ConfigError
from kernel.municipality import MunicipalityError
from tests import central_loopback
from tests.central_loopback import norrebro_config
from tests.conftest import centre_raw, paired_client

central = central_loopback.central
# The centre's clock is Tuesday 24 November 2026, 10:00 (tests/conftest.py): health cards only
# with a booked time on Tuesdays, moving as a walk-in; Wednesday appointments only.
POLICY = {"monday": "all", "tuesday": ["moving", "tax_questions"], "wednesday": "none"}


@pytest.fixture
def config(tmp_path, central):
    base = norrebro_config(tmp_path, central.url)
    raw = centre_raw(
        centre={"id": "norrebro", "name": "Borgerservice Nørrebro"},
        central={"url": central.url, "key": central_loopback.KEY, "interval_seconds": 3600},
        walk_in=POLICY,
    )
    assert base.central is not None
    return from_dict(raw, tmp_path, tmp_path / "var")


def test_the_policy_reads_all_none_and_lists_per_weekday():
    policy = walk_in.parse(POLICY, "[walk_in]")
    assert policy.takes_walk_ins(0, "health_card")  # Monday: all
    assert policy.takes_walk_ins(1, "moving") and not policy.takes_walk_ins(1, "health_card")
    assert not policy.takes_walk_ins(2, "moving")  # Wednesday: none
    assert policy.takes_walk_ins(3, "health_card")  # Thursday not listed: walk-in
    with pytest.raises(ValueError, match="walk_in has no weekday 'tirsdag'"):
        walk_in.parse({"tirsdag": "none"}, "[walk_in]")
    with pytest.raises(ValueError, match='walk_in.friday must be "all", "none" or a list'):
        walk_in.parse({"friday": "some"}, "[walk_in]")


def test_a_centre_config_naming_an_unknown_service_in_walk_in_is_refused(tmp_path):
    raw = centre_raw(walk_in={"tuesday": ["no_such_service"]})
    with pytest.raises(ConfigError, match=r"\[walk_in\] names an unknown service 'no_such_se"):
        from_dict(raw, tmp_path)


def test_the_municipality_file_may_give_a_centre_its_walk_in_days(tmp_path):
    text = municipality.COPENHAGEN.read_text(encoding="utf-8").replace(
        'id = "valby"', 'id = "valby"\nwalk_in = { tuesday = "none" }', 1
    )
    path = tmp_path / "kbh.toml"
    path.write_text(text, encoding="utf-8")
    valby = municipality.load(path).centre("valby")
    assert not valby.walk_in.takes_walk_ins(1, "moving")
    path.write_text(text.replace('tuesday = "none"', 'tuesday = "nobody"'), encoding="utf-8")
    with pytest.raises(MunicipalityError, match=r"valby: walk_in.tuesday must be"):
        municipality.load(path)


def test_on_an_appointment_only_day_the_kiosk_gives_no_number_but_reception_does(app, login):
    kiosk = paired_client(app)
    services = {s["id"]: s for s in kiosk.get("/api/v1/services").json["services"]}
    assert services["health_card"]["walk_in_today"] is False
    assert services["health_card"]["available"] is False
    assert services["health_card"]["reason"] == "appointments_only_today"
    assert services["moving"]["walk_in_today"] is True and services["moving"]["available"]
    refused = kiosk.post("/api/v1/tickets", json={"service": "health_card", "language": "en"})
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "appointment_required")
    taken = kiosk.post("/api/v1/tickets", json={"service": "moving", "language": "en"})
    assert taken.status_code == 201
    given = login("reception1").post("/api/v1/reception/tickets", json={"service": "health_card"})
    assert given.status_code == 201, given.json
    app.extensions["enindgang"]["printer"].spooler.wait_idle(5)


def test_the_kiosk_page_sends_the_service_to_booking_with_its_qr_code_today(app):
    kiosk = paired_client(app)
    page = kiosk.get("/kiosk?lang=en").get_data(as_text=True)
    tile = page[page.index('data-service="health_card"') - 300 :]
    assert 'data-requires-appointment="true"' in tile[: tile.index("</button>")]
    screen = page[page.index('id="screen-appointment-health_card"') :]
    screen = screen[: screen.index("</section>")]
    assert "Today only with a booked time. The reception can still give you a number." in screen
    assert 'data-next-free="health_card"' in screen
    assert kiosk.get("/kiosk/book/health_card/qr.svg").status_code == 200
    # Moving takes walk-ins today: its tile gives a number.
    assert 'id="screen-appointment-moving"' not in page


def test_the_kiosk_tells_the_next_free_time_from_central(app):
    kiosk = paired_client(app)
    answer = kiosk.get("/kiosk/book/health_card/next?lang=en").json
    assert answer["start"] == "2026-11-24T09:00:00+01:00"
    assert answer["text"] == "Next free time: Tuesday 24 November at 09:00"
    danish = kiosk.get("/kiosk/book/health_card/next?lang=da").json["text"]
    assert danish == "Næste ledige tid: tirsdag 24. november kl. 09.00"
    assert kiosk.get("/kiosk/book/no_such/next").status_code == 404
    assert app.test_client().get("/kiosk/book/health_card/next").status_code in (401, 403)


def test_without_central_the_next_free_time_is_left_out(tmp_path, clock):
    from centre.app import create_app

    raw = centre_raw(walk_in=POLICY)
    app = create_app(from_dict(raw, tmp_path, tmp_path / "alone"), clock=clock, testing=True)
    kiosk = paired_client(app)
    assert kiosk.get("/kiosk/book/health_card/next").json == {"start": None, "text": None}


def test_the_kiosk_page_and_the_centre_api_name_the_day_the_walk_in_days_are_for(app):
    kiosk = paired_client(app)
    assert kiosk.get("/api/v1/centre").json["today"] == "2026-11-24"
    page = kiosk.get("/kiosk").get_data(as_text=True)
    assert '"today": "2026-11-24"' in page
