"""The central side of centre sync: keys, bookings by change cursor, events stored once."""

from __future__ import annotations

import pytest

from booking.domain.sync import issue_key
from booking.store import sync as sync_store
from tests.booking.conftest import NORREBRO_KEY, OSTERBRO_KEY, auth

TUESDAY_9 = "2026-11-24T09:00:00+01:00"


def book(api, **overrides) -> dict:
    body = {
        "service": "passport",
        "centre": "norrebro",
        "start": TUESDAY_9,
        "name": "Ida Ærø",
        "email": "ida@example.dk",
        **overrides,
    }
    response = api.post("/api/v1/bookings", json=body)
    assert response.status_code == 201, response.json
    return response.json


def pull(api, key=NORREBRO_KEY, cursor=None, limit=None):
    params = {k: v for k, v in {"cursor": cursor, "limit": limit}.items() if v is not None}
    return api.get("/api/v1/sync/bookings", query_string=params, headers=auth(key))


def event(n: int, type: str = "ticket.issued", **data) -> dict:
    return {
        "id": f"ev-{n}",
        "seq": n,
        "at": "2026-11-23T08:00:00.000000+00:00",
        "type": type,
        "ticket_id": f"t{n}",
        "counter": None,
        "data": data,
    }


def test_a_missing_or_wrong_key_is_refused_and_logged(api, keys, caplog):
    assert api.get("/api/v1/sync/bookings").status_code == 401
    wrong = pull(api, key="norrebro.not-the-key")
    assert wrong.status_code == 401
    assert wrong.json["error"]["code"] == "not_authenticated"
    assert "sync refused" in caplog.text
    posted = api.post("/api/v1/sync/events", json={"events": [event(1)]}, headers=auth("x"))
    assert posted.status_code == 401


def test_a_centre_asking_for_another_centres_data_is_forbidden(api, keys):
    response = api.get(
        "/api/v1/sync/bookings", query_string={"centre": "osterbro"}, headers=auth(NORREBRO_KEY)
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_first_pull_is_the_centres_window_without_personal_data(api, keys):
    mine = book(api)
    book(api, centre="osterbro", email="other@example.dk")
    book(api, start="2026-12-21T10:00:00+01:00", email="late@example.dk")  # beyond 14 days
    answer = pull(api).json
    assert [b["code"] for b in answer["bookings"]] == [mine["code"]]
    item = answer["bookings"][0]
    assert set(item) == {"code", "service", "start", "end", "status"}
    assert (item["start"], item["status"], item["service"]) == (TUESDAY_9, "confirmed", "passport")
    assert answer["more"] is False and answer["cursor"].startswith("v1.")


def test_changes_after_the_cursor_come_in_order_once_per_booking(api, keys):
    cursor = pull(api).json["cursor"]
    assert pull(api, cursor=cursor).json["bookings"] == []
    first = book(api)
    second = book(api, start="2026-11-24T10:00:00+01:00", email="b@example.dk")
    page = pull(api, cursor=cursor, limit="1").json
    assert [b["code"] for b in page["bookings"]] == [first["code"]] and page["more"] is True
    rest = pull(api, cursor=page["cursor"]).json
    assert [b["code"] for b in rest["bookings"]] == [second["code"]] and rest["more"] is False
    token = first["manage_url"].split("token=")[1]
    api.post(f"/api/v1/bookings/{first['code']}/cancel", json={"token": token})
    changed = pull(api, cursor=rest["cursor"]).json["bookings"]
    assert [(b["code"], b["status"]) for b in changed] == [(first["code"], "cancelled")]


def test_a_booking_moved_to_another_centre_is_removed_from_the_old_one(api, keys):
    booked = book(api)
    cursor = pull(api).json["cursor"]
    token = booked["manage_url"].split("token=")[1]
    moved = api.post(
        f"/api/v1/bookings/{booked['code']}/move",
        json={"token": token, "centre": "osterbro", "start": TUESDAY_9},
    )
    assert moved.status_code == 200, moved.json
    old = pull(api, cursor=cursor).json["bookings"]
    assert old == [{"code": booked["code"], "status": "removed"}]
    new = pull(api, key=OSTERBRO_KEY).json["bookings"]
    assert [b["code"] for b in new] == [booked["code"]]


def test_a_malformed_cursor_or_limit_is_a_validation_error(api, keys):
    assert pull(api, cursor="garbage").status_code == 422
    assert pull(api, limit="0").status_code == 422
    assert pull(api, limit="abc").status_code == 422


def test_live_lookup_knows_unknown_and_wrong_centre(api, keys):
    mine = book(api)
    theirs = book(api, centre="osterbro", email="o@example.dk")
    found = api.get(f"/api/v1/sync/bookings/{mine['code'].lower()}", headers=auth(NORREBRO_KEY))
    assert found.status_code == 200 and found.json["booking"]["code"] == mine["code"]
    assert "email" not in found.json["booking"]
    unknown = api.get("/api/v1/sync/bookings/AAAAAA", headers=auth(NORREBRO_KEY))
    assert (unknown.status_code, unknown.json["error"]["code"]) == (404, "unknown_booking")
    wrong = api.get(f"/api/v1/sync/bookings/{theirs['code']}", headers=auth(NORREBRO_KEY))
    assert wrong.status_code == 409
    assert (wrong.json["error"]["code"], wrong.json["error"]["centre"]) == (
        "wrong_centre",
        "osterbro",
    )


def test_events_are_stored_once_whatever_is_sent_again(api, keys, central_db):
    batch = {"events": [event(1), event(2), event(3)]}
    first = api.post("/api/v1/sync/events", json=batch, headers=auth(NORREBRO_KEY))
    assert first.json == {"stored": 3, "duplicates": 0, "last_seq": 3}
    again = api.post(
        "/api/v1/sync/events",
        json={"events": [event(2), event(3), event(4)]},
        headers=auth(NORREBRO_KEY),
    )
    assert again.json == {"stored": 1, "duplicates": 2, "last_seq": 4}
    assert [e["id"] for e in sync_store.events_of(central_db, "norrebro")] == [
        "ev-1",
        "ev-2",
        "ev-3",
        "ev-4",
    ]
    # The same ids from another centre are that centre's own events.
    other = api.post("/api/v1/sync/events", json=batch, headers=auth(OSTERBRO_KEY))
    assert other.json["stored"] == 3


@pytest.mark.parametrize(
    "body",
    [
        {"events": [event(1), {**event(2), "seq": "two"}]},
        {"events": [event(1), {**event(2), "at": "yesterday"}]},
        {"events": [event(1), {**event(2), "at": "2026-11-23T08:00:00"}]},
        {"events": [event(1), {**event(2), "type": "DROP TABLE"}]},
        {"events": [event(1), {**event(2), "data": "text"}]},
        {"events": [event(1), {**event(2), "id": ""}]},
        {"events": [event(1), event(1)]},
        {"events": [event(2), event(1)]},
        {"events": [event(1), "not an event"]},
        {"events": "nope"},
        {},
        {"events": [event(1), event(2, "ticket.checked_in")]},
    ],
)
def test_a_malformed_batch_is_refused_whole_and_nothing_is_stored(api, keys, central_db, body):
    response = api.post("/api/v1/sync/events", json=body, headers=auth(NORREBRO_KEY))
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation"
    assert sync_store.events_of(central_db, "norrebro") == []


def test_a_body_that_is_not_json_is_refused(api, keys):
    response = api.post(
        "/api/v1/sync/events", data="{{{", headers={**auth(NORREBRO_KEY), "Content-Type": "x"}
    )
    assert response.status_code == 422


def test_a_check_in_event_marks_the_booking_and_its_replica_sees_it(api, keys, central_db):
    booked = book(api)
    cursor = pull(api).json["cursor"]
    checked = event(1, "ticket.checked_in", booking_code=booked["code"])
    response = api.post(
        "/api/v1/sync/events", json={"events": [checked]}, headers=auth(NORREBRO_KEY)
    )
    assert response.json["stored"] == 1
    changed = pull(api, cursor=cursor).json["bookings"]
    assert changed[0]["checked_in_at"] == checked["at"]


def test_checking_in_another_centres_booking_is_forbidden_and_stores_nothing(api, keys, central_db):
    theirs = book(api, centre="osterbro")
    batch = {"events": [event(1), event(2, "ticket.checked_in", booking_code=theirs["code"])]}
    response = api.post("/api/v1/sync/events", json=batch, headers=auth(NORREBRO_KEY))
    assert response.status_code == 403
    assert sync_store.events_of(central_db, "norrebro") == []


def test_overview_sums_up_each_centre_from_its_events(api, keys, staff_login):
    events = [
        event(1, "ticket.issued"),
        event(2, "ticket.issued"),
        {**event(3, "ticket.called", waited_seconds=120), "ticket_id": "t1"},
        {**event(4, "ticket.finished"), "ticket_id": "t1"},
        {**event(5, "ticket.called", waited_seconds=240), "ticket_id": "t2"},
        event(6, "ticket.issued"),
        {**event(7, "ticket.no_show"), "ticket_id": "t6"},
        event(8, "ticket.issued"),
    ]
    api.post("/api/v1/sync/events", json={"events": events}, headers=auth(NORREBRO_KEY))
    assert api.get("/api/v1/overview").status_code == 401
    reception = staff_login("reception1")
    centres = {c["id"]: c for c in reception.get("/api/v1/overview").json["centres"]}
    norrebro = centres["norrebro"]
    assert norrebro["reporting"] == "live" and norrebro["last_contact_at"] is not None
    added = {"last_event_at": None, "labels": None, "last_contact_at": None, "reporting": None}
    assert norrebro | added == {
        "id": "norrebro",
        "name": "Borgerservice Nørrebro",
        "waiting": 1,
        "being_served": 1,
        "served_today": 1,
        "average_wait_minutes": 3.0,
        "no_shows": 1,
        "checked_in": 0,
        "last_event_at": None,
        "open_counters": 0,  # these events name no counter
        "warnings": ["no_counter_open"],
        **added,
    }
    assert centres["osterbro"]["waiting"] == 0
    page = reception.get("/staff/overview")
    assert page.status_code == 200 and "Borgerservice Nørrebro" in page.get_data(as_text=True)


def test_a_new_key_replaces_the_old_one(api, keys, central_db, clock):
    issue_key(central_db, "norrebro", clock.now(), "norrebro.second-key-123456")
    assert pull(api).status_code == 401
    assert pull(api, key="norrebro.second-key-123456").status_code == 200


def test_a_visit_fact_from_a_centre_without_the_shown_wait_is_kept_as_no_range_shown(
    api, keys, central_db
):
    from kernel import visit_store
    from kernel.visit_facts import LATER_FIELDS

    older = {
        "id": "t1",
        "at": "2026-11-23T08:00:00+00:00",
        "day": "2026-11-23",
        "hour": 9,
        "weekday": 0,
        "service": "passport",
        "channel": "kiosk",
        "status": "served",
        "outcome": "resolved",
        "handed_to": None,
        "task": "stat-pas-og-koerekort",
        "administration": "Stat",
        "level": 2,
        "tasks": ["stat-pas-og-koerekort"],
        "wait_seconds": 300,
        "service_seconds": 420,
    }
    finished = event(1, "ticket.finished", visit=older)
    posted = api.post(
        "/api/v1/sync/events", json={"events": [finished]}, headers=auth(NORREBRO_KEY)
    )
    assert posted.status_code == 200, posted.json
    [row] = visit_store.between(central_db, "2026-11-23", "2026-11-23", centre="norrebro")
    assert row["wait_seconds"] == 300
    assert [row[k] for k in LATER_FIELDS] == [None, None]
