"""The tax-secondee rule at a centre: no tax-decision number from the kiosk while no secondee
is logged in or still scheduled today; a tax-questions number and reception still work."""

from __future__ import annotations

from datetime import datetime

import pytest

from centre.config import ConfigError, from_dict
from tests.conftest import CPH, centre_raw

# Tax secondees on the rota Tuesday morning and all Thursday; nobody on Wednesday.
SCHEDULE = {"tuesday": "09:00-12:00", "thursday": "10:00-17:00"}
TUESDAY_13 = datetime(2026, 11, 24, 13, 0, tzinfo=CPH)
WEDNESDAY_10 = datetime(2026, 11, 25, 10, 0, tzinfo=CPH)


@pytest.fixture
def config(tmp_path):
    return from_dict(centre_raw(tax={"scheduled": SCHEDULE}), tmp_path, tmp_path / "var")


def issue(kiosk, service="tax_decision", language="da"):
    return kiosk.post("/api/v1/tickets", json={"service": service, "language": language})


def services(kiosk) -> dict:
    return {s["id"]: s for s in kiosk.get("/api/v1/services").json["services"]}


def test_a_secondee_still_scheduled_today_means_a_tax_decision_number(kiosk):
    # Tuesday 10:00, a secondee on the rota until 12:00 (not logged in yet).
    assert issue(kiosk).status_code == 201
    assert services(kiosk)["tax_decision"]["available"] is True


def test_nobody_here_or_scheduled_for_the_rest_of_the_day_means_no_tax_decision_number(
    kiosk, clock, db
):
    clock.set(TUESDAY_13)
    answer = issue(kiosk)
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "no_tax_secondee"
    assert "Skattestyrelsen" in answer.json["error"]["message"]
    english = issue(kiosk, language="en").json["error"]["message"]
    assert "no one from the Danish Tax Agency is here" in english
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0
    listed = services(kiosk)
    assert (listed["tax_decision"]["available"], listed["tax_decision"]["reason"]) == (
        False,
        "no_tax_secondee",
    )
    # Tax questions are for centre staff too: that number is still given.
    assert (listed["tax_questions"]["available"], listed["tax_questions"]["reason"]) == (True, None)
    assert issue(kiosk, "tax_questions").status_code == 201


def test_a_day_with_no_secondee_on_the_rota_gives_no_tax_decision_number(kiosk, clock):
    clock.set(WEDNESDAY_10)
    assert issue(kiosk).json["error"]["code"] == "no_tax_secondee"


def test_a_secondee_logged_in_at_a_counter_means_a_number_even_off_the_rota(kiosk, clock, login):
    clock.set(WEDNESDAY_10)
    login("tax1", counter="6")
    assert issue(kiosk).status_code == 201
    assert services(kiosk)["tax_decision"]["available"] is True


def test_a_secondee_on_a_break_still_counts_as_here(kiosk, clock, login):
    clock.set(WEDNESDAY_10)
    tax = login("tax1", counter="6")
    assert tax.act("break").status_code == 200
    assert issue(kiosk).status_code == 201


def test_reception_can_still_give_a_tax_decision_number_by_hand(kiosk, clock, login):
    clock.set(WEDNESDAY_10)
    reception = login("reception1")
    answer = reception.post("/api/v1/reception/tickets", json={"service": "tax_decision"})
    assert answer.status_code == 201


def test_without_a_tax_schedule_the_centre_never_refuses(tmp_path, clock):
    from centre.app import create_app
    from tests.conftest import paired_client

    plain = from_dict(centre_raw(), tmp_path, tmp_path / "var")
    clock.set(WEDNESDAY_10)
    kiosk = paired_client(create_app(plain, clock=clock, testing=True))
    assert issue(kiosk).status_code == 201


@pytest.mark.parametrize(
    "tax", ["09:00-12:00", {"scheduled": "monday"}, {"scheduled": {"mon": "9"}}]
)
def test_a_wrong_tax_schedule_is_a_config_error(tmp_path, tax):
    with pytest.raises(ConfigError):
        from_dict(centre_raw(tax=tax), tmp_path, tmp_path / "var")


def test_the_example_configs_tax_rota_is_valid_once_uncommented(tmp_path):
    import tomllib
    from pathlib import Path

    text = Path("centre.example.toml").read_text(encoding="utf-8")
    text = text.replace("# [tax]\n# scheduled", "[tax]\nscheduled")
    config = from_dict(tomllib.loads(text), tmp_path, tmp_path / "var")
    assert config.tax_hours() is not None
    assert config.tax_hours().periods_on(WEDNESDAY_10) == []


def test_kiosks_hear_when_a_secondee_logs_in_and_the_tax_decision_is_open_again(
    app, kiosk, clock, login
):
    from tests.test_socketio import received, wait_for

    clock.set(WEDNESDAY_10)
    socketio = app.extensions["enindgang"]["socketio"]
    screen = socketio.test_client(app, namespace="/kiosk")
    first = received(screen, "/kiosk", "services")[0]["args"][0]
    assert first["tax_decision"]["reason"] == "no_tax_secondee"
    assert first["tax_questions"]["reason"] is None
    login("tax1", counter="6")
    wait_for(screen, "/kiosk", "services", lambda s: s["tax_decision"]["reason"] is None)


def test_a_closed_centre_says_it_is_closed_first(kiosk, clock):
    clock.set(datetime(2026, 11, 25, 20, 0, tzinfo=CPH))  # Wednesday evening, closed
    assert issue(kiosk).json["error"]["code"] == "closed"


# --- central's synced schedule ---------------------------------------------------------------


def schedule_answer(*periods, first="2026-11-24", days=7):
    from datetime import date, timedelta

    start = date.fromisoformat(first)
    listed = [{"day": (start + timedelta(days=n)).isoformat(), "periods": []} for n in range(days)]
    listed[0]["periods"] = [{"from": a, "to": b, "secondees": 1} for a, b in periods]
    return {"centre": "test", "days": listed}


@pytest.mark.parametrize(
    "answer",
    [
        None,
        {"days": []},
        {"days": [{"day": "2026-11-24"}]},
        {"days": [{"day": "24/11", "periods": []}]},
        schedule_answer(("2026-11-24T11:00:00+00:00", "2026-11-24T08:00:00+00:00")),
        schedule_answer(("2026-11-24T08:00:00", "2026-11-24T11:00:00")),
        {"days": [{"day": "2026-11-24", "periods": []}, {"day": "2026-11-26", "periods": []}]},
        {
            "days": [
                {
                    "day": "2026-11-24",
                    "periods": [
                        {
                            "from": "2026-11-24T08:00:00+00:00",
                            "to": "2026-11-24T11:00:00+00:00",
                            "secondees": 0,
                        }
                    ],
                }
            ]
        },
    ],
)
def test_a_malformed_schedule_from_central_is_refused_and_the_stored_one_kept(ctx, db, answer):
    from centre.domain import tax_presence

    tax_presence.store_schedule(
        ctx, db, schedule_answer(("2026-11-24T08:00:00+00:00", "2026-11-24T11:00:00+00:00"))
    )
    with pytest.raises(ValueError):
        tax_presence.store_schedule(ctx, db, answer)
    assert tax_presence.rota(ctx, db, TUESDAY_13.date()).periods_on(TUESDAY_13) == [
        (
            datetime(2026, 11, 24, 9, 0, tzinfo=CPH),
            datetime(2026, 11, 24, 12, 0, tzinfo=CPH),
        )
    ]


def test_a_stored_schedule_decides_only_for_the_days_it_covers(kiosk, ctx, db, clock):
    from centre.domain import tax_presence

    # Synced Tuesday 10:00 for Tuesday alone; the config's rota has nobody on Wednesday.
    tax_presence.store_schedule(
        ctx, db, schedule_answer(("2026-11-24T08:00:00+00:00", "2026-11-24T16:00:00+00:00"), days=1)
    )
    clock.set(TUESDAY_13)
    assert issue(kiosk).status_code == 201  # central: until 17:00; the config said until 12:00
    clock.set(WEDNESDAY_10)
    assert issue(kiosk).json["error"]["code"] == "no_tax_secondee"  # the config decides again
