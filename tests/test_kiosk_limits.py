"""A paired kiosk is held to a human rate: tickets, and wrong check-in codes."""

from __future__ import annotations

from centre.app import create_app
from tests.conftest import paired_client


def take(kiosk, service="health_card"):
    return kiosk.post("/api/v1/tickets", json={"service": service, "language": "en"})


def test_a_kiosk_gets_20_tickets_a_minute_then_a_kind_429(app, kiosk, db):
    answers = [take(kiosk).status_code for _ in range(21)]
    assert answers == [201] * 20 + [429]
    refused = take(kiosk)
    assert refused.json["error"]["code"] == "rate_limited"
    assert "Please wait a minute" in refused.json["error"]["message"]
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 20
    # The cap is this kiosk's: the kiosk beside it (same address) still serves citizens.
    assert take(paired_client(app, "Kiosk 2")).status_code == 201


def test_wrong_codes_pause_a_kiosk_after_10_a_minute_and_right_answers_do_not_count(app, kiosk):
    for _ in range(10):
        wrong = kiosk.post("/api/v1/checkins", json={"code": "ACDEFG", "language": "en"})
        assert wrong.status_code == 404 and wrong.json["error"]["code"] == "unknown_booking"
    paused = kiosk.post("/api/v1/checkins", json={"code": "ACDEFG", "language": "en"})
    assert paused.status_code == 429
    assert paused.json["error"]["code"] == "rate_limited"
    assert "did not match" in paused.json["error"]["message"]
    # Tickets are counted apart: a citizen can still take a number.
    assert take(kiosk).status_code == 201
    assert (
        paired_client(app, "Kiosk 2").post("/api/v1/checkins", json={"code": "ACDEFG"}).status_code
        == 404
    )


def test_tickets_below_the_cap_do_not_use_up_check_in_tries(kiosk):
    for _ in range(15):
        assert take(kiosk).status_code == 201
    assert kiosk.post("/api/v1/checkins", json={"code": "ACDEFG"}).status_code == 404


def test_without_rate_limits_a_kiosk_takes_as_many_as_a_benchmark_asks(config, clock):
    config.kiosk_rate_limit = False
    app = create_app(config, clock=clock, testing=True)
    kiosk = paired_client(app)
    assert {take(kiosk).status_code for _ in range(30)} == {201}
    codes = {kiosk.post("/api/v1/checkins", json={"code": "ACDEFG"}).status_code for _ in range(15)}
    assert codes == {404}
