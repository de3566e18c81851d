"""The wait on a service's button (services API, kiosk and display pushes, the desk overview)
is the chosen predictor's for a walk-in taking a number now: the ticket issued right after
shows the same range, also where the queue's length alone would say something else."""

from __future__ import annotations

from centre.store import settings as settings_store
from kernel.db import write_transaction
from tests.test_socketio import received, wait_for


def issue(kiosk, service="moving"):
    answer = kiosk.post("/api/v1/tickets", json={"service": service, "language": "da"})
    assert answer.status_code == 201, answer.json
    return answer.json


def button(kiosk, service="moving") -> dict:
    services = kiosk.get("/api/v1/services?lang=da").json["services"]
    return next(s for s in services if s["id"] == service)


def promised(figures: dict) -> tuple:
    return figures["estimated_wait_minutes"], figures["estimated_wait_range"]


def mid_visit(kiosk, login, clock):
    """F001 at counter 1 since 10:00 (moving: 8 minutes), F002 waiting since 10:02."""
    staff = login("staff1", counter="1")
    issue(kiosk)
    assert staff.act("call-next").status_code == 200
    clock.advance(minutes=2)
    issue(kiosk)


def test_the_button_promises_the_range_the_next_ticket_gets_with_a_counter_mid_visit(
    kiosk, login, clock
):
    mid_visit(kiosk, login, clock)
    shown = button(kiosk)
    # The queue's length said 1 x 8 minutes (8, "5-15"); the counter is busy until 10:08,
    # then serves F002 until 10:16: a ticket taken at 10:02 waits 14 minutes.
    assert promised(shown) == (14, [10, 20])
    assert shown["wait_note"] is None
    ticket = issue(kiosk)
    assert promised(ticket) == promised(shown)


def test_the_button_counts_the_other_service_a_weighted_counter_calls_first(
    kiosk, login, db, clock
):
    staff = login("staff1", counter="1")  # serves moving (8 minutes) and health cards (6)
    issue(kiosk, "health_card")
    assert staff.act("call-next").status_code == 200  # H001 until 10:06
    clock.advance(minutes=1)
    issue(kiosk)  # F001 at 10:01
    clock.advance(minutes=2)
    issue(kiosk, "health_card")  # H002 at 10:03
    with write_transaction(db):
        settings_store.set_weight(db, "health_card", 3.0)
    shown = button(kiosk)
    # The queue's length said 1 x 8 minutes ("5-15"). Weighted 3, H002 goes before F001 at
    # 10:06 (until 10:12), F001 until 10:20: a moving ticket taken at 10:03 waits 17 minutes.
    assert promised(shown) == (17, [10, 20])
    ticket = issue(kiosk)
    assert promised(ticket) == promised(shown)


def test_with_no_counter_staffed_the_button_keeps_the_reason_and_promises_no_range(kiosk):
    issue(kiosk)
    shown = button(kiosk)
    assert promised(shown) == (None, None)
    assert shown["wait_note"] == {"code": "unknown"}


def test_the_kiosk_push_carries_the_range_the_next_ticket_gets(app, kiosk, login, clock):
    socketio = app.extensions["enindgang"]["socketio"]
    screen = socketio.test_client(app, namespace="/kiosk")
    first = received(screen, "/kiosk", "services")[0]["args"][0]["moving"]
    assert (first["estimated_wait_range"], first["wait_note"]) == (None, {"code": "unknown"})
    mid_visit(kiosk, login, clock)
    pushed, _ = wait_for(screen, "/kiosk", "services", lambda s: s["moving"]["waiting"] == 1)
    assert promised(pushed["moving"]) == (14, [10, 20])
    assert promised(issue(kiosk)) == (14, [10, 20])


def test_the_display_and_the_desk_show_the_same_estimate_as_the_button(app, kiosk, login, clock):
    mid_visit(kiosk, login, clock)
    socketio = app.extensions["enindgang"]["socketio"]
    display = socketio.test_client(app, namespace="/display")
    state = received(display, "/display", "state")[0]["args"][0]
    assert promised(state["waiting"]["moving"]) == (14, [10, 20])
    overview = login("manager1").get("/api/v1/overview").json
    moving = next(s for s in overview["services"] if s["id"] == "moving")
    assert promised(moving) == (14, [10, 20])
