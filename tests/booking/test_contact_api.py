"""The contact centre's workspace API: first free anywhere, book/move/cancel, live waits, calls
logged in two taps and counted as the phone channel, and who may use it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking.domain.contact import CONTACT_CENTRE
from booking.store import audit
from tests.booking.conftest import NORREBRO_KEY, auth

CITIZEN = {"name": "Ida Ærø", "phone": "12345678"}


def first_free(session, centre: str | None = None, service: str = "passport") -> dict:
    query = f"/api/v1/contact/first-free?service={service}"
    answer = session.get(query + (f"&centre={centre}" if centre else ""))
    assert answer.status_code == 200, answer.json
    return answer.json


def book(session, slot: dict, **body) -> dict:
    data = {"service": "passport", "centre": slot["centre"], "start": slot["start"], **CITIZEN}
    answer = session.post("/api/v1/contact/bookings", json={**data, **body})
    assert answer.status_code == 201, answer.json
    return answer.json


def calls_stored(db) -> int:
    found = db.execute("SELECT COUNT(*) FROM visits WHERE centre = ?", [CONTACT_CENTRE])
    return found.fetchone()[0]


def test_first_free_anywhere_is_the_earliest_time_across_the_centres(staff_login, api):
    phone = staff_login("contact1")
    # Take Nørrebro's first times until Østerbro is free earlier.
    for _ in range(10):
        norrebro = first_free(phone, "norrebro")["first"]
        osterbro = first_free(phone, "osterbro")["first"]
        if osterbro["start"] < norrebro["start"]:
            break
        book(phone, norrebro)
    else:
        pytest.fail("Nørrebro's first time never moved past Østerbro's")
    anywhere = first_free(phone)
    assert anywhere["first"] == osterbro
    assert [c["centre"] for c in anywhere["centres"]] == ["osterbro", "norrebro"]
    assert anywhere["centres"][1]["first"] == norrebro
    # The citizens' own availability says the same: nothing anywhere before it.
    public = api.get("/api/v1/availability?service=passport").json["slots"]
    assert public[0] == osterbro
    assert anywhere["next"] == public[: len(anywhere["next"])]


def test_the_first_free_time_at_a_chosen_centre_is_only_that_centres(staff_login):
    answer = first_free(staff_login("contact1"), "osterbro")
    assert answer["centre"] == "osterbro"
    assert {s["centre"] for s in answer["next"]} == {"osterbro"}
    assert [c["centre"] for c in answer["centres"]] == ["osterbro"]


def test_a_booking_is_made_moved_and_cancelled_through_the_workspace(staff_login, central_db):
    phone = staff_login("contact1")
    free = first_free(phone)["next"]
    booked = book(phone, free[0], email="ida@example.dk")
    assert booked["source"] == "staff" and booked["status"] == "confirmed"
    code = booked["code"]
    found = phone.get(f"/api/v1/contact/bookings/{code}?lang=en").json
    assert found["name"] == "Ida Ærø" and found["status_label"] == "Booked"

    elsewhere = first_free(phone, "osterbro")["next"][-1]
    moved = phone.post(
        f"/api/v1/contact/bookings/{code}/move",
        json={"centre": elsewhere["centre"], "start": elsewhere["start"]},
    )
    assert moved.status_code == 200, moved.json
    assert (moved.json["centre"], moved.json["start"]) == ("osterbro", elsewhere["start"])

    cancelled = phone.post(f"/api/v1/contact/bookings/{code}/cancel", json={})
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    assert phone.get(f"/api/v1/contact/bookings/{code}?lang=da").json["status_label"] == "Aflyst"
    actions = [(a["action"], a["actor"]) for a in audit.for_booking(central_db, code)]
    assert ("book", "contact1") in actions and ("cancel", "contact1") in actions
    assert ("move", "contact1") in actions


def test_a_taken_time_is_refused_with_the_same_rule_as_every_channel(staff_login):
    phone = staff_login("contact1")
    slot = first_free(phone, "osterbro")["first"]  # Østerbro has one member who serves it
    book(phone, slot)
    again = phone.post(
        "/api/v1/contact/bookings",
        json={"service": "passport", "centre": "osterbro", "start": slot["start"], **CITIZEN},
    )
    assert again.status_code == 409 and again.json["error"]["code"] == "slot_taken"


def _event(n: int, at: str, kind: str, ticket: str | None, counter: str | None = None, **data):
    return {
        "id": f"w-{n}",
        "seq": n,
        "at": at,
        "type": kind,
        "ticket_id": ticket,
        "counter": counter,
        "data": data,
    }


def test_waits_per_centre_and_service_come_from_the_uploaded_events(api, keys, staff_login):
    # The clock is 08:00 in Copenhagen (07:00 UTC). Nørrebro: a counter open; one moving
    # citizen called after 6 minutes' wait, two still waiting since 06:40 and 06:50 UTC (20
    # and 10 minutes); a booked check-in is no queue.
    events = [
        _event(1, "2026-11-23T06:30:00.000000+00:00", "counter.opened", None, "1"),
        _event(2, "2026-11-23T06:30:00.000000+00:00", "ticket.issued", "a", service="moving"),
        _event(
            3, "2026-11-23T06:36:00.000000+00:00", "ticket.called", "a", "1", waited_seconds=360
        ),
        _event(4, "2026-11-23T06:40:00.000000+00:00", "ticket.issued", "b", service="moving"),
        _event(5, "2026-11-23T06:50:00.000000+00:00", "ticket.issued", "c", service="moving"),
        _event(
            6,
            "2026-11-23T06:55:00.000000+00:00",
            "ticket.checked_in",
            "d",
            service="passport",
            booking_code="KR7M",
        ),
    ]
    sent = api.post("/api/v1/sync/events", json={"events": events}, headers=auth(NORREBRO_KEY))
    assert sent.status_code == 200, sent.json
    answer = staff_login("contact1").get("/api/v1/contact/waits?lang=en").json
    centres = {c["id"]: c for c in answer["centres"]}
    norrebro = {q["service"]: q for q in centres["norrebro"]["services"]}
    assert centres["norrebro"]["reporting"] == "live"
    assert centres["norrebro"]["labels"]["updated"] == "Updated 08:00"
    assert norrebro["moving"]["waiting"] == 2
    assert norrebro["moving"]["longest_minutes"] == 20
    assert norrebro["moving"]["recent_minutes"] == 6
    assert norrebro["moving"]["wait_minutes"] == 20
    assert norrebro["moving"]["label"] == "About 20 min."
    # Nobody waits for housing and a counter is open: no queue. Booked services are not listed.
    assert norrebro["housing"]["label"] == "No queue"
    assert "passport" not in norrebro
    # Østerbro never reported: its wait is not known, and the page says so.
    osterbro = {q["service"]: q for q in centres["osterbro"]["services"]}
    assert osterbro["moving"]["wait_minutes"] is None
    assert osterbro["moving"]["label"] == "Not known now"
    assert centres["osterbro"]["labels"]["reporting"] == "Has never reported"


def test_the_workspace_page_shows_each_centres_waits_in_danish(api, keys, staff_login):
    events = [
        _event(1, "2026-11-23T06:30:00.000000+00:00", "counter.opened", None, "1"),
        _event(2, "2026-11-23T06:55:00.000000+00:00", "ticket.issued", "a", service="moving"),
    ]
    api.post("/api/v1/sync/events", json={"events": events}, headers=auth(NORREBRO_KEY))
    html = staff_login("contact1").get("/staff/contact?lang=da").get_data(as_text=True)
    assert "Ca. 5 min." in html and "Opdateret kl. 08.00" in html
    assert "Telefonarbejdsplads" in html and "Log opkaldet" in html


def report(session, by: str) -> dict[str, dict]:
    answer = session.get(f"/api/v1/reports/visits?from=2026-11-23&to=2026-11-23&by={by}&lang=en")
    assert answer.status_code == 200, answer.json
    return {r["key"]: r for r in answer.json["rows"]}


def test_a_call_logged_in_two_taps_counts_as_the_phone_channel_with_its_outcome(staff_login):
    phone = staff_login("contact1")
    logged = phone.post("/api/v1/contact/calls", json={"service": "moving", "outcome": "booked"})
    assert logged.status_code == 201, logged.json
    assert logged.json["call"]["channel"] == "phone"
    handed = phone.post(
        "/api/v1/contact/calls",
        json={"service": "pension", "outcome": "handed_over", "administration": "SUF"},
    )
    assert handed.status_code == 201, handed.json
    reader = staff_login("report1")
    by_channel = report(reader, "channel")
    assert by_channel["phone"]["visits"] == 2 and by_channel["phone"]["label"] == "Phone"
    by_outcome = report(reader, "outcome")
    assert by_outcome["booked"]["label"] == "Call: time booked"
    assert by_outcome["handed_over"]["visits"] == 1
    by_centre = report(reader, "centre")
    assert by_centre[CONTACT_CENTRE]["label"] == "Contact centre"
    by_administration = report(reader, "administration")
    assert by_administration["SUF"]["visits"] == 1


def test_a_call_put_through_records_where_it_went_and_the_report_names_it(staff_login):
    phone = staff_login("contact1")
    for body in (
        {"service": "moving", "outcome": "put_through", "to": "osterbro"},
        {"service": "moving", "outcome": "put_through", "to": "osterbro"},
        {"service": "housing", "outcome": "put_through", "to": "SUF"},
        {"service": "pension", "outcome": "handed_over", "administration": "SUF"},
        {"service": "moving", "outcome": "answered"},
    ):
        logged = phone.post("/api/v1/contact/calls", json=body)
        assert logged.status_code == 201, logged.json
    assert logged.json["call"]["handed_to"] is None
    put = phone.post(
        "/api/v1/contact/calls",
        json={"service": "moving", "outcome": "put_through", "to": "osterbro"},
    )
    assert put.json["call"]["outcome"] == "put_through"
    assert put.json["call"]["handed_to"] == "osterbro"
    by_target = report(staff_login("report1"), "passed_to")
    assert by_target["osterbro"]["visits"] == 3 and by_target["osterbro"]["label"] == "Østerbro"
    assert by_target["SUF"]["visits"] == 2 and by_target["SUF"]["label"] == "Health Administration"
    assert by_target[""]["visits"] == 1 and by_target[""]["label"] == "Not passed on"


def test_a_call_put_through_without_where_is_refused_naming_the_field(staff_login):
    phone = staff_login("contact1")
    refused = phone.post(
        "/api/v1/contact/calls?lang=en", json={"service": "moving", "outcome": "put_through"}
    )
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "validation"
    assert refused.json["error"]["fields"]["to"] == {
        "code": "required",
        "message": "Please fill this in.",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "answered"}, "service"),
        ({"service": "no-such", "outcome": "answered"}, "service"),
        ({"service": "moving"}, "outcome"),
        ({"service": "moving", "outcome": "resolved"}, "outcome"),
        ({"service": "moving", "outcome": "handed_over"}, "administration"),
        (
            {"service": "moving", "outcome": "handed_over", "administration": "XYZ"},
            "administration",
        ),
        ({"service": "moving", "outcome": "answered", "administration": "SUF"}, "administration"),
        ({"service": "moving", "outcome": "put_through"}, "to"),
        ({"service": "moving", "outcome": "put_through", "to": "atlantis"}, "to"),
        ({"service": "moving", "outcome": "put_through", "to": {"id": "valby"}}, "to"),
        ({"service": "moving", "outcome": "booked", "to": "valby"}, "to"),
        ([1, 2], "body"),
    ],
)
def test_a_bad_call_is_refused_with_the_field_and_leaves_no_row(
    staff_login, central_db, body, field
):
    phone = staff_login("contact1")
    refused = phone.post("/api/v1/contact/calls?lang=en", json=body)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "validation"
    assert field in refused.json["error"]["fields"]
    assert refused.json["error"]["fields"][field]["message"]
    assert calls_stored(central_db) == 0


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=15), inner),
    max_leaves=8,
)
BODIES = (
    st.fixed_dictionaries(
        {},
        optional={
            "service": st.sampled_from(["moving", "pension", "", "x" * 80]) | JSON,
            "outcome": st.sampled_from(["answered", "booked", "handed_over", "put_through"]) | JSON,
            "administration": st.sampled_from(["SUF", "BTF", ""]) | JSON,
            "to": st.sampled_from(["valby", "SUF", "", "nowhere"]) | JSON,
        },
    )
    | JSON
)


def test_no_call_body_gives_a_server_error_and_a_refused_one_stores_nothing(
    staff_login, central_db
):
    phone = staff_login("contact1")  # once: a login per example would be most of the time

    @settings(max_examples=120, deadline=None)
    @given(body=BODIES)
    def check(body):
        before = calls_stored(central_db)
        answer = phone.post(
            "/api/v1/contact/calls",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        assert answer.status_code in (201, 422), answer.get_data(as_text=True)
        if answer.status_code == 422:
            assert answer.json["error"]["code"] == "validation"
            assert answer.json["error"]["fields"]
        assert calls_stored(central_db) == before + (1 if answer.status_code == 201 else 0)

    check()


PATHS = [
    ("get", "/api/v1/contact/first-free?service=passport"),
    ("get", "/api/v1/contact/waits"),
    ("post", "/api/v1/contact/calls"),
    ("post", "/api/v1/contact/bookings"),
    ("get", "/api/v1/contact/bookings/ABCD1234"),
]


@pytest.mark.parametrize(("method", "path"), PATHS)
@pytest.mark.parametrize("username", ["reception1", "report1"])
def test_reception_and_the_report_role_are_refused_the_phone(staff_login, method, path, username):
    session = staff_login(username)
    answer = getattr(session, method)(path + ("&" if "?" in path else "?") + "lang=en", json={})
    assert answer.status_code == 403
    assert answer.json["error"]["code"] == "forbidden"
    assert answer.json["error"]["message"]


@pytest.mark.parametrize(("method", "path"), PATHS)
def test_a_citizen_without_a_login_is_refused_the_phone(api, method, path):
    joined = path + ("&" if "?" in path else "?")
    english = getattr(api, method)(joined + "lang=en", json={})
    danish = getattr(api, method)(joined + "lang=da", json={})
    # A POST without a session has no CSRF token either: refused before the login is asked.
    refusal = (401, "not_authenticated") if method == "get" else (400, "csrf_failed")
    assert (english.status_code, english.json["error"]["code"]) == refusal
    assert (danish.status_code, danish.json["error"]["code"]) == refusal
    assert english.json["error"]["message"] != danish.json["error"]["message"]


def test_a_manager_may_step_in_on_the_phone(staff_login):
    manager = staff_login("manager1")
    assert manager.get("/api/v1/contact/waits").status_code == 200
    logged = manager.post(
        "/api/v1/contact/calls",
        json={"service": "moving", "outcome": "put_through", "to": "osterbro"},
    )
    assert logged.status_code == 201


def test_the_workspace_page_is_the_contact_centres_landing_and_closed_to_reception(
    central, staff_login
):
    http = central.test_client()
    login = http.get("/staff/login")
    token = login.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    staff_login("contact1")  # makes the account
    landed = http.post(
        "/staff/login",
        data={"username": "contact1", "password": "secret-pw", "csrf_token": token},
    )
    assert landed.status_code == 302 and landed.headers["Location"].endswith("/staff/contact")
    assert staff_login("reception1").get("/staff/contact").status_code == 403
    assert staff_login("contact1").get("/staff").status_code == 403
    assert central.test_client().get("/staff/contact").status_code == 302
