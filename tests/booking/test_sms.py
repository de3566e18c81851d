"""SMS through a fake gateway on 127.0.0.1: sent, retried when the gateway is down, given up
for a wrong number and shown to managers, and never a credential in a log or stored error."""

from __future__ import annotations

import logging
import re

import pytest

from booking.domain.accounts import add_account
from booking.sms_config import SmsConfig
from tests.booking.conftest import PASSWORD, StaffSession, make_app
from tests.booking.fake_sms_gateway import FakeGateway
from tests.booking.helpers import local
from tests.booking.test_messages import book, deliver, mailbox, produce

CREDENTIAL = "sms-secret-7f3a9c1e"
PHONE = "+4512345678"


@pytest.fixture
def gateway():
    fake = FakeGateway().start()
    yield fake
    fake.stop()


def sms_app(tmp_path, clock, gateway, **sms):
    settings = {
        "url": gateway.url,
        "credential": CREDENTIAL,
        "sender": "Borgerserv",
        "timeout_seconds": 2.0,
        **sms,
    }
    return make_app(tmp_path, clock, sms=SmsConfig(**settings))


@pytest.fixture
def app(tmp_path, clock, gateway):
    return sms_app(tmp_path, clock, gateway)


def book_by_phone(app, **body):
    return book(app.test_client(), email=None, phone="12 34 56 78", **body)


def outbox_row(app) -> dict:
    db = app.extensions["enindgang"]["pool"].get()
    cursor = db.execute("SELECT * FROM outbox WHERE channel = 'sms'")
    names = [d[0] for d in cursor.description]
    [row] = [dict(zip(names, found, strict=True)) for found in cursor.fetchall()]
    return row


def token_in(text: str) -> tuple[str, str]:
    found = re.search(r"/book/manage/(\w+)\?token=([\w-]+)", text)
    assert found, text
    return found[1], found[2]


def test_a_booking_with_a_mobile_number_sends_one_sms_through_the_gateway(app, gateway):
    answer = book_by_phone(app)
    assert deliver(app) == 1
    [request] = gateway.received
    assert request["headers"]["Authorization"] == f"Bearer {CREDENTIAL}"
    assert request["json"]["to"] == PHONE
    assert request["json"]["from"] == "Borgerserv"
    text = request["json"]["text"]
    assert text == text.strip()  # not a character more than was fitted into two SMS
    assert text.startswith("Booked: Passport, Wednesday 25 November 2026 at 09:00, Østerbro.")
    assert f"Booking code: {answer['code']}. Move or cancel: http://localhost/book/manage/" in text
    code, token = token_in(text)
    assert app.test_client().get(f"/book/manage/{code}?token={token}").status_code == 200
    assert request["headers"]["Idempotency-Key"].startswith("enindgang-")
    assert mailbox(app) == []  # the gateway took it: nothing in the folder
    assert deliver(app) == 0 and len(gateway.received) == 1


def test_the_reminder_the_day_before_goes_out_as_an_sms_too(app, gateway, clock):
    book_by_phone(app)
    deliver(app)
    clock.set(local(2026, 11, 24, 9, 0))
    assert produce(app) == 1
    assert deliver(app) == 1
    reminder = gateway.received[-1]["json"]["text"]
    assert reminder.startswith("Reminder: Passport, Wednesday 25 November 2026 at 09:00, Østerbro.")
    assert "Move or cancel: http://localhost/book/manage/" in reminder


def test_a_citizen_who_gave_both_gets_an_email_and_an_sms(app, gateway):
    book(app.test_client(), phone="12345678")
    assert deliver(app) == 2
    assert [r["json"]["to"] for r in gateway.received] == [PHONE]
    [email] = mailbox(app)
    assert email["X-Channel"] == "email" and email["To"] == "ida@example.dk"


def test_a_danish_booking_gets_its_sms_in_danish(app, gateway):
    answer = book_by_phone(app, language="da")
    deliver(app)
    text = gateway.received[0]["json"]["text"]
    assert text.startswith("Booket: Pas, onsdag 25. november 2026 kl. 09.00, Østerbro.")
    assert f"Bookingkode: {answer['code']}. Flyt eller aflys: http://localhost/" in text


def test_the_municipalitys_template_is_used_in_its_language(tmp_path, clock, gateway):
    body = {"en": "Copenhagen: {what} {date} {time} at {centre}. {link}"}
    app = sms_app(tmp_path, clock, gateway, body=body)
    book_by_phone(app)
    book_by_phone(app, language="da", start="2026-11-25T10:00:00+01:00")
    deliver(app)
    english, danish = (r["json"]["text"] for r in gateway.received)
    assert english.startswith("Copenhagen: Booked: Wednesday 25 November 2026 09:00 at Østerbro.")
    assert danish.startswith("Booket: Pas,")  # no Danish template given: the built-in one


def test_a_gateway_that_is_down_gets_the_sms_later_and_once(app, gateway, clock):
    gateway.stop()
    book_by_phone(app)
    assert deliver(app) == 0
    row = outbox_row(app)
    assert row["attempts"] == 1 and row["sent_at"] is None
    assert "refused" in row["last_error"]
    gateway.start()  # back, on the same address
    assert deliver(app) == 0  # the first retry waits a minute
    assert gateway.received == []
    clock.advance(seconds=61)
    assert deliver(app) == 1
    clock.advance(hours=3)
    assert deliver(app) == 0
    assert len(gateway.received) == 1
    assert outbox_row(app)["outcome"] == "sent"


def test_a_down_gateway_holds_back_the_rounds_other_sms_untried(app, gateway):
    gateway.stop()
    book_by_phone(app)
    book_by_phone(app, start="2026-11-25T10:00:00+01:00")
    assert deliver(app) == 0
    db = app.extensions["enindgang"]["pool"].get()
    tries = [r[0] for r in db.execute("SELECT attempts FROM outbox ORDER BY id")]
    assert tries == [1, 0]  # one timeout or refusal a round, not one per message
    # Links made for messages that certainly did not go out are deleted (the two left are the
    # ones the booking answers gave).
    assert db.execute("SELECT COUNT(*) FROM manage_links").fetchone()[0] == 2


def test_a_server_error_is_retried_with_the_same_key_and_the_first_link_keeps_working(
    app, gateway, clock
):
    gateway.answers = [(503, '{"error": "busy"}')]
    book_by_phone(app)
    assert deliver(app) == 0
    clock.advance(minutes=2)
    assert deliver(app) == 1
    first, second = gateway.received
    assert first["headers"]["Idempotency-Key"] == second["headers"]["Idempotency-Key"]
    # The gateway may have sent the first one after all (at least once): its link works too.
    for request in (first, second):
        code, token = token_in(request["json"]["text"])
        assert app.test_client().get(f"/book/manage/{code}?token={token}").status_code == 200


def test_a_timeout_is_retried_later(tmp_path, clock, gateway):
    app = sms_app(tmp_path, clock, gateway, timeout_seconds=0.3)
    gateway.pause_seconds = 1.0
    book_by_phone(app)
    assert deliver(app) == 0
    assert "timed out" in outbox_row(app)["last_error"]
    gateway.pause_seconds = 0
    clock.advance(minutes=1)
    assert deliver(app) == 1
    assert len(gateway.received) == 2  # at least once: the gateway's key tells the two apart


def manager(app, clock, username="boss", centre=None) -> StaffSession:
    db = app.extensions["enindgang"]["pool"].get()
    add_account(db, clock, username, username.title(), "manager", PASSWORD, centre=centre)
    return StaffSession(app, username)


def test_a_wrong_number_is_given_up_at_once_and_shown_to_the_manager(app, gateway, clock):
    gateway.default = (400, f'{{"error": "invalid recipient {PHONE}"}}')
    answer = book_by_phone(app)
    assert deliver(app) == 0
    row = outbox_row(app)
    assert row["attempts"] == 5 and row["outcome"] == "rejected"
    assert row["last_error"] == 'gateway answered 400: {"error": "invalid recipient <recipient>"}'
    clock.advance(hours=5)
    assert deliver(app) == 0 and len(gateway.received) == 1  # not tried again
    boss = manager(app, clock)
    page = boss.get("/staff/manage/messages?lang=en").get_data(as_text=True)
    assert answer["code"] in page and "Given up" in page and "Send again" in page
    assert "invalid recipient &lt;recipient&gt;" in page and "12345678" not in page
    # The number is corrected at the gateway's end; the manager sends it again.
    gateway.default = (200, "{}")
    again = boss.post(f"/staff/manage/messages/{row['id']}/send-again")
    assert again.status_code == 302
    assert deliver(app) == 1 and len(gateway.received) == 2
    page = boss.get("/staff/manage/messages?lang=en").get_data(as_text=True)
    assert "Every message has been sent." in page


def test_only_managers_of_the_bookings_centre_see_and_resend_failed_messages(app, gateway, clock):
    gateway.default = (422, "{}")
    answer = book_by_phone(app)  # at Østerbro
    deliver(app)
    message_id = outbox_row(app)["id"]
    db = app.extensions["enindgang"]["pool"].get()
    add_account(db, clock, "desk", "Desk", "reception", PASSWORD)
    desk = StaffSession(app, "desk")
    assert desk.get("/staff/manage/messages").status_code == 403
    assert desk.post(f"/staff/manage/messages/{message_id}/send-again").status_code == 403
    other = manager(app, clock, "nbro", centre="norrebro")
    assert answer["code"] not in other.get("/staff/manage/messages").get_data(as_text=True)
    assert other.post(f"/staff/manage/messages/{message_id}/send-again").status_code == 403
    assert outbox_row(app)["attempts"] == 5  # still given up
    own = manager(app, clock, "obro", centre="osterbro")
    assert answer["code"] in own.get("/staff/manage/messages").get_data(as_text=True)
    assert own.post(f"/staff/manage/messages/{message_id}/send-again").status_code == 302
    assert own.post(f"/staff/manage/messages/{message_id}/send-again").status_code == 404


def test_the_credential_never_appears_in_logs_or_stored_errors(app, gateway, clock, caplog):
    caplog.set_level(logging.DEBUG)
    # A gateway that quotes the whole request back in its refusal.
    gateway.default = (401, f'{{"error": "bad token Bearer {CREDENTIAL} for {PHONE}"}}')
    book_by_phone(app)
    for _ in range(6):
        deliver(app)
        clock.advance(hours=3)
    row = outbox_row(app)
    assert row["attempts"] == 5 and row["outcome"] is None  # a 401 is retried, then given up
    assert CREDENTIAL not in row["last_error"] and "<credential>" in row["last_error"]
    assert PHONE not in row["last_error"]
    assert CREDENTIAL not in caplog.text and "12345678" not in caplog.text
    assert CREDENTIAL not in repr(app.config["BOOKING"])
    assert len(gateway.received) == 5


def test_without_a_gateway_the_sms_lands_in_the_mailbox_marked_as_sms(api, central):
    answer = book(api, email=None, phone="12 34 56 78")
    assert deliver(central) == 1
    [sms] = mailbox(central)
    assert sms["X-Channel"] == "sms" and sms["To"] == PHONE
    assert sms.get_content().startswith("Booked: Passport, Wednesday 25 November 2026 at 09:00")
    assert f"Booking code: {answer['code']}." in sms.get_content()
