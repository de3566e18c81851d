"""Counter actions through the staff API: login, call, serve, transfer, park, breaks."""

import pytest

from centre.store import events as event_store
from centre.store import tickets as ticket_store


def issue(kiosk, service="moving", **body):
    answer = kiosk.post("/api/v1/tickets", json={"service": service, **body})
    assert answer.status_code == 201, answer.json
    return answer.json


def test_login_needs_the_right_password(kiosk):
    wrong = kiosk.post(
        "/api/v1/login", json={"username": "staff1", "password": "nope", "counter": "1"}
    )
    assert wrong.status_code == 401
    assert wrong.json["error"]["code"] == "not_authenticated"
    unknown = kiosk.post(
        "/api/v1/login", json={"username": "ghost", "password": "nope", "counter": "1"}
    )
    assert unknown.status_code == 401


def test_counter_staff_must_pick_a_counter_reception_need_not(kiosk, login):
    answer = kiosk.post("/api/v1/login", json={"username": "staff1", "password": "secret-pw"})
    assert answer.status_code == 422
    assert answer.json["error"]["field"] == "counter"
    assert login("reception1").get("/api/v1/me").json["staff"]["role"] == "reception"


def test_counter_actions_need_a_login(kiosk):
    answer = kiosk.post("/api/v1/counter/call-next")
    assert answer.status_code in (400, 401)
    assert answer.json["error"]["code"] in ("not_authenticated", "csrf_failed")
    assert kiosk.get("/api/v1/counter").status_code == 401


def test_staff_posts_without_the_csrf_token_are_refused(app, login):
    staff = login("staff1", counter="1")
    answer = staff.http.post("/api/v1/counter/call-next")
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "csrf_failed"


def test_a_taken_counter_cannot_be_taken_by_someone_else(login, kiosk):
    login("staff1", counter="2")
    answer = kiosk.post(
        "/api/v1/login", json={"username": "staff2", "password": "secret-pw", "counter": "2"}
    )
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "counter_taken"


def test_unknown_counter_is_refused(kiosk):
    answer = kiosk.post(
        "/api/v1/login", json={"username": "staff1", "password": "secret-pw", "counter": "99"}
    )
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "unknown_counter"


def test_call_next_on_an_empty_queue_answers_no_ticket(login):
    answer = login("staff1", counter="1").act("call-next")
    assert answer.status_code == 200
    assert answer.json["ticket"] is None
    assert answer.json["counter"]["id"] == "1"


def test_a_whole_visit_call_start_finish(kiosk, login, db):
    ticket = issue(kiosk)
    staff = login("staff1", counter="1")
    called = staff.act("call-next").json
    assert called["ticket"]["number"] == "F001"
    assert called["ticket"]["status"] == "called"
    assert staff.act("recall").json["ticket"]["call_count"] == 2
    assert staff.act("start").json["ticket"]["status"] == "serving"
    assert staff.act("finish").json["ticket"] is None
    assert kiosk.get(f"/api/v1/tickets/{ticket['id']}").json["status"] == "done"
    types = [e["type"] for e in event_store.for_ticket(db, ticket["id"]) if e["type"] != "print.ok"]
    assert types == [
        "ticket.issued",
        "ticket.called",
        "ticket.recalled",
        "ticket.serving",
        "ticket.finished",
    ]


def test_call_next_refuses_while_a_ticket_is_open(kiosk, login):
    issue(kiosk)
    issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    again = staff.act("call-next")
    assert again.status_code == 409
    assert again.json["error"]["code"] == "invalid_state"


def test_actions_that_make_no_sense_are_409_and_change_nothing(kiosk, login, db):
    ticket = issue(kiosk)
    staff = login("staff1", counter="1")
    for action in ("recall", "start", "finish", "no-show", "park"):
        answer = staff.act(action)
        assert answer.status_code == 409, action
        assert answer.json["error"]["code"] == "invalid_state"
    staff.act("call-next")
    staff.act("start")
    assert staff.act("no-show").status_code == 409
    assert staff.act("recall").status_code == 409
    assert ticket_store.get(db, ticket["id"])["status"] == "serving"


def test_no_show_closes_the_ticket(kiosk, login):
    ticket = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    assert staff.act("no-show").json["ticket"] is None
    assert kiosk.get(f"/api/v1/tickets/{ticket['id']}").json["status"] == "no_show"


def test_call_a_specific_ticket_by_number(kiosk, login):
    issue(kiosk)
    second = issue(kiosk)
    staff = login("staff1", counter="1")
    answer = staff.act("call", {"ticket": "f002"})
    assert answer.json["ticket"]["id"] == second["id"]
    assert staff.act("finish").status_code == 200
    missing = staff.act("call", {"ticket": "F999"})
    assert missing.status_code == 404
    assert staff.act("call", {}).json["error"]["code"] == "validation"


def test_transfer_to_another_service_keeps_number_and_arrival(kiosk, login, db, clock):
    first = issue(kiosk, "moving")
    clock.advance(minutes=20)
    issue(kiosk, "health_card")
    staff = login("staff1", counter="1")
    assert staff.act("call-next").json["ticket"]["id"] == first["id"]
    answer = staff.act("transfer", {"service": "health_card"})
    assert answer.json["ticket"] is None
    moved = ticket_store.get(db, first["id"])
    assert (moved["status"], moved["service"], moved["number"]) == (
        "waiting",
        "health_card",
        "F001",
    )
    # Kept its place: the older arrival is called before the health card ticket issued later.
    assert staff.act("call-next").json["ticket"]["id"] == first["id"]


def test_transfer_to_a_counter_waits_for_that_counter(kiosk, login):
    ticket = issue(kiosk, "moving")
    one = login("staff1", counter="1")
    two = login("staff2", counter="2")
    one.act("call-next")
    assert one.act("transfer", {"counter": "2"}).status_code == 200
    assert one.act("call-next").json["ticket"] is None
    assert two.act("call-next").json["ticket"]["id"] == ticket["id"]


@pytest.mark.parametrize(
    "body",
    [{}, {"service": "moving", "counter": "2"}, {"service": "nope"}, {"counter": "77"}],
)
def test_bad_transfers_are_refused_and_the_ticket_stays(kiosk, login, db, body):
    ticket = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    answer = staff.act("transfer", body)
    assert 400 <= answer.status_code < 500
    assert ticket_store.get(db, ticket["id"])["status"] == "called"


def test_park_and_unpark(kiosk, login):
    ticket = issue(kiosk)
    later = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    parked = staff.act("park").json
    assert parked["ticket"] is None
    assert [t["number"] for t in parked["parked"]] == ["F001"]
    assert staff.act("call-next").json["ticket"]["id"] == later["id"]
    staff.act("finish")
    back = staff.act("unpark", {"ticket": ticket["id"]}).json
    assert back["ticket"]["id"] == ticket["id"]
    assert back["ticket"]["status"] == "called"
    assert back["parked"] == []


def test_break_stops_calls_until_resume(kiosk, login):
    issue(kiosk)
    staff = login("staff1", counter="1")
    assert staff.act("break").json["counter"]["state"] == "break"
    refused = staff.act("call-next")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "on_break"
    assert staff.act("resume").json["counter"]["state"] == "open"
    assert staff.act("call-next").json["ticket"]["number"] == "F001"


def test_tax_decisions_go_only_to_tax_secondees(kiosk, login):
    issue(kiosk, "tax_decision")
    staff = login("staff1", counter="1")
    assert staff.act("call-next").json["ticket"] is None
    forbidden = staff.act("call", {"ticket": "R001"})
    assert forbidden.status_code == 403
    assert login("tax1", counter="2").act("call-next").json["ticket"]["number"] == "R001"


def test_logout_closes_the_counter_and_returns_an_open_ticket_to_the_queue(kiosk, login):
    ticket = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    assert staff.post("/api/v1/logout").status_code == 200
    assert kiosk.get(f"/api/v1/tickets/{ticket['id']}").json["status"] == "waiting"
    assert login("staff2", counter="1").act("call-next").json["ticket"]["id"] == ticket["id"]


def test_password_guessing_is_slowed_down(kiosk):
    answers = [
        kiosk.post(
            "/api/v1/login", json={"username": "staff1", "password": f"guess{n}", "counter": "1"}
        ).status_code
        for n in range(12)
    ]
    assert answers[:10] == [401] * 10
    assert answers[-1] == 429
    refused = kiosk.post(
        "/api/v1/login", json={"username": "staff1", "password": "secret-pw", "counter": "1"}
    )
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    # Another account from the same desk is not locked out.
    other = kiosk.post(
        "/api/v1/login", json={"username": "staff2", "password": "secret-pw", "counter": "2"}
    )
    assert other.status_code == 200
