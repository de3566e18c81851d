"""Idempotency nonces belong to their sender and never reach the system's own (check-ins)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from centre.domain import tickets as ticket_domain
from centre.store import replica as replica_store
from centre.store import tickets as ticket_store
from kernel.clock import iso
from kernel.db import write_transaction
from tests.conftest import TUESDAY_10, paired_client


def booked(db, code="ACDEFG"):
    start = TUESDAY_10 + timedelta(minutes=10)
    with write_transaction(db):
        replica_store.upsert(
            db,
            {
                "code": code,
                "service": "health_card",
                "start_at": iso(start),
                "end_at": iso(start + timedelta(minutes=10)),
                "status": "confirmed",
                "checked_in_at": None,
            },
            iso(start),
        )
    return code


def test_a_squatted_check_in_nonce_neither_breaks_the_check_in_nor_leaks_its_ticket(app, kiosk, db):
    code = booked(db)
    squat = {"service": "moving", "nonce": f"checkin:{code}"}
    first = kiosk.post("/api/v1/tickets", json=squat)
    assert first.status_code == 201
    citizen = paired_client(app, "Kiosk 2").post("/api/v1/checkins", json={"code": code})
    assert citizen.status_code == 201, citizen.json
    again = kiosk.post("/api/v1/tickets", json=squat)
    assert again.status_code == 200
    assert again.json["id"] == first.json["id"] != citizen.json["id"]
    assert again.json["status_url"] != citizen.json["status_url"]


def test_a_squat_after_the_check_in_gets_its_own_ticket_not_the_citizens(app, kiosk, db):
    code = booked(db)
    citizen = paired_client(app, "Kiosk 2").post("/api/v1/checkins", json={"code": code})
    squat = kiosk.post("/api/v1/tickets", json={"service": "moving", "nonce": f"checkin:{code}"})
    assert squat.status_code == 201
    assert squat.json["id"] != citizen.json["id"]
    assert squat.json["number"].startswith("F")


def test_the_same_nonce_from_two_kiosks_is_two_tickets(app, kiosk):
    other = paired_client(app, "Kiosk 2")
    first = kiosk.post("/api/v1/tickets", json={"service": "moving", "nonce": "tap-1"})
    second = other.post("/api/v1/tickets", json={"service": "moving", "nonce": "tap-1"})
    assert first.status_code == second.status_code == 201
    assert first.json["id"] != second.json["id"]
    assert (
        kiosk.post("/api/v1/tickets", json={"service": "moving", "nonce": "tap-1"}).json["id"]
        == first.json["id"]
    )


def test_reception_nonces_do_not_meet_the_kiosks(kiosk, login):
    mine = kiosk.post("/api/v1/tickets", json={"service": "moving", "nonce": "n-1"})
    desk = login("reception1").post(
        "/api/v1/reception/tickets", json={"service": "moving", "nonce": "n-1"}
    )
    assert desk.status_code == 201 and desk.json["id"] != mine.json["id"]


def test_a_nonce_another_writer_committed_first_answers_that_ticket_not_a_500(
    app, kiosk, db, monkeypatch
):
    """The look for the nonce missed it (another process wrote it after): the insert's
    unique constraint catches it, and the answer is the ticket that won."""
    first = kiosk.post("/api/v1/tickets", json={"service": "moving", "nonce": "race"})
    real = ticket_store.by_nonce
    misses = iter([True])
    monkeypatch.setattr(
        ticket_store, "by_nonce", lambda db, n: None if next(misses, False) else real(db, n)
    )
    again = kiosk.post("/api/v1/tickets", json={"service": "moving", "nonce": "race"})
    assert again.status_code == 200, again.json
    assert again.json["id"] == first.json["id"]
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 1
    # The number the losing insert drew was rolled back with it: no gap.
    assert kiosk.post("/api/v1/tickets", json={"service": "moving"}).json["number"] == "F002"


def test_a_check_in_another_writer_committed_first_answers_that_ticket(app, kiosk, db, monkeypatch):
    code = booked(db)
    first = kiosk.post("/api/v1/checkins", json={"code": code}).json
    # The second request read the booking and looked for its ticket before the first committed.
    db.execute("UPDATE bookings_replica SET checked_in_at = NULL WHERE code = ?", [code])
    real = ticket_store.by_booking
    misses = iter([True])
    monkeypatch.setattr(
        ticket_store, "by_booking", lambda db, c: None if next(misses, False) else real(db, c)
    )
    again = kiosk.post("/api/v1/checkins", json={"code": code})
    assert again.status_code == 200, again.json
    assert again.json["id"] == first["id"]
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 1


def test_a_nonce_needs_a_sender(ctx, db):
    with pytest.raises(ValueError):
        ticket_domain.issue_ticket(ctx, db, "moving", nonce="n-1")
