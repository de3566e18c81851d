"""A paired kiosk is held to a human rate: tickets, and wrong check-in codes."""

from __future__ import annotations

from datetime import timedelta

from centre.app import create_app
from centre.store import replica as replica_store
from kernel.clock import iso
from kernel.db import write_transaction
from kernel.numbering import CODE_ALPHABET
from tests.conftest import TUESDAY_10, paired_client


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


def booked(db, count: int) -> list[str]:
    """`count` confirmed bookings at 10:00 in the replica, as central's sync leaves them."""
    codes = [f"AAAA{a}{b}" for a in "CD" for b in CODE_ALPHABET][:count]
    with write_transaction(db):
        for code in codes:
            row = {
                "code": code,
                "service": "health_card",
                "start_at": iso(TUESDAY_10),
                "end_at": iso(TUESDAY_10 + timedelta(minutes=10)),
                "status": "confirmed",
                "checked_in_at": None,
            }
            replica_store.upsert(db, row, iso(TUESDAY_10))
    return codes


def check_in(kiosk, code):
    return kiosk.post("/api/v1/checkins", json={"code": code, "language": "en"})


def test_wrong_codes_pause_a_kiosk_after_10_a_minute_and_right_answers_do_not_count(app, kiosk, db):
    # More citizens with real codes than the cap, before and between the wrong codes: none is
    # turned away and none uses up a try (the tenth wrong code is still answered).
    right = booked(db, 15)
    assert [check_in(kiosk, code).status_code for code in right[:6]] == [201] * 6
    for code in right[6:]:
        wrong = check_in(kiosk, "ACDEFG")
        assert wrong.status_code == 404 and wrong.json["error"]["code"] == "unknown_booking"
        assert check_in(kiosk, code).status_code == 201
    assert check_in(kiosk, "ACDEFG").status_code == 404
    paused = check_in(kiosk, "ACDEFG")
    assert paused.status_code == 429
    assert paused.json["error"]["code"] == "rate_limited"
    assert "did not match" in paused.json["error"]["message"]
    # Tickets are counted apart: a citizen can still take a number.
    assert take(kiosk).status_code == 201
    assert check_in(paired_client(app, "Kiosk 2"), "ACDEFG").status_code == 404


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
