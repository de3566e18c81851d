"""Reception books a later appointment through central: never half-saved, never twice.

Central is the real booking app on a loopback HTTP server in this process."""

from __future__ import annotations

import itertools
import logging

import pytest

from booking.mail import mailer
from centre.app import create_app
from centre.config import from_dict
from centre.domain import desk_booking
from centre.store import replica as replica_store
from centre.store import staff as staff_store
from kernel.clock import iso
from kernel.db import write_transaction
from tests.booking.test_messages import link_in, mailbox
from tests.central_loopback import CentralOnLoopback, norrebro_config
from tests.conftest import PASSWORD_HASH, StaffClient, centre_raw
from tests.test_sync_flaky_network import FlakyProxy

TUESDAY = "2026-11-24"


@pytest.fixture
def central(tmp_path):
    server = CentralOnLoopback(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def proxy(central):
    """Passes everything through until a test tells it to cut."""
    flaky = FlakyProxy(central.port)
    flaky.modes = itertools.repeat("ok")
    yield flaky
    flaky.close()


@pytest.fixture
def config(tmp_path, proxy):
    return norrebro_config(tmp_path, proxy.url)


@pytest.fixture
def desk(app, login, proxy):
    session = login("reception1")
    # One request per connection, so each request meets the proxy's next mode.
    app.extensions["enindgang"]["sync"].client.session.headers["Connection"] = "close"
    return session


class Agent:
    """The sync agent as the desk's domain uses it, around a made-up central client."""

    def __init__(self, client) -> None:
        self.client = client
        self.woken = 0

    def wake(self) -> None:
        self.woken += 1


def cut_next(proxy, *modes: str) -> None:
    proxy.modes = itertools.chain(modes, itertools.repeat("ok"))


def confirmed_at_central(central) -> list[tuple]:
    return central.db.execute(
        "SELECT code, name, source FROM bookings WHERE status = 'confirmed'"
    ).fetchall()


def central_rows(central) -> int:
    return central.db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0]


def first_free(desk, service: str = "passport") -> str:
    answer = desk.get(f"/api/v1/desk/free-times?service={service}&date={TUESDAY}")
    assert answer.status_code == 200, answer.json
    return answer.json["slots"][0]["start"]


def hold(desk, start: str, service: str = "passport"):
    return desk.post("/api/v1/desk/holds", json={"service": service, "start": start})


def book(desk, token: str, **person):
    body = {"hold": token, "name": "Ida Ærø", "phone": "20 30 40 50", **person}
    return desk.post("/api/v1/desk/bookings", json=body)


def test_reception_sees_the_bookable_services_in_its_language(desk):
    answer = desk.get("/api/v1/desk/services?lang=en")
    assert answer.status_code == 200
    names = {s["id"]: s["name"] for s in answer.json["services"]}
    assert names["passport"] == "Passport"
    danish = {s["id"]: s["name"] for s in desk.get("/api/v1/desk/services").json["services"]}
    assert danish["passport"] == "Pas"


def test_reception_is_offered_only_services_this_centre_books_and_the_centres_date(desk):
    class OneCentreCentral:
        def booking_services(self, language):
            return [
                {"id": "passport", "name": "Pas", "centres": ["norrebro", "osterbro"]},
                {"id": "tax", "name": "Skat", "centres": ["osterbro"]},
            ]

    found = desk_booking.services(Agent(OneCentreCentral()), "norrebro", "da")
    assert [s["id"] for s in found] == ["passport"]
    answer = desk.get("/api/v1/desk/services")
    assert answer.json["today"] == TUESDAY
    assert "passport" in {s["id"] for s in answer.json["services"]}


def test_reception_books_a_time_that_central_stores_and_the_replica_gets(app, desk, central, db):
    start = first_free(desk)
    held = hold(desk, start)
    assert held.status_code == 201, held.json
    booked = book(desk, held.json["hold"])
    assert booked.status_code == 201, booked.json
    code = booked.json["code"]
    assert booked.json["start"] == start and booked.json["centre"] == "norrebro"
    assert booked.json["phone"] == "+4520304050"
    # The citizen's own manage link is not handed round the centre's tablets.
    assert "manage_url" not in booked.json and "token" not in booked.json
    assert confirmed_at_central(central) == [(code, "Ida Ærø", "centre")]
    # The next pull brings it to the replica, so the citizen can check in with the code.
    app.extensions["enindgang"]["sync"].run_once()
    assert replica_store.get(db, code)["status"] == "confirmed"


def test_central_down_gives_a_clear_message_and_leaves_nothing_anywhere(desk, central, db):
    central.stop()
    for response in (
        desk.get("/api/v1/desk/services?lang=en"),
        desk.get(f"/api/v1/desk/free-times?service=passport&date={TUESDAY}&lang=en"),
        desk.post(
            "/api/v1/desk/holds?lang=en",
            json={"service": "passport", "start": f"{TUESDAY}T09:00:00+01:00"},
        ),
    ):
        assert response.status_code == 503
        error = response.json["error"]
        assert error["code"] == "central_unreachable"
        assert "Nothing has been booked" in error["message"]
    assert central_rows(central) == 0
    assert replica_store.count(db) == 0


def test_central_gone_between_hold_and_book_then_the_same_hold_books_once(desk, central):
    token = hold(desk, first_free(desk)).json["hold"]
    central.stop()
    lost = desk.post(
        "/api/v1/desk/bookings?lang=en", json={"hold": token, "name": "Ida", "phone": "20304050"}
    )
    assert lost.status_code == 503
    assert lost.json["error"]["reason"] == "book"
    assert "never booked twice" in lost.json["error"]["message"]
    assert confirmed_at_central(central) == []
    central.revive()
    again = book(desk, token)
    assert again.status_code == 201, again.json
    assert len(confirmed_at_central(central)) == 1


def test_an_answer_lost_after_central_booked_is_recovered_by_trying_again(desk, central, proxy):
    token = hold(desk, first_free(desk)).json["hold"]
    cut_next(proxy, "cut_response")
    lost = book(desk, token)
    assert proxy.cuts["cut_response"] == 1
    assert lost.status_code == 503, lost.json
    # Central did book it; reception could not know. Trying again shows the same booking.
    assert len(confirmed_at_central(central)) == 1
    again = book(desk, token)
    assert again.status_code == 200, again.json  # found, not made again
    assert [row[0] for row in confirmed_at_central(central)] == [again.json["code"]]


def test_an_answer_cut_inside_its_headers_is_not_taken_for_a_booking(desk, central, proxy):
    token = hold(desk, first_free(desk)).json["hold"]
    cut_next(proxy, "cut_headers")
    lost = book(desk, token)
    assert proxy.cuts["cut_headers"] == 1
    assert lost.status_code == 503, lost.json
    assert lost.json["error"]["code"] == "central_unreachable"
    again = book(desk, token)
    assert again.status_code == 200 and again.json["code"]
    assert [row[0] for row in confirmed_at_central(central)] == [again.json["code"]]


def test_a_request_cut_on_its_way_books_nothing_and_trying_again_books_once(desk, central, proxy):
    token = hold(desk, first_free(desk)).json["hold"]
    cut_next(proxy, "cut_request")
    assert book(desk, token).status_code == 503
    assert confirmed_at_central(central) == []
    assert book(desk, token).status_code == 201
    assert len(confirmed_at_central(central)) == 1


def test_a_time_someone_else_took_is_409_with_other_free_times(desk, central):
    start = first_free(desk)
    taken = []
    while (answer := hold(desk, start)).status_code == 201:
        taken.append(answer.json["hold"])
    assert taken
    assert answer.status_code == 409
    error = answer.json["error"]
    assert error["code"] == "slot_taken" and error["alternatives"]
    assert (
        "just been taken"
        in desk.post(
            "/api/v1/desk/holds?lang=en", json={"service": "passport", "start": start}
        ).json["error"]["message"]
    )


def test_a_bad_contact_comes_back_as_field_errors_and_nothing_is_booked(desk, central):
    token = hold(desk, first_free(desk)).json["hold"]
    response = desk.post(
        "/api/v1/desk/bookings?lang=en",
        json={"hold": token, "name": "Ida", "email": "not-an-address"},
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation" and "email" in error["fields"]
    assert error["fields"]["email"]["message"]
    assert confirmed_at_central(central) == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"hold": ["x"]},
        {"hold": "a b"},
        {"hold": "tok", "name": "x" * 500},
        {"hold": "tok", "name": 5},
    ],
)
def test_malformed_bookings_are_422_before_anything_reaches_central(desk, central, body):
    response = desk.post("/api/v1/desk/bookings", json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation"
    assert central_rows(central) == 0


def test_a_changed_mind_releases_the_held_time(desk, central):
    start = first_free(desk)
    token = hold(desk, start).json["hold"]
    released = desk.http.delete(f"/api/v1/desk/holds/{token}", headers={"X-CSRFToken": desk.token})
    assert released.status_code == 200
    assert central.db.execute("SELECT status FROM bookings").fetchall() == [("expired",)]


def test_only_reception_and_managers_book_at_the_desk(client, login, central):
    assert client.get("/api/v1/desk/services").status_code == 401
    staff = login("staff1", counter="1")
    assert staff.get("/api/v1/desk/services").status_code == 403
    assert staff.post("/api/v1/desk/holds", json={"service": "passport"}).status_code == 403
    assert login("manager1").get("/api/v1/desk/services").status_code == 200


def test_a_centre_without_central_says_so(tmp_path, clock):
    plain = create_app(from_dict(centre_raw(), tmp_path, tmp_path / "plain"), clock, testing=True)
    db = plain.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        staff_store.insert(db, "reception1", "Rikke", "reception", PASSWORD_HASH, iso(clock.now()))
    desk = StaffClient(plain, "reception1", None)
    answer = desk.get("/api/v1/desk/services?lang=en")
    assert answer.status_code == 503
    assert answer.json["error"]["code"] == "central_not_configured"
    assert "not connected" in answer.json["error"]["message"]


def test_nothing_the_desk_gets_or_logs_opens_the_citizens_booking(desk, central, caplog):
    caplog.set_level(logging.DEBUG)
    held = hold(desk, first_free(desk))
    booked = book(desk, held.json["hold"], email="ida@example.dk")
    assert booked.status_code == 201, booked.json
    code = booked.json["code"]
    seen_by_the_centre = held.get_data(as_text=True) + booked.get_data(as_text=True)
    assert "manage" not in seen_by_the_centre and "token=" not in seen_by_the_centre
    # The hold token that passed through the centre cannot read, move or cancel the booking.
    token = held.json["hold"]
    for tried in (
        central.api.get(f"/api/v1/bookings/{code}?token={token}"),
        central.api.post(f"/api/v1/bookings/{code}/cancel", json={"token": token}),
        central.api.post(
            f"/api/v1/bookings/{code}/move", json={"token": token, "start": booked.json["end"]}
        ),
    ):
        assert tried.status_code == 404
        assert tried.json["error"]["code"] == "unknown_booking"
    # The citizen's link is in their confirmation, works, and is nowhere at the centre.
    with central.app.app_context():
        mailer.deliver_pending(central.app)
    mailed = [link_in(m.get_content()) for m in mailbox(central.app)]
    assert [mailed_code for mailed_code, _ in mailed] == [code, code]  # e-mail and SMS
    for _, manage in mailed:
        assert manage not in seen_by_the_centre and manage not in caplog.text
        assert central.api.get(f"/api/v1/bookings/{code}?token={manage}").json["name"] == "Ida Ærø"


def test_the_tablet_gets_only_what_it_needs_whatever_central_answers():
    class TalkativeCentral:
        def hold(self, body, language):
            self.sent = body
            extra = {"manage_url": "http://central/book/manage/X?token=t"}
            return {"hold": "h1", "service": "passport", "start": "s", **extra}

        def book(self, body, language):
            answer = {
                "code": "ABCDEF",
                "status": "confirmed",
                "ics_url": "http://central/x?token=t",
            }
            return answer, True

    central = TalkativeCentral()
    agent = Agent(central)
    held = desk_booking.hold(agent, {"service": "passport", "start": "s"}, "reception1", "da")
    assert "manage_url" not in held and held["hold"] == "h1"
    assert central.sent["by"] == "reception1"
    assert agent.woken == 0
    booked, _ = desk_booking.book(agent, {"hold": "h1", "name": "Ida"}, "reception1", "da")
    assert agent.woken == 1  # the agent pulls the new booking at once
    assert "token=" not in str(booked)
