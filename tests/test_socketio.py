"""Live pushes: snapshots on connect, calls to displays, staff-only data stays with staff."""

import json
import time

import pytest


@pytest.fixture
def socketio(app):
    return app.extensions["enindgang"]["socketio"]


def received(client, namespace, name=None, wait=2.0):
    """Events received so far, waiting a little for the hub's background pushes."""
    deadline = time.monotonic() + wait
    events = []
    while True:
        events += client.get_received(namespace)
        hits = [e for e in events if name is None or e["name"] == name]
        if hits or time.monotonic() > deadline:
            return hits
        time.sleep(0.02)


def wait_for(client, namespace, name, predicate, wait=2.0):
    """The first `name` event whose payload satisfies `predicate`, else fail."""
    deadline = time.monotonic() + wait
    seen = []
    while time.monotonic() < deadline:
        for event in client.get_received(namespace):
            if event["name"] == name:
                seen.append(event["args"][0])
                if predicate(event["args"][0]):
                    return event["args"][0], seen
        time.sleep(0.02)
    pytest.fail(f"no matching {name} event; saw {seen}")


def test_display_gets_a_full_state_on_connect(app, kiosk, login, socketio):
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    login("staff1", counter="4").act("call-next")
    display = socketio.test_client(app, namespace="/display")
    state = received(display, "/display", "state")[0]["args"][0]
    assert state["calls"][0] == {
        "number": "F001",
        "counter": "4",
        "service": "moving",
        "called_at": state["calls"][0]["called_at"],
    }
    assert state["waiting"]["moving"]["waiting"] == 1
    assert "passport" not in state["waiting"]  # appointment-only services are not queued


def test_display_gets_ticket_called_on_call_and_on_recall(app, kiosk, login, socketio):
    kiosk.post("/api/v1/tickets", json={"service": "moving", "language": "ar"})
    display = socketio.test_client(app, namespace="/display")
    display.get_received("/display")
    staff = login("staff1", counter="2")
    staff.act("call-next")
    calls = received(display, "/display", "ticket_called")
    # The language chosen at the kiosk goes with the call: the display speaks in it if it can.
    assert [c["args"][0] for c in calls] == [
        {"number": "F001", "counter": "2", "service": "moving", "language": "ar"}
    ]
    staff.act("recall")
    again = received(display, "/display", "ticket_called")
    assert [c["args"][0]["number"] for c in again] == ["F001"]


def test_display_never_receives_staff_pushes_or_personal_data(app, kiosk, login, socketio):
    display = socketio.test_client(app, namespace="/display")
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    staff = login("staff1", counter="2")
    staff.act("call-next")
    login("manager1").post("/api/v1/manager/services/moving", json={"weight": 2})
    time.sleep(0.3)
    events = display.get_received("/display")
    names = {e["name"] for e in events}
    assert names <= {"state", "ticket_called", "queue"}
    blob = json.dumps(events, ensure_ascii=False)
    for secret in ("staff1", "Sara", "Sørensen", "manager1", "token", "nonce"):
        assert secret not in blob


def test_counter_namespace_refuses_anonymous_clients(app, socketio):
    anonymous = socketio.test_client(app, namespace="/counter")
    assert not anonymous.is_connected("/counter")


def test_counter_namespace_pushes_the_overview_to_reception(app, kiosk, login, socketio):
    staff = login("reception1")
    live = socketio.test_client(app, namespace="/counter", flask_test_client=staff.http)
    assert live.is_connected("/counter")
    first = received(live, "/counter", "overview")[-1]["args"][0]
    assert {c["id"] for c in first["counters"]} == {"1", "2", "3", "4", "5", "6"}
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    wait_for(live, "/counter", "overview", lambda o: [t["number"] for t in o["queue"]] == ["F001"])


def test_counter_staff_socket_gets_only_what_its_counter_needs(app, kiosk, login, socketio):
    staff = login("staff1", counter="1")
    assert staff.get("/api/v1/overview").status_code == 403
    live = socketio.test_client(app, namespace="/counter", flask_test_client=staff.http)
    assert live.is_connected("/counter")
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    time.sleep(0.4)
    pushed = [e["args"][0] for e in live.get_received("/counter") if e["name"] == "overview"]
    assert len(pushed) >= 2  # on connect, and the nudge when the queue changed
    assert all(set(overview) == {"printer"} for overview in pushed)


def test_kiosk_gets_waiting_counts_on_connect_and_on_change(app, kiosk, socketio):
    screen = socketio.test_client(app, namespace="/kiosk")
    assert received(screen, "/kiosk", "services")[0]["args"][0]["moving"]["waiting"] == 0
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    wait_for(screen, "/kiosk", "services", lambda s: s["moving"]["waiting"] == 1)


def test_status_page_socket_hears_its_own_ticket_called(app, kiosk, login, socketio):
    mine = kiosk.post("/api/v1/tickets", json={"service": "moving"}).json
    other = kiosk.post("/api/v1/tickets", json={"service": "moving"}).json
    phone = socketio.test_client(app, namespace="/ticket", auth={"ticket": other["id"]})
    first = received(phone, "/ticket", "ticket")[0]["args"][0]
    assert (first["number"], first["position"]) == ("F002", 1)
    login("staff1", counter="5").act("call-next")  # calls F001, not mine
    _, updates = wait_for(phone, "/ticket", "ticket", lambda u: u["position"] == 0)
    login("staff2", counter="6").act("call-next")
    _, called = wait_for(phone, "/ticket", "ticket", lambda u: u["status"] == "called")
    assert called[-1]["counter"] == "6"
    assert all(u["id"] == other["id"] for u in updates + called)
    assert mine["id"] not in json.dumps(updates + called)


def test_a_phone_is_pushed_the_wait_range_from_where_its_ticket_now_stands(
    app, kiosk, login, socketio
):
    staff = login("staff1", counter="5")
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    kiosk.post("/api/v1/tickets", json={"service": "moving"})
    mine = kiosk.post("/api/v1/tickets", json={"service": "moving"}).json
    assert mine["estimated_wait_range"] == [10, 20]  # two ahead, 8 minutes each
    phone = socketio.test_client(app, namespace="/ticket", auth={"ticket": mine["id"]})
    first = received(phone, "/ticket", "ticket")[0]["args"][0]
    assert first["estimated_wait_range"] == [10, 20]
    staff.act("call-next")  # F001 at the counter: F002, then this one
    update, _ = wait_for(phone, "/ticket", "ticket", lambda u: u["position"] == 1)
    assert update["estimated_wait_range"] == [10, 20]
    staff.act("finish", {"call_next": True})  # F002 at the counter now, only it ahead
    update, _ = wait_for(phone, "/ticket", "ticket", lambda u: u["position"] == 0)
    assert (update["estimated_wait_minutes"], update["estimated_wait_range"]) == (8, [5, 15])


def test_status_socket_with_an_unknown_ticket_is_refused(app, socketio):
    phone = socketio.test_client(app, namespace="/ticket", auth={"ticket": "nope"})
    assert not phone.is_connected("/ticket")


def test_status_page_socket_hears_start_and_finish_at_once(app, kiosk, login, socketio):
    mine = kiosk.post("/api/v1/tickets", json={"service": "moving"}).json
    phone = socketio.test_client(app, namespace="/ticket", auth={"ticket": mine["id"]})
    phone.get_received("/ticket")
    staff = login("staff1", counter="2")
    staff.act("call-next")
    staff.act("start")
    wait_for(phone, "/ticket", "ticket", lambda u: u["status"] == "serving")
    staff.act("finish")
    done, _ = wait_for(phone, "/ticket", "ticket", lambda u: u["status"] == "done")
    assert done["counter"] is None and done["position"] is None
