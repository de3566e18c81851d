"""The public API: services, issuing tickets, ticket status, and its error answers."""

from datetime import datetime

import pytest

from centre.store import events as event_store
from tests.conftest import CPH


def issue(kiosk, service="moving", **body):
    return kiosk.post("/api/v1/tickets", json={"service": service, "language": "da", **body})


def test_services_list_has_waiting_and_wait_in_the_requested_language(kiosk):
    issue(kiosk)
    issue(kiosk)
    services = {s["id"]: s for s in kiosk.get("/api/v1/services").json["services"]}
    assert services["moving"]["waiting"] == 2
    assert services["moving"]["prefix"] == "F"
    assert services["moving"]["name"] == "Flytning og folkeregister"
    assert services["passport"]["requires_appointment"] is True
    english = {s["id"]: s for s in kiosk.get("/api/v1/services?lang=en").json["services"]}
    assert english["moving"]["name"] == "Moving and national register"


def test_issued_ticket_has_number_position_wait_and_a_status_link(kiosk, login):
    login("staff1", counter="1")
    first = issue(kiosk)
    second = issue(kiosk)
    assert first.status_code == 201
    assert first.json["number"] == "F001"
    assert second.json["number"] == "F002"
    assert first.json["position"] == 0
    assert second.json["position"] == 1
    # One counter serves it; moving takes 8 minutes by default: the one ahead is called
    # first, this one 8 minutes later, shown as "about 5-15 minutes".
    assert second.json["estimated_wait_minutes"] == 8
    assert second.json["estimated_wait_range"] == [5, 15]
    assert second.json["wait_note"] is None
    assert second.json["status_url"].startswith("http://localhost/t/")
    token = second.json["status_url"].rsplit("/", 1)[1]
    assert len(token) >= 20


def test_each_service_letter_counts_from_one(kiosk):
    assert issue(kiosk, "moving").json["number"] == "F001"
    assert issue(kiosk, "health_card").json["number"] == "H001"
    assert issue(kiosk, "moving").json["number"] == "F002"


def test_numbers_start_again_from_one_the_next_day(kiosk, clock):
    assert issue(kiosk).json["number"] == "F001"
    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=CPH))
    assert issue(kiosk).json["number"] == "F001"


def test_same_nonce_twice_is_one_ticket(kiosk):
    first = issue(kiosk, nonce="tap-123")
    again = issue(kiosk, nonce="tap-123")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json["id"] == first.json["id"]
    services = {s["id"]: s for s in kiosk.get("/api/v1/services").json["services"]}
    assert services["moving"]["waiting"] == 1


def test_ticket_status_by_id(kiosk, login):
    ticket = issue(kiosk).json
    status = kiosk.get(f"/api/v1/tickets/{ticket['id']}").json
    assert status == {
        "id": ticket["id"],
        "number": "F001",
        "service": "moving",
        "status": "waiting",
        "position": 0,
        # Nobody is at a counter yet: no wait is promised, and the reason says so.
        "estimated_wait_minutes": None,
        "estimated_wait_range": None,
        "wait_note": {"code": "unknown"},
        "counter": None,
    }
    login("staff1", counter="3").act("call-next")
    called = kiosk.get(f"/api/v1/tickets/{ticket['id']}").json
    assert called["status"] == "called"
    assert called["counter"] == "3"
    assert called["position"] is None


def test_status_never_reveals_staff_or_tokens(kiosk, login):
    ticket = issue(kiosk).json
    login("staff1", counter="3").act("call-next")
    body = kiosk.get(f"/api/v1/tickets/{ticket['id']}").get_data(as_text=True)
    assert "staff1" not in body and "Sara" not in body
    assert ticket["status_url"].rsplit("/", 1)[1] not in body


def test_unknown_service_is_404_with_translated_message(kiosk):
    answer = issue(kiosk, "no-such-service")
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "unknown_service"
    assert answer.json["error"]["message"] == "Vi kender ikke den ydelse."
    english = kiosk.post("/api/v1/tickets", json={"service": "x", "language": "en"})
    assert english.json["error"]["message"] == "We do not know that service."


def test_service_needing_an_appointment_gives_no_ticket(kiosk):
    answer = issue(kiosk, "passport")
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "appointment_required"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2, 3]",
        b'"moving"',
        b'{"service": 17}',
        b'{"service": null}',
        b'{"service": ["moving"]}',
        b'{"service": "moving", "language": "klingon"}',
        b'{"service": "moving", "nonce": 5}',
        b'{"service": "moving", "nonce": "' + b"x" * 200 + b'"}',
        b"{",
    ],
)
def test_malformed_bodies_get_a_4xx_json_error_and_issue_nothing(kiosk, db, body):
    answer = kiosk.post("/api/v1/tickets", data=body, content_type="application/json")
    assert 400 <= answer.status_code < 500
    assert answer.json["error"]["code"] in ("validation", "unknown_service")
    assert answer.json["error"]["message"]
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_huge_body_is_refused_without_a_500(kiosk):
    answer = kiosk.post(
        "/api/v1/tickets",
        data=b'{"service": "' + b"a" * 200_000 + b'"}',
        content_type="application/json",
    )
    assert answer.status_code in (413, 422)
    assert "error" in answer.json


def test_closed_centre_gives_no_ticket_and_says_when_it_opens(kiosk, clock):
    clock.set(datetime(2026, 11, 24, 8, 15, tzinfo=CPH))
    answer = issue(kiosk)
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "closed"
    # In Danish, as Danish writes a time (the kiosk asks in Danish unless told otherwise).
    assert "Vi åbner tirsdag 24. november kl. 10.00." in answer.json["error"]["message"]
    assert answer.json["error"]["opens_at"].startswith("2026-11-24T10:00")


def test_near_closing_a_long_queue_stops_issuing_for_that_service(kiosk, clock):
    clock.set(datetime(2026, 11, 24, 16, 30, tzinfo=CPH))
    numbers = []
    for _ in range(5):
        answer = issue(kiosk)
        if answer.status_code != 201:
            break
        numbers.append(answer.json["number"])
    # 8 minutes each with one counter: the 4th citizen would be served after 17:00.
    assert numbers == ["F001", "F002", "F003"]
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "closing_soon"
    assert "vi lukker kl. 17.00." in answer.json["error"]["message"]
    # A quick service still fits.
    assert issue(kiosk, "health_card").status_code == 201


def test_unknown_ticket_is_404(kiosk):
    answer = kiosk.get("/api/v1/tickets/does-not-exist")
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "unknown_ticket"


def test_unknown_route_and_wrong_method_are_json_errors(kiosk):
    assert kiosk.get("/api/v1/nothing").json["error"]["code"] == "not_found"
    wrong = kiosk.get("/api/v1/tickets")
    assert wrong.status_code == 405
    assert wrong.json["error"]["code"] == "method_not_allowed"


def test_every_issue_writes_an_event_and_the_print_outcome_follows(app, kiosk, db):
    ticket = issue(kiosk).json
    assert event_store.for_ticket(db, ticket["id"])[0]["type"] == "ticket.issued"
    assert app.extensions["enindgang"]["printer"].spooler.wait_idle(5)
    events = event_store.for_ticket(db, ticket["id"])
    assert [e["type"] for e in events] == ["ticket.issued", "print.ok"]


def test_status_page_and_qr_exist_for_the_token_only(kiosk):
    ticket = issue(kiosk).json
    path = ticket["status_url"].replace("http://localhost", "")
    assert kiosk.get(path).status_code == 200
    qr = kiosk.get(path + "/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert kiosk.get("/t/not-a-token").status_code == 404
