"""A booked time nobody checked in for counts once as an appointment missed, here and at
central."""

from __future__ import annotations

from datetime import timedelta

from centre.domain import missed
from kernel import visit_store
from tests import central_loopback
from tests.conftest import TUESDAY_10
from tests.test_api_checkins import check_in, put_in_replica
from tests.test_reports_api import QUERY, central_login

# This module's centre talks to a real central on loopback (fixtures shared with others).
agent, central, config = central_loopback.agent, central_loopback.central, central_loopback.config


def test_a_booking_nobody_came_for_becomes_one_missed_visit_once_check_in_has_closed(
    ctx, db, clock
):
    put_in_replica(db, "AAAAMS", TUESDAY_10 + timedelta(minutes=15))
    clock.advance(minutes=24)  # check-in is open until ten minutes after the start
    assert missed.record(ctx, db) == 0
    clock.advance(minutes=2)
    assert missed.record(ctx, db) == 1
    assert missed.record(ctx, db) == 0
    facts = visit_store.between(db, "2026-11-24", "2026-11-24")
    assert [(f["id"], f["status"], f["channel"]) for f in facts] == [
        ("booking:AAAAMS", "missed", "appointment")
    ]
    assert facts[0]["hour"] == 10  # the booked time, local


def test_a_checked_in_or_cancelled_booking_is_not_missed(ctx, db, clock, kiosk):
    put_in_replica(db, "AAAAKP", TUESDAY_10 + timedelta(minutes=5))
    put_in_replica(db, "AAAAGN", TUESDAY_10 + timedelta(minutes=5), status="cancelled")
    assert check_in(kiosk, "AAAAKP").status_code == 201
    clock.advance(hours=1)
    assert missed.record(ctx, db) == 0


def test_central_counts_the_missed_appointment_after_the_next_round(
    ctx, db, clock, agent, central, login
):
    put_in_replica(db, "AAAAMT", TUESDAY_10 + timedelta(minutes=15), service="passport")
    clock.advance(hours=1)
    assert agent.run_once() is True
    here = login("manager1").get(QUERY + "&by=service").json
    there = (
        central_login(central, "analyst", "report").get(QUERY + "&by=service&centre=norrebro").json
    )
    assert here["total"]["appointments_missed"] == there["total"]["appointments_missed"] == 1
    assert here["rows"] == there["rows"]
