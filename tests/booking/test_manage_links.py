"""Tokens open only what they were given for: a hold holds; the manage link is the citizen's."""

from __future__ import annotations

import hashlib
import re

import pytest

from booking.mail import mailer
from booking.store import bookings as booking_store
from booking.store.db import init_db, migrations
from tests import pg_cluster
from tests.booking.conftest import NORREBRO_KEY, auth, make_app
from tests.booking.test_messages import link_in, mailbox
from tests.booking.test_pages import csrf_of

TUESDAY_9 = "2026-11-24T09:00:00+01:00"
TUESDAY_920 = "2026-11-24T09:20:00+01:00"
PERSON = {"name": "Ida Ærø", "email": "ida@example.dk", "phone": "20304050"}


def deliver(app) -> None:
    with app.app_context():
        mailer.deliver_pending(app)


def mailed_links(app) -> list[tuple[str, str]]:
    """(code, token) of every manage link in the mailbox."""
    return [link_in(m.get_content()) for m in mailbox(app)]


def tries_with(api, code: str, token: str) -> list:
    """Read, move and cancel a booking with a token through the public API."""
    return [
        api.get(f"/api/v1/bookings/{code}?token={token}"),
        api.post(f"/api/v1/bookings/{code}/move", json={"token": token, "start": TUESDAY_920}),
        api.post(f"/api/v1/bookings/{code}/cancel", json={"token": token}),
        api.get(f"/api/v1/bookings/{code}/calendar.ics?token={token}"),
        api.get(f"/book/manage/{code}?token={token}"),
    ]


def unknown_hold(api) -> dict:
    return api.post("/api/v1/bookings", json={"hold": "not-a-hold", **PERSON}).json


def assert_opens_nothing(api, code: str, token: str) -> None:
    """Every try answers like an unknown code: 404 unknown_booking, nothing about the booking;
    sent as a hold, the token learns at most that its own booking went through."""
    unknown = api.get(f"/api/v1/bookings/AAAAAA?token={token}").json
    for response in tries_with(api, code, token):
        assert response.status_code == 404
        if response.is_json:
            assert response.json == unknown
        assert "Ida" not in response.get_data(as_text=True)
    again = api.post("/api/v1/bookings", json={"hold": token, **PERSON})
    assert again.json in ({"status": "confirmed"}, unknown_hold(api))
    assert code not in again.get_data(as_text=True)


def online_booking(api) -> tuple[str, dict]:
    held = api.post(
        "/api/v1/holds", json={"service": "passport", "centre": "norrebro", "start": TUESDAY_9}
    )
    assert held.status_code == 201
    booked = api.post("/api/v1/bookings", json={"hold": held.json["hold"], **PERSON})
    assert booked.status_code == 201, booked.json
    return held.json["hold"], booked.json


def test_the_hold_token_opens_nothing_once_the_booking_is_confirmed(api, central_db):
    hold, answer = online_booking(api)
    manage = re.search(r"token=([\w-]+)", answer["manage_url"])[1]
    assert manage != hold
    assert_opens_nothing(api, answer["code"], hold)
    assert booking_store.by_code(central_db, answer["code"])["status"] == "confirmed"
    # The citizen's own answer carries the link, and it works.
    assert api.get(f"/api/v1/bookings/{answer['code']}?token={manage}").json["name"] == "Ida Ærø"


def test_sending_the_hold_again_answers_only_that_it_is_booked(api, central_db):
    hold, first = online_booking(api)
    again = api.post("/api/v1/bookings", json={"hold": hold, **PERSON})
    assert again.status_code == 200
    assert again.json == {"status": "confirmed"}
    assert booking_store.by_code(central_db, first["code"])["status"] == "confirmed"


def manage_token(answer: dict) -> str:
    return re.search(r"token=([\w-]+)", answer["manage_url"])[1]


def test_the_hold_token_learns_nothing_of_a_move(api):
    hold, first = online_booking(api)
    moved = api.post(
        f"/api/v1/bookings/{first['code']}/move",
        json={"token": manage_token(first), "start": TUESDAY_920},
    )
    assert moved.status_code == 200
    again = api.post("/api/v1/bookings", json={"hold": hold, **PERSON})
    assert (again.status_code, again.json) == (422, unknown_hold(api))


def test_the_hold_token_learns_nothing_of_a_cancellation(api):
    hold, first = online_booking(api)
    cancelled = api.post(
        f"/api/v1/bookings/{first['code']}/cancel", json={"token": manage_token(first)}
    )
    assert cancelled.status_code == 200
    again = api.post("/api/v1/bookings", json={"hold": hold, **PERSON})
    assert (again.status_code, again.json) == (422, unknown_hold(api))


def test_the_hold_token_is_unknown_once_a_hold_would_have_run_out(api, clock):
    hold, _first = online_booking(api)
    clock.advance(minutes=9)
    assert api.post("/api/v1/bookings", json={"hold": hold, **PERSON}).status_code == 200
    clock.advance(minutes=2)  # ten minutes (the hold's length) after the booking
    again = api.post("/api/v1/bookings", json={"hold": hold, **PERSON})
    assert (again.status_code, again.json) == (422, unknown_hold(api))


def test_the_hold_address_is_no_manage_link_after_booking(api, central_db):
    page = api.get("/book/passport/norrebro/2026-11-24").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "service": "passport", "place": "norrebro"}
    picked = api.post(
        "/book/hold",
        data={**form, "day": "2026-11-24", "slot": "norrebro|2026-11-24T08:00:00+00:00"},
    )
    assert picked.status_code == 302, picked.get_data(as_text=True)
    details = picked.headers["Location"]
    hold = details.rsplit("/", 1)[1]
    booked = api.post(details, data={"csrf_token": form["csrf_token"], **PERSON})
    assert booked.status_code == 302
    manage = booked.headers["Location"]
    assert "/book/manage/" in manage and hold not in manage
    assert api.get(manage).status_code == 200
    # Back to the hold's address (browser history, a shared screen): no way in.
    again = api.get(details)
    assert again.status_code == 200
    page = again.get_data(as_text=True)
    assert "/book/manage/" not in page and "Ida" not in page
    code = re.search(r"/book/manage/(\w+)", manage)[1]
    assert code not in page
    assert_opens_nothing(api, code, hold)


def test_the_citizens_new_link_from_the_mailbox_works(api, central):
    _hold, answer = online_booking(api)
    deliver(central)
    [(code, email_token), (_, sms_token)] = mailed_links(central)
    assert code == answer["code"]
    for token in (email_token, sms_token):
        assert api.get(f"/api/v1/bookings/{code}?token={token}").status_code == 200
    moved = api.post(
        f"/api/v1/bookings/{code}/move", json={"token": sms_token, "start": TUESDAY_920}
    )
    assert moved.status_code == 200 and moved.json["start"] == TUESDAY_920


@pytest.fixture
def desk_booking(api, keys):
    held = api.post(
        "/api/v1/sync/holds",
        json={"service": "passport", "start": TUESDAY_9, "by": "reception1"},
        headers=auth(NORREBRO_KEY),
    )
    assert held.status_code == 201
    booked = api.post(
        "/api/v1/sync/bookings",
        json={"hold": held.json["hold"], "by": "reception1", **PERSON},
        headers=auth(NORREBRO_KEY),
    )
    assert booked.status_code == 201
    return held.json, booked.json


def test_a_desk_booking_reaches_the_centre_without_any_way_to_change_it(api, central, desk_booking):
    held, booked = desk_booking
    assert not {"manage_url", "checkin_qr_url", "ics_url", "token"} & set(booked)
    assert_opens_nothing(api, booked["code"], held["hold"])
    # The citizen gets their link in the confirmation, and only there.
    deliver(central)
    links = mailed_links(central)
    assert {code for code, _ in links} == {booked["code"]}
    for _, token in links:
        assert token not in str(held) + str(booked)
    assert api.get(f"/api/v1/bookings/{booked['code']}?token={links[0][1]}").status_code == 200


def test_a_desk_hold_is_no_hold_to_the_public_api(api, central_db, keys):
    held = api.post(
        "/api/v1/sync/holds",
        json={"service": "passport", "start": TUESDAY_9, "by": "reception1"},
        headers=auth(NORREBRO_KEY),
    ).json["hold"]
    booked = api.post("/api/v1/bookings", json={"hold": held, **PERSON})
    assert (booked.status_code, booked.json) == (422, unknown_hold(api))
    assert api.delete(f"/api/v1/holds/{held}").status_code == 404
    assert api.get(f"/book/details/{held}").status_code == 404
    assert booking_store.by_token(central_db, held)["status"] == "held"
    # The desk that holds it still books it.
    at_desk = api.post(
        "/api/v1/sync/bookings",
        json={"hold": held, "by": "reception1", **PERSON},
        headers=auth(NORREBRO_KEY),
    )
    assert at_desk.status_code == 201


def test_staff_answers_carry_no_citizen_link(staff_login, central):
    desk = staff_login("reception1")
    booked = desk.post(
        "/api/v1/staff/bookings",
        json={"service": "passport", "centre": "norrebro", "start": TUESDAY_9, **PERSON},
    )
    assert booked.status_code == 201
    assert "manage_url" not in booked.json and "ics_url" not in booked.json
    page = desk.get(f"/staff/bookings/{booked.json['code']}").get_data(as_text=True)
    assert "/book/manage/" not in page and "token=" not in page
    deliver(central)
    assert {code for code, _ in mailed_links(central)} == {booked.json["code"]}


def test_manage_tokens_are_stored_only_as_hashes(api, central, central_db):
    _hold, answer = online_booking(api)
    deliver(central)
    tokens = [re.search(r"token=([\w-]+)", answer["manage_url"])[1]]
    tokens += [token for _, token in mailed_links(central)]
    everything = "\n".join(
        str(row)
        for table in pg_cluster.table_names(central_db)
        for row in central_db.execute(f"SELECT * FROM {table}")  # noqa: S608 (our own tables)
    )
    for token in tokens:
        assert token not in everything
        assert hashlib.sha256(token.encode()).hexdigest() in everything


def test_an_old_database_keeps_the_citizens_links_but_not_what_passed_the_centre(tmp_path, clock):
    path = tmp_path / "central" / "central.sqlite3"
    path.parent.mkdir(parents=True)
    from kernel.db import connect

    db = connect(path)
    migrations.apply(db, stop_before="m005_manage_links")
    db.execute(
        "INSERT INTO centres (id, name, min_notice_minutes, horizon_days) VALUES"
        " ('norrebro', 'Nørrebro', 0, 60)"
    )
    db.execute(
        "INSERT INTO staff (id, name, centre, role) VALUES ('anna', 'A', 'norrebro', 'staff')"
    )
    for n, (code, source) in enumerate((("CCCCCC", "online"), ("DDDDDD", "centre"))):
        start = f"2026-11-2{4 + n}T08:00:00.000000+00:00"
        db.execute(
            "INSERT INTO bookings (id, code, token, service, centre, staff_id, start_at, end_at,"
            " block_end_at, status, name, source, created_at, updated_at) VALUES"
            " (?, ?, ?, 'passport', 'norrebro', 'anna', ?, ?, ?, 'confirmed', 'Ida', ?, ?, ?)",
            [code, code, f"old-token-{code}", start, start, start, source, start, start],
        )
    db.conn.commit()
    db.close()
    init_db(path)
    # The migration of an old SQLite file, in every run.
    api = make_app(tmp_path, clock, database_url=None).test_client()
    # Sent to the citizen only: still works.
    assert api.get("/api/v1/bookings/CCCCCC?token=old-token-CCCCCC").status_code == 200
    # Passed through a centre: opens nothing any more.
    assert api.get("/api/v1/bookings/DDDDDD?token=old-token-DDDDDD").status_code == 404
