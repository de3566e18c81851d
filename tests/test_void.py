"""Reception and the manager void tickets: one or many, all or none, never called again."""

from __future__ import annotations


def take(kiosk, service="moving"):
    return kiosk.post("/api/v1/tickets", json={"service": service}).json


def void(staff, *ids):
    return staff.post("/api/v1/tickets/void", json={"tickets": list(ids)})


def test_a_voided_ticket_leaves_the_queue_and_the_people_behind_move_up(kiosk, login, db):
    first, second, third = take(kiosk), take(kiosk), take(kiosk)
    assert kiosk.get(f"/api/v1/tickets/{third['id']}").json["position"] == 2
    answer = void(login("reception1"), first["id"])
    assert answer.status_code == 200
    assert answer.json["voided"] == [{"id": first["id"], "number": first["number"]}]
    assert kiosk.get(f"/api/v1/tickets/{first['id']}").json["status"] == "cancelled"
    assert kiosk.get(f"/api/v1/tickets/{third['id']}").json["position"] == 1
    services = {s["id"]: s for s in kiosk.get("/api/v1/services").json["services"]}
    assert services["moving"]["waiting"] == 2
    queue = login("reception1").get("/api/v1/queue").json["tickets"]
    assert first["id"] not in [t["id"] for t in queue]
    rows = db.execute("SELECT staff, data FROM events WHERE type = 'ticket.voided'").fetchall()
    assert len(rows) == 1 and rows[0][0] == "reception1" and first["number"] in rows[0][1]
    del second


def test_a_voided_ticket_is_never_called(kiosk, login):
    first, second = take(kiosk), take(kiosk)
    void(login("manager1"), first["id"])
    staff = login("staff1", counter="1")
    assert staff.act("call-next").json["ticket"]["id"] == second["id"]
    staff.act("finish")
    assert staff.act("call-next").json["ticket"] is None
    direct = staff.post("/api/v1/counter/call", json={"ticket": first["id"]})
    assert direct.status_code == 409


def test_several_tickets_are_voided_in_one_call_with_an_event_each(kiosk, login, db):
    tickets = [take(kiosk) for _ in range(3)]
    answer = void(login("manager1"), *[t["id"] for t in tickets[:2]])
    assert [v["number"] for v in answer.json["voided"]] == ["F001", "F002"]
    rows = db.execute("SELECT ticket_id, staff FROM events WHERE type = 'ticket.voided'")
    assert sorted(rows.fetchall()) == sorted((t["id"], "manager1") for t in tickets[:2])
    assert kiosk.get(f"/api/v1/tickets/{tickets[2]['id']}").json["position"] == 0


def test_one_unknown_or_called_ticket_voids_none(kiosk, login, db):
    first, second = take(kiosk), take(kiosk)
    reception = login("reception1")
    unknown = void(reception, first["id"], "no-such-ticket")
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "unknown_ticket"
    called = login("staff1", counter="1").act("call-next").json["ticket"]
    refused = void(reception, second["id"], called["id"])
    assert refused.status_code == 409 and refused.json["error"]["code"] == "invalid_state"
    statuses = {kiosk.get(f"/api/v1/tickets/{t['id']}").json["status"] for t in (first, second)}
    assert statuses == {"waiting", "called"}
    assert db.execute("SELECT COUNT(*) FROM events WHERE type = 'ticket.voided'").fetchone()[0] == 0


def test_a_parked_ticket_can_be_voided(kiosk, login):
    ticket = take(kiosk)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    staff.act("park")
    assert void(login("reception1"), ticket["id"]).status_code == 200
    assert staff.get("/api/v1/counter").json["parked"] == []


def test_counter_staff_kiosks_and_forged_requests_cannot_void(kiosk, login):
    ticket = take(kiosk)
    staff = login("staff1", counter="1")
    assert void(staff, ticket["id"]).json["error"]["code"] == "forbidden"
    assert kiosk.post("/api/v1/tickets/void", json={"tickets": [ticket["id"]]}).status_code in (
        400,
        401,
    )
    reception = login("reception1")
    forged = reception.http.post("/api/v1/tickets/void", json={"tickets": [ticket["id"]]})
    assert forged.json["error"]["code"] == "csrf_failed"
    for body in ({}, {"tickets": []}, {"tickets": "x"}, {"tickets": [1]}):
        bad = reception.post("/api/v1/tickets/void", json=body)
        assert bad.status_code == 422 and bad.json["error"]["code"] == "validation"
    assert kiosk.get(f"/api/v1/tickets/{ticket['id']}").json["status"] == "waiting"


def test_the_citizens_status_page_says_the_number_is_cancelled(kiosk, login):
    ticket = take(kiosk)
    void(login("reception1"), ticket["id"])
    page = kiosk.get(ticket["status_url"].replace("http://localhost", "") + "?lang=en")
    assert "This number has been cancelled." in page.get_data(as_text=True)
