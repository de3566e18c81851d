"""Reception issues tickets at the desk; the manager sees everything and steers services."""

from centre.store import events as event_store


def issue(kiosk, service="moving"):
    return kiosk.post("/api/v1/tickets", json={"service": service}).json


def test_reception_issues_a_priority_ticket_that_is_called_first(kiosk, login, clock):
    issue(kiosk)
    clock.advance(minutes=10)
    reception = login("reception1")
    answer = reception.post(
        "/api/v1/reception/tickets", json={"service": "moving", "priority": True}
    )
    assert answer.status_code == 201
    assert answer.json["priority"] is True
    assert answer.json["position"] == 0
    called = login("staff1", counter="1").act("call-next").json["ticket"]
    assert called["id"] == answer.json["id"]
    assert called["priority"] is True


def test_a_priority_ticket_counts_only_earlier_priority_tickets_of_its_service_ahead(kiosk, login):
    issue(kiosk)
    reception = login("reception1")
    for service in ("moving", "health_card"):
        reception.post("/api/v1/reception/tickets", json={"service": service, "priority": True})
    answer = reception.post(
        "/api/v1/reception/tickets", json={"service": "moving", "priority": True}
    )
    assert answer.json["position"] == 1


def test_reception_ticket_for_a_named_staff_member_waits_for_them(login):
    reception = login("reception1")
    answer = reception.post(
        "/api/v1/reception/tickets", json={"service": "moving", "staff": "staff2"}
    )
    assert answer.status_code == 201
    assert login("staff1", counter="1").act("call-next").json["ticket"] is None
    assert login("staff2", counter="2").act("call-next").json["ticket"]["id"] == answer.json["id"]


def test_reception_ticket_for_unknown_staff_is_refused(login, db):
    answer = login("reception1").post(
        "/api/v1/reception/tickets", json={"service": "moving", "staff": "nobody"}
    )
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "unknown_staff"
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_reception_ticket_records_who_issued_it(login, db):
    answer = login("reception1").post("/api/v1/reception/tickets", json={"service": "moving"})
    issued = event_store.for_ticket(db, answer.json["id"])[0]
    assert issued["staff"] == "reception1"


def test_counter_staff_may_not_use_reception_or_manager_endpoints(login):
    staff = login("staff1", counter="1")
    assert staff.post("/api/v1/reception/tickets", json={"service": "moving"}).status_code == 403
    assert staff.post("/api/v1/manager/services/moving", json={"weight": 2}).status_code == 403
    assert staff.get("/api/v1/overview").status_code == 403


def test_reception_sees_the_whole_queue_staff_only_what_they_serve(kiosk, login):
    issue(kiosk, "moving")
    issue(kiosk, "tax_decision")
    everything = login("reception1").get("/api/v1/queue").json["tickets"]
    assert {t["number"] for t in everything} == {"F001", "R001"}
    mine = login("staff1", counter="1").get("/api/v1/queue").json["tickets"]
    assert {t["number"] for t in mine} == {"F001"}


def test_manager_overview_shows_counters_people_and_queue(kiosk, login):
    issue(kiosk)
    login("staff1", counter="3").act("call-next")
    overview = login("manager1").get("/api/v1/overview").json
    three = next(c for c in overview["counters"] if c["id"] == "3")
    assert three["staff"] == "staff1"
    assert three["staff_name"] == "Sara Sørensen"
    assert three["ticket"]["number"] == "F001"
    moving = next(s for s in overview["services"] if s["id"] == "moving")
    assert moving["counters_serving"] == 1
    assert overview["today"] == {"called": 1}


def test_manager_weight_lets_a_younger_ticket_of_that_service_go_first(kiosk, login, clock):
    issue(kiosk, "moving")
    clock.advance(minutes=4)
    issue(kiosk, "health_card")
    clock.advance(minutes=2)
    # Unweighted the older moving ticket (6 min) would go first; x5 the health card ticket
    # counts as 2 x 5 = 10 minutes.
    manager = login("manager1")
    answer = manager.post("/api/v1/manager/services/health_card", json={"weight": 5})
    assert answer.status_code == 200
    assert answer.json["service"]["weight"] == 5
    staff = login("staff1", counter="1")
    assert staff.act("call-next").json["ticket"]["number"] == "H001"
    staff.act("finish")
    assert staff.act("call-next").json["ticket"]["number"] == "F001"


def test_manager_rejects_silly_weights(login):
    manager = login("manager1")
    for weight in (0, -1, 100, "heavy", None, True, float("nan")):
        body = {"weight": weight} if weight == weight else '{"weight": NaN}'
        answer = (
            manager.post("/api/v1/manager/services/moving", json=body)
            if isinstance(body, dict)
            else manager.post(
                "/api/v1/manager/services/moving", data=body, content_type="application/json"
            )
        )
        assert answer.status_code == 422, weight
    assert manager.post("/api/v1/manager/services/nope", json={"weight": 2}).status_code == 404
    assert manager.post("/api/v1/manager/services/moving", json={}).status_code == 422


def test_manager_stops_a_service_for_today_only(kiosk, login, clock):
    manager = login("manager1")
    assert (
        manager.post("/api/v1/manager/services/moving", json={"stopped_today": True}).json[
            "service"
        ]["stopped_today"]
        is True
    )
    refused = kiosk.post("/api/v1/tickets", json={"service": "moving"})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "service_stopped"
    assert kiosk.post("/api/v1/tickets", json={"service": "health_card"}).status_code == 201
    clock.advance(days=1)
    assert kiosk.post("/api/v1/tickets", json={"service": "moving"}).status_code == 201
