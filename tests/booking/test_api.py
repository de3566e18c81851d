"""The public booking API: centres, services, availability, bookings, cancel and move."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from kernel.numbering import CODE_ALPHABET

TUESDAY_9 = "2026-11-24T09:00:00+01:00"
TUESDAY_920 = "2026-11-24T09:20:00+01:00"


def booking_body(**overrides) -> dict:
    body = {
        "service": "passport",
        "centre": "norrebro",
        "start": TUESDAY_9,
        "name": "Ida Ærø",
        "email": "ida@example.dk",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def token_of(answer: dict) -> str:
    return parse_qs(urlparse(answer["manage_url"]).query)["token"][0]


def test_centres_list_the_centres_and_what_each_offers(api):
    response = api.get("/api/v1/centres")
    assert response.status_code == 200
    centres = {c["id"]: c for c in response.json["centres"]}
    assert list(centres) == ["norrebro", "osterbro"]
    assert "tax_decision" in centres["norrebro"]["services"]
    assert "tax_decision" not in centres["osterbro"]["services"]
    assert "passport" in centres["osterbro"]["services"]


def test_services_are_named_in_the_asked_language_with_their_centres(api):
    services = {s["id"]: s for s in api.get("/api/v1/services?lang=en").json["services"]}
    assert services["passport"]["name"] == "Passport"
    assert services["passport"]["minutes"] == 15
    assert services["tax_decision"]["centres"] == ["norrebro"]
    danish = {s["id"]: s for s in api.get("/api/v1/services?lang=da").json["services"]}
    assert danish["passport"]["name"] == "Pas"


def test_availability_gives_local_times_with_their_utc_offset(api):
    response = api.get(
        "/api/v1/availability?service=passport&centre=norrebro&from=2026-11-24&to=2026-11-24"
    )
    assert response.status_code == 200
    slots = response.json["slots"]
    assert slots[0] == {
        "centre": "norrebro",
        "start": TUESDAY_9,
        "end": "2026-11-24T09:15:00+01:00",
    }
    assert [s["start"][11:16] for s in slots[:3]] == ["09:00", "09:20", "09:40"]
    assert all(s["start"].endswith("+01:00") for s in slots)
    assert "12:00" not in {s["start"][11:16] for s in slots}


def test_availability_without_a_centre_covers_all_centres(api):
    slots = api.get("/api/v1/availability?service=passport&from=2026-11-24&to=2026-11-24").json[
        "slots"
    ]
    at_nine = [s["centre"] for s in slots if s["start"] == TUESDAY_9]
    assert at_nine == ["norrebro", "osterbro"]


def test_availability_defaults_to_the_next_two_weeks_after_the_notice(api):
    slots = api.get("/api/v1/availability?service=passport&centre=osterbro").json["slots"]
    # Monday 08:00 with two hours' notice: the first time is Monday 10:00.
    assert slots[0]["start"] == "2026-11-23T10:00:00+01:00"
    assert slots[-1]["start"] < "2026-12-07T00:00:00+01:00"


def test_availability_checks_its_parameters(api):
    response = api.get("/api/v1/availability?service=nope&centre=mars&from=24-11-2026")
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert {k: v["code"] for k, v in fields.items()} == {
        "service": "unknown",
        "centre": "unknown",
        "from": "invalid",
    }
    assert fields["service"]["message"]
    assert api.get("/api/v1/availability").json["error"]["fields"]["service"]["code"] == "required"
    too_long = api.get("/api/v1/availability?service=passport&from=2026-11-24&to=2027-06-01")
    assert too_long.json["error"]["fields"]["to"]["code"] == "range_too_long"
    backwards = api.get("/api/v1/availability?service=passport&from=2026-11-24&to=2026-11-20")
    assert backwards.json["error"]["fields"]["to"]["code"] == "before_from"


def test_booking_answers_with_code_local_times_and_links(api):
    response = api.post("/api/v1/bookings", json=booking_body())
    assert response.status_code == 201
    answer = response.json
    assert answer["start"] == TUESDAY_9
    assert answer["end"] == "2026-11-24T09:15:00+01:00"
    assert (answer["centre"], answer["service"], answer["status"]) == (
        "norrebro",
        "passport",
        "confirmed",
    )
    assert len(answer["code"]) == 6 and set(answer["code"]) <= set(CODE_ALPHABET)
    token = token_of(answer)
    assert len(token) >= 20
    assert answer["manage_url"].endswith(f"/book/manage/{answer['code']}?token={token}")
    assert f"/api/v1/bookings/{answer['code']}/checkin.svg?token=" in answer["checkin_qr_url"]
    assert "name" not in answer and "email" not in answer


def test_the_code_alone_reveals_nothing(api):
    answer = api.post("/api/v1/bookings", json=booking_body()).json
    code = answer["code"]
    without = api.get(f"/api/v1/bookings/{code}")
    wrong = api.get(f"/api/v1/bookings/{code}?token=guess")
    unknown = api.get("/api/v1/bookings/AAAAAA?token=guess")
    assert without.status_code == wrong.status_code == unknown.status_code == 404
    assert without.json == wrong.json == unknown.json
    assert without.json["error"]["code"] == "unknown_booking"
    mine = api.get(f"/api/v1/bookings/{code.lower()}?token={token_of(answer)}")
    assert mine.status_code == 200
    assert mine.json["name"] == "Ida Ærø" and mine.json["email"] == "ida@example.dk"


def test_pooled_staff_take_one_booking_each_then_the_time_is_taken(api):
    first = api.post("/api/v1/bookings", json=booking_body(email="a@example.dk"))
    second = api.post("/api/v1/bookings", json=booking_body(email="b@example.dk"))
    third = api.post("/api/v1/bookings", json=booking_body(email="c@example.dk"))
    assert (first.status_code, second.status_code, third.status_code) == (201, 201, 409)
    error = third.json["error"]
    assert error["code"] == "slot_taken"
    assert error["message"]
    starts = [a["start"][11:16] for a in error["alternatives"]]
    assert starts == ["09:20", "09:40", "10:00", "10:20", "10:40"]
    assert all(a["centre"] == "norrebro" for a in error["alternatives"])
    free = api.get(
        "/api/v1/availability?service=passport&centre=norrebro&from=2026-11-24&to=2026-11-24"
    )
    assert TUESDAY_9 not in {s["start"] for s in free.json["slots"]}


def test_a_tax_decision_is_booked_with_the_tax_secondee_only(api, central_db):
    response = api.post("/api/v1/bookings", json=booking_body(service="tax_decision"))
    assert response.status_code == 201
    staff = central_db.execute("SELECT staff_id FROM bookings").fetchone()[0]
    assert staff == "tina"
    again = api.post("/api/v1/bookings", json=booking_body(service="tax_decision", email="x@y.dk"))
    assert again.json["error"]["code"] == "slot_taken"
    elsewhere = api.post(
        "/api/v1/bookings", json=booking_body(service="tax_decision", centre="osterbro")
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json["error"]["fields"]["centre"]["code"] == "service_not_offered"


def test_tax_questions_go_to_centre_staff_before_the_secondee(api, central_db):
    for n in range(3):
        body = booking_body(service="tax_questions", email=f"p{n}@example.dk")
        assert api.post("/api/v1/bookings", json=body).status_code == 201
    staff = [r[0] for r in central_db.execute("SELECT staff_id FROM bookings ORDER BY created_at")]
    assert sorted(staff) == ["anna", "bo", "tina"]
    assert staff[-1] == "tina"


def test_cancel_needs_the_token_and_frees_the_time(api):
    answer = api.post("/api/v1/bookings", json=booking_body()).json
    code = answer["code"]
    refused = api.post(f"/api/v1/bookings/{code}/cancel", json={"token": "nope"})
    assert refused.status_code == 404
    done = api.post(f"/api/v1/bookings/{code}/cancel", json={"token": token_of(answer)})
    assert done.status_code == 200 and done.json["status"] == "cancelled"
    again = api.post(f"/api/v1/bookings/{code}/cancel?token={token_of(answer)}")
    assert again.status_code == 409
    assert again.json["error"]["code"] == "invalid_state"
    assert again.json["error"]["reason"] == "cancelled"
    mine = api.get(f"/api/v1/bookings/{code}?token={token_of(answer)}")
    assert mine.json["status"] == "cancelled"


def test_move_keeps_code_and_link_and_checks_the_new_time(api):
    answer = api.post("/api/v1/bookings", json=booking_body()).json
    code, token = answer["code"], token_of(answer)
    moved = api.post(f"/api/v1/bookings/{code}/move", json={"token": token, "start": TUESDAY_920})
    assert moved.status_code == 200
    assert (moved.json["code"], moved.json["start"]) == (code, TUESDAY_920)
    assert token_of(moved.json) == token
    to_other_centre = api.post(
        f"/api/v1/bookings/{code}/move",
        json={"token": token, "start": TUESDAY_9, "centre": "osterbro"},
    )
    assert to_other_centre.json["centre"] == "osterbro"
    bad = api.post(
        f"/api/v1/bookings/{code}/move", json={"token": token, "start": "2026-11-24T09:07:00+01:00"}
    )
    assert bad.status_code == 422
    assert bad.json["error"]["fields"]["start"]["code"] == "outside_hours"
    no_token = api.post(f"/api/v1/bookings/{code}/move", json={"start": TUESDAY_9})
    assert no_token.status_code == 404


def test_moving_onto_a_taken_time_is_refused_with_alternatives(api):
    api.post("/api/v1/bookings", json=booking_body(centre="osterbro", email="a@example.dk"))
    answer = api.post("/api/v1/bookings", json=booking_body(start=TUESDAY_920)).json
    response = api.post(
        f"/api/v1/bookings/{answer['code']}/move",
        json={"token": token_of(answer), "start": TUESDAY_9, "centre": "osterbro"},
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "slot_taken"
    assert response.json["error"]["alternatives"]


def test_an_appointment_that_has_started_cannot_be_cancelled(api, clock):
    answer = api.post("/api/v1/bookings", json=booking_body()).json
    clock.advance(days=1, hours=1, minutes=5)  # Tuesday 09:05
    response = api.post(
        f"/api/v1/bookings/{answer['code']}/cancel", json={"token": token_of(answer)}
    )
    assert response.status_code == 409
    assert response.json["error"]["reason"] == "started"


def test_open_bookings_per_contact_and_service_are_limited(api):
    first = api.post("/api/v1/bookings", json=booking_body())
    second = api.post("/api/v1/bookings", json=booking_body(start=TUESDAY_920))
    assert first.status_code == second.status_code == 201
    # The same address with its domain in capitals is the same contact.
    third = api.post(
        "/api/v1/bookings",
        json=booking_body(start="2026-11-24T09:40:00+01:00", email="ida@EXAMPLE.dk"),
    )
    assert third.status_code == 409
    assert third.json["error"]["code"] == "too_many_bookings"
    assert third.json["error"]["limit"] == 2
    assert "2" in third.json["error"]["message"]
    other_service = api.post("/api/v1/bookings", json=booking_body(service="driving_licence"))
    assert other_service.status_code == 201
    api.post(f"/api/v1/bookings/{first.json['code']}/cancel", json={"token": token_of(first.json)})
    after_cancel = api.post(
        "/api/v1/bookings", json=booking_body(start="2026-11-24T09:40:00+01:00")
    )
    assert after_cancel.status_code == 201


def test_the_same_phone_number_counts_however_it_is_written(api):
    for start, phone in ((TUESDAY_9, "12 34 56 78"), (TUESDAY_920, "+45 12345678")):
        body = booking_body(start=start, email=None, phone=phone)
        assert api.post("/api/v1/bookings", json=body).status_code == 201
    body = booking_body(start="2026-11-24T09:40:00+01:00", email=None, phone="0045-12-34-56-78")
    assert api.post("/api/v1/bookings", json=body).json["error"]["code"] == "too_many_bookings"
