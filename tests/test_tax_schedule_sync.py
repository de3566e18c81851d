"""Central is the one source of when tax secondees come: the centre's sync pulls its own
centre's schedule, and the kiosk's tax-secondee rule follows it."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from booking.domain.sync import issue_key
from booking.store import setup as setup_store
from centre.app import create_app
from kernel.db import write_transaction
from tests import central_loopback
from tests.conftest import CPH, TUESDAY_10, paired_client

# This module's centre talks to a real central on loopback (fixtures shared with others).
agent, central, config = central_loopback.agent, central_loopback.central, central_loopback.config

TUESDAY_13 = datetime(2026, 11, 24, 13, 0, tzinfo=CPH)
WEEKDAYS = range(5)


def secondee_until_noon(central) -> None:
    """Central's one secondee at Nørrebro (Tina) works 09:00-12:00 on weekdays."""
    central.clock.set(TUESDAY_10)
    with write_transaction(central.db):
        setup_store.set_hours(central.db, "tina", "work", [(d, "09:00", "12:00") for d in WEEKDAYS])
        setup_store.set_hours(central.db, "tina", "break", [])


def issue(kiosk, service="tax_decision", language="da"):
    return kiosk.post("/api/v1/tickets", json={"service": service, "language": language})


def test_after_sync_the_kiosk_gives_a_tax_decision_number_only_while_the_schedule_lasts(
    central, agent, kiosk, clock
):
    secondee_until_noon(central)
    assert agent.run_once() is True
    # 10:00: nobody logged in, but the secondee is scheduled until 12:00.
    assert issue(kiosk).status_code == 201
    clock.set(TUESDAY_13)
    refused = issue(kiosk)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "no_tax_secondee"
    assert "Skattestyrelsen" in refused.json["error"]["message"]
    listed = {s["id"]: s for s in kiosk.get("/api/v1/services").json["services"]}
    assert listed["tax_decision"]["reason"] == "no_tax_secondee"
    # Tax questions are answered by centre staff too.
    assert issue(kiosk, "tax_questions").status_code == 201


def test_a_secondee_logging_in_after_the_schedule_ended_opens_tax_decisions_again(
    central, agent, kiosk, clock, login
):
    secondee_until_noon(central)
    assert agent.run_once() is True
    clock.set(TUESDAY_13)
    assert issue(kiosk).status_code == 409
    login("tax1", counter="6")
    assert issue(kiosk).status_code == 201


def test_before_the_first_sync_the_kiosk_never_refuses(central, kiosk, clock):
    secondee_until_noon(central)
    clock.set(TUESDAY_13)
    assert issue(kiosk).status_code == 201


def test_a_schedule_not_renewed_for_a_day_is_no_longer_believed(central, agent, kiosk, clock):
    secondee_until_noon(central)
    assert agent.run_once() is True
    clock.set(TUESDAY_13 + timedelta(days=1))  # Wednesday 13:00: covered, but 27 hours old
    central.stop()  # central is away: the schedule cannot be renewed
    assert agent.run_once() is False
    assert issue(kiosk).status_code == 201


def test_a_change_at_central_reaches_the_kiosk_with_a_later_sync(central, agent, kiosk, clock):
    secondee_until_noon(central)
    assert agent.run_once() is True
    clock.set(TUESDAY_13)
    assert issue(kiosk).status_code == 409
    # Tina will work until 16:00 today after all; the next schedule pull knows.
    with write_transaction(central.db):
        setup_store.set_hours(central.db, "tina", "work", [(d, "09:00", "16:00") for d in WEEKDAYS])
    clock.advance(minutes=5)
    assert agent.run_once() is True
    assert issue(kiosk).status_code == 201


def test_centrals_schedule_wins_over_the_configs_rota_once_synced(tmp_path, central, config, clock):
    # The config says a secondee comes until 17:00; central knows it is only until 12:00.
    rota = {"tuesday": "09:00-17:00", "wednesday": "09:00-17:00"}
    app = create_app(dataclasses.replace(config, tax_scheduled=rota), clock=clock, testing=True)
    kiosk = paired_client(app)
    sync = app.extensions["enindgang"]["sync"]
    secondee_until_noon(central)
    clock.set(TUESDAY_13)
    assert issue(kiosk).status_code == 201  # not synced yet: the config decides
    assert sync.run_once() is True
    assert issue(kiosk).json["error"]["code"] == "no_tax_secondee"


def test_central_answers_a_centre_only_its_own_schedule_with_times_and_no_names(central):
    secondee_until_noon(central)
    norrebro = {"Authorization": f"Bearer {central_loopback.KEY}"}
    osterbro_key = issue_key(central.db, "osterbro", central.clock.now())
    osterbro = {"Authorization": f"Bearer {osterbro_key}"}
    answer = central.api.get("/api/v1/sync/tax-schedule", headers=norrebro)
    assert answer.status_code == 200
    days = answer.json["days"]
    assert [d["day"] for d in days] == [f"2026-11-{n}" for n in range(24, 31)]
    assert days[0]["periods"] == [
        {
            "from": "2026-11-24T08:00:00.000000+00:00",
            "to": "2026-11-24T11:00:00.000000+00:00",
            "secondees": 1,
        }
    ]
    assert days[4]["periods"] == []  # Saturday
    assert "tina" not in answer.text.lower() and "Tina" not in answer.text
    # Østerbro's key opens Østerbro's schedule (nobody there), never Nørrebro's.
    refused = central.api.get("/api/v1/sync/tax-schedule?centre=norrebro", headers=osterbro)
    assert refused.status_code == 403
    own = central.api.get("/api/v1/sync/tax-schedule", headers=osterbro).json
    assert own["centre"] == "osterbro"
    assert all(d["periods"] == [] for d in own["days"])
    assert central.api.get("/api/v1/sync/tax-schedule").status_code == 401


def test_a_central_without_the_schedule_does_not_stop_the_sync(central, agent, kiosk, clock):
    from centre.sync.client import CentralRefused

    def older_central():
        raise CentralRefused(404, {"error": {"code": "not_found", "message": "Not found"}})

    agent.client.tax_schedule = older_central
    secondee_until_noon(central)
    assert agent.run_once() is True  # bookings and events still go through
    clock.set(TUESDAY_13)
    assert issue(kiosk).status_code == 201  # no schedule known: never refused
