"""The wait a citizen is shown at a real ticket issue: the chosen predictor run on the live
queue, kept on the ticket row and in its visit fact, and shown again from where it stands."""

from __future__ import annotations

from datetime import timedelta

import pytest

from centre.core.chosen_wait import CHOSEN_PREDICTOR
from centre.domain import live_wait
from centre.store import settings as settings_store
from centre.store import tickets as ticket_store
from kernel import visit_store
from kernel.db import write_transaction
from tests.conftest import TUESDAY_10
from tests.test_api_checkins import check_in, put_in_replica

DAY = "2026-11-24"
SHOWN = ("wait_predictor", "wait_estimate_minutes", "wait_shown_low", "wait_shown_high")


def issue(kiosk, service="moving", language="da"):
    answer = kiosk.post("/api/v1/tickets", json={"service": service, "language": language})
    assert answer.status_code == 201, answer.json
    return answer.json


def kept(db, ticket_id: str) -> tuple:
    row = ticket_store.get(db, ticket_id)
    return tuple(row[c] for c in SHOWN)


def test_a_kiosk_ticket_keeps_the_predictor_its_estimate_and_the_range_it_showed(
    kiosk, login, db, clock
):
    staff = login("staff1", counter="1")
    issue(kiosk)
    assert staff.act("call-next").status_code == 200  # F001 at the counter since 10:00
    clock.advance(minutes=2)
    issue(kiosk)
    third = issue(kiosk)
    # Counter 1 is free at 10:08 (moving: 8 minutes), calls F002 until 10:16, then F003:
    # 14 minutes from 10:02.
    assert third["estimated_wait_minutes"] == 14
    assert third["estimated_wait_range"] == [10, 20]
    assert kept(db, third["id"]) == (CHOSEN_PREDICTOR, 14.0, 10, 20)


def test_with_no_counter_staffed_no_range_is_shown_or_kept_and_the_reason_stays(kiosk, db):
    issue(kiosk)
    answer = issue(kiosk)
    assert answer["estimated_wait_range"] is None
    assert answer["wait_note"] == {"code": "unknown"}
    assert kept(db, answer["id"]) == (None, None, None, None)
    status = kiosk.get(f"/api/v1/tickets/{answer['id']}").json
    assert (status["estimated_wait_range"], status["wait_note"]) == (None, {"code": "unknown"})


def test_a_finished_visits_fact_carries_the_range_shown_at_issue(kiosk, login, db, clock):
    staff = login("staff1", counter="1")
    issue(kiosk)
    ticket = issue(kiosk)
    assert ticket["estimated_wait_range"] == [5, 15]
    assert staff.act("call-next").status_code == 200
    assert staff.act("finish").status_code == 200
    clock.advance(minutes=9)
    assert staff.act("call-next").json["ticket"]["id"] == ticket["id"]
    assert staff.act("finish").status_code == 200
    fact = {f["id"]: f for f in visit_store.between(db, DAY, DAY)}[ticket["id"]]
    assert (fact["wait_shown_low"], fact["wait_shown_high"]) == (5, 15)
    assert fact["wait_seconds"] == 9 * 60


def test_a_priority_ticket_from_reception_is_estimated_ahead_of_the_walk_ins(kiosk, login, db):
    login("staff1", counter="1")
    for _ in range(3):
        issue(kiosk)
    walk_in = issue(kiosk)
    priority = login("reception1").post(
        "/api/v1/reception/tickets", json={"service": "moving", "priority": True}
    )
    assert priority.status_code == 201, priority.json
    # Four walk-ins wait 0, 8, 16, 24 minutes; the priority ticket is called first.
    assert walk_in["estimated_wait_range"] == [20, 30]
    assert priority.json["estimated_wait_range"] == [0, 5]
    assert kept(db, priority.json["id"])[2:] == (0, 5)


def test_the_managers_weight_moves_the_estimate_as_it_moves_the_calls(kiosk, login, db, ctx, clock):
    staff = login("staff1", counter="1")  # serves moving and health cards
    issue(kiosk)
    assert staff.act("call-next").status_code == 200  # F001 until 10:08
    health = issue(kiosk, "health_card")
    clock.advance(minutes=4)
    moving = issue(kiosk)
    card_minutes = ctx.catalogue.service("health_card").service_minutes
    # At 10:08 the health card has waited longer: it goes first, the moving ticket after it.
    assert moving["estimated_wait_minutes"] == 4 + card_minutes
    with write_transaction(db):
        settings_store.set_weight(db, "moving", 5.0)
    status = kiosk.get(f"/api/v1/tickets/{moving['id']}").json
    # Weighted 5, the moving ticket's 4 minutes count as 20: it is called at 10:08.
    assert status["estimated_wait_minutes"] == 4
    card = kiosk.get(f"/api/v1/tickets/{health['id']}").json
    assert card["estimated_wait_minutes"] == 4 + 8


def test_the_live_queue_is_read_from_the_tables(kiosk, login, db, ctx, clock):
    staff = login("staff1", counter="1")
    issue(kiosk)
    assert staff.act("call-next").status_code == 200
    clock.advance(minutes=3)
    assert staff.act("start").status_code == 200
    login("tax1", counter="2")
    clock.advance(minutes=1)
    second = issue(kiosk)
    with write_transaction(db):
        settings_store.set_weight(db, "moving", 2.0)
    queue = live_wait.read(ctx, db)
    assert [t.id for t in queue.waiting] == [second["id"]]
    by_counter = {c.counter: c for c in queue.counters}
    assert by_counter["1"].staff == "staff1"
    assert by_counter["1"].busy_since == TUESDAY_10 + timedelta(minutes=3)  # the start
    assert by_counter["1"].busy_minutes == queue.service_minutes["moving"] == 8.0
    assert "moving" in by_counter["1"].services
    assert by_counter["2"].busy_since is None
    assert "tax_decision" in by_counter["2"].services and "moving" not in by_counter["2"].services
    assert queue.last_wait_minutes == {"moving": 0.0}
    assert queue.weights == {"moving": 2.0}


def test_the_live_estimate_takes_the_recent_visits_not_the_catalogues_minutes(
    kiosk, login, ctx, db, clock
):
    staff = login("staff1", counter="1")
    issue(kiosk)
    assert staff.act("call-next").status_code == 200
    assert staff.act("start").status_code == 200
    clock.advance(minutes=12)
    assert staff.act("finish").status_code == 200
    means = live_wait.read(ctx, db, ("moving",)).service_minutes
    assert means == {"moving": pytest.approx(12.0, abs=1e-6)}
    issue(kiosk)
    assert issue(kiosk)["estimated_wait_minutes"] == 12  # not the catalogue's 8


def test_a_counter_on_a_break_is_not_counted_on_but_a_range_is_still_promised(kiosk, login):
    staff = login("staff1", counter="1")
    assert staff.act("break").status_code == 200
    issue(kiosk)
    answer = issue(kiosk)
    # Expected back, so a wait is promised: the queue's length with one counter.
    assert (answer["estimated_wait_minutes"], answer["estimated_wait_range"]) == (8, [5, 15])


def test_the_status_shows_the_wait_from_where_the_ticket_stands_now(kiosk, login, clock):
    staff = login("staff1", counter="1")
    issue(kiosk)
    ticket = issue(kiosk)
    assert ticket["estimated_wait_range"] == [5, 15]
    assert staff.act("call-next").status_code == 200
    clock.advance(minutes=6)
    status = kiosk.get(f"/api/v1/tickets/{ticket['id']}").json
    # F001 has been at the counter 6 of its 8 minutes: it is given at least half a visit
    # more (4 minutes), no longer the 8 minutes of the ticket's issue.
    assert (status["estimated_wait_minutes"], status["estimated_wait_range"]) == (4, [0, 10])


def test_an_appointment_check_in_keeps_the_wait_after_its_time_but_no_shown_range(kiosk, login, db):
    login("staff1", counter="1")
    put_in_replica(db, "WAKEUP", TUESDAY_10 + timedelta(minutes=15))
    checked = check_in(kiosk, "WAKEUP")
    assert checked.status_code == 201, checked.json
    # The counter is idle: called at the booked time at the latest.
    assert checked.json["estimated_wait_range"] == [0, 5]
    # The kiosk says "called at your time", so the visit is kept out of the shown wait's
    # accuracy: the estimate is kept, the range is not.
    assert kept(db, checked.json["id"]) == (CHOSEN_PREDICTOR, 0.0, None, None)


def test_the_status_page_shows_the_range_in_the_citizens_language(kiosk, login):
    login("staff1", counter="1")
    issue(kiosk)
    danish = issue(kiosk)
    english = issue(kiosk, language="en")
    page = kiosk.get("/t/" + danish["status_url"].rsplit("/", 1)[1]).get_data(as_text=True)
    assert "Forventet ventetid: ca. 5–15 minutter." in page
    page = kiosk.get("/t/" + english["status_url"].rsplit("/", 1)[1]).get_data(as_text=True)
    assert english["estimated_wait_range"] == [10, 20]
    assert "Expected waiting time: about 10–20 minutes." in page
    assert "about 16 min" not in page and "about 8 min" not in page


def test_the_kiosk_page_hands_its_script_the_range_sentence(kiosk):
    page = kiosk.get("/kiosk?lang=en").get_data(as_text=True)
    assert "Expected waiting time: about %(low)s–%(high)s minutes." in page


def test_a_retried_tap_is_answered_with_the_range_its_ticket_keeps(kiosk, login, clock):
    staff = login("staff1", counter="1")
    issue(kiosk)
    body = {"service": "moving", "language": "da", "nonce": "tap-1"}
    first = kiosk.post("/api/v1/tickets", json=body).json
    assert first["estimated_wait_range"] == [5, 15]
    assert staff.act("call-next").status_code == 200
    clock.advance(minutes=6)
    again = kiosk.post("/api/v1/tickets", json=body)
    assert again.status_code == 200 and again.json["id"] == first["id"]
    # Estimated now it would be 4 minutes ("0-10"); the kiosk shows what the row keeps.
    assert again.json["estimated_wait_range"] == [5, 15]
