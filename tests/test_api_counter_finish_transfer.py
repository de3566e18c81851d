"""Finish and call the next in one tap, repeated finishes, and transfers "not to me"."""

import pytest

from centre.store import events as event_store
from centre.store import tickets as ticket_store


def issue(kiosk, service="moving"):
    answer = kiosk.post("/api/v1/tickets", json={"service": service})
    assert answer.status_code == 201, answer.json
    return answer.json


def events_of(db, ticket_id: str) -> list[str]:
    return [e["type"] for e in event_store.for_ticket(db, ticket_id)]


def test_finish_and_call_next_finishes_and_calls_in_one_request(kiosk, login, db):
    first = issue(kiosk)
    second = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    answer = staff.act("finish", {"ticket": first["id"], "call_next": True})
    assert answer.status_code == 200, answer.json
    assert answer.json["finished"] == {"id": first["id"], "number": first["number"]}
    assert answer.json["ticket"]["id"] == second["id"]
    assert answer.json["ticket"]["status"] == "called"
    assert ticket_store.get(db, first["id"])["status"] == "done"
    assert events_of(db, first["id"])[-1] == "ticket.finished"
    assert events_of(db, second["id"])[-1] == "ticket.called"


def test_finish_and_call_next_with_nobody_waiting_finishes_and_calls_no_one(kiosk, login, db):
    only = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    answer = staff.act("finish", {"call_next": True})
    assert answer.status_code == 200
    assert answer.json["finished"]["number"] == only["number"]
    assert answer.json["ticket"] is None
    assert answer.json["counter"]["state"] == "open"
    assert ticket_store.get(db, only["id"])["status"] == "done"


def test_finish_without_a_body_still_answers_the_counter(kiosk, login):
    issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    answer = staff.act("finish")
    assert answer.status_code == 200
    assert answer.json["ticket"] is None
    assert answer.json["finished"]["number"] == "F001"


def test_a_repeated_finish_changes_nothing_and_calls_no_one(kiosk, login, db):
    first = issue(kiosk)
    second = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    body = {"ticket": first["id"], "call_next": True}
    assert staff.act("finish", body).json["ticket"]["id"] == second["id"]
    again = staff.act("finish", body)
    assert again.status_code == 200
    assert again.json["finished"] is None
    # The citizen called by the first request is not finished by the repeat.
    assert again.json["ticket"]["id"] == second["id"]
    assert ticket_store.get(db, second["id"])["status"] == "called"
    assert events_of(db, first["id"]).count("ticket.finished") == 1


def test_finish_of_a_ticket_that_is_not_the_counters_is_refused(kiosk, login, db):
    mine = issue(kiosk)
    other = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    refused = staff.act("finish", {"ticket": other["id"]})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "invalid_state"
    assert ticket_store.get(db, mine["id"])["status"] == "called"
    assert ticket_store.get(db, other["id"])["status"] == "waiting"


@pytest.mark.parametrize("body", [{"call_next": "yes"}, {"ticket": 7}, {"ticket": "x" * 65}])
def test_bad_finish_bodies_are_refused_and_the_ticket_stays(kiosk, login, db, body):
    ticket = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    answer = staff.act("finish", body)
    assert answer.status_code == 422
    assert ticket_store.get(db, ticket["id"])["status"] == "called"


def test_transfer_not_to_me_goes_to_a_colleague_who_serves_it(kiosk, login, db):
    ticket = issue(kiosk, "moving")
    one = login("staff1", counter="1")
    two = login("staff2", counter="2")
    one.act("call-next")
    sent = one.act("transfer", {"service": "health_card", "not_to_me": True})
    assert sent.status_code == 200, sent.json
    assert ticket_store.get(db, ticket["id"])["not_staff"] == "staff1"
    # Staff1 serves health cards too, but does not get the ticket back while staff2 is open.
    assert one.act("call-next").json["ticket"] is None
    assert two.act("call-next").json["ticket"]["id"] == ticket["id"]
    assert ticket_store.get(db, ticket["id"])["not_staff"] is None


def test_transfer_not_to_me_skips_only_that_ticket(kiosk, login):
    ticket = issue(kiosk, "moving")
    later = issue(kiosk, "moving")
    one = login("staff1", counter="1")
    login("staff2", counter="2")
    one.act("call-next")
    one.act("transfer", {"service": "moving", "not_to_me": True})
    # The transferred ticket keeps its place at the head of the queue, yet staff1 gets the next.
    assert one.act("call-next").json["ticket"]["id"] == later["id"]
    assert ticket["id"] != later["id"]


def test_transfer_not_to_me_comes_back_when_no_other_open_counter_serves_it(kiosk, login):
    ticket = issue(kiosk, "moving")
    one = login("staff1", counter="1")
    two = login("staff2", counter="2")
    tax = login("tax1", counter="3")  # open, but tax secondees do not serve moving
    one.act("call-next")
    one.act("transfer", {"service": "moving", "not_to_me": True})
    two.act("break")
    assert tax.act("call-next").json["ticket"] is None
    # Nobody else open can serve it: rather than wait for no one, it comes back to staff1.
    assert one.act("call-next").json["ticket"]["id"] == ticket["id"]


def test_transfer_without_not_to_me_may_come_straight_back(kiosk, login):
    ticket = issue(kiosk, "moving")
    one = login("staff1", counter="1")
    login("staff2", counter="2")
    one.act("call-next")
    one.act("transfer", {"service": "health_card"})
    assert one.act("call-next").json["ticket"]["id"] == ticket["id"]


@pytest.mark.parametrize(
    "body", [{"counter": "2", "not_to_me": True}, {"service": "moving", "not_to_me": "yes"}]
)
def test_not_to_me_needs_a_service_and_a_yes_or_no(kiosk, login, db, body):
    ticket = issue(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    answer = staff.act("transfer", body)
    assert answer.status_code == 422
    assert ticket_store.get(db, ticket["id"])["status"] == "called"


def test_a_ticket_cannot_be_sent_to_a_service_that_takes_appointments_only(kiosk, login, db):
    ticket = issue(kiosk, "moving")
    staff = login("staff1", counter="1")
    staff.act("call-next")
    answer = staff.post("/api/v1/counter/transfer?lang=da", json={"service": "passport"})
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "appointment_required"
    assert "kun bestilte tider" in answer.json["error"]["message"]
    # Nothing happened: the citizen is still at this counter, for the same service.
    kept = ticket_store.get(db, ticket["id"])
    assert (kept["status"], kept["service"], kept["counter"]) == ("called", "moving", "1")
