"""Messages through the outbox: confirmation on booking, one reminder the day before."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

import pytest

from booking.config import SmtpConfig
from booking.core import sms_text
from booking.domain import messages
from booking.mail import mailer
from booking.store import outbox
from tests.booking.conftest import make_app
from tests.booking.helpers import local

WEDNESDAY_9 = "2026-11-25T09:00:00+01:00"


def book(api, **body):
    data = {
        "service": "passport",
        "centre": "osterbro",
        "start": WEDNESDAY_9,
        "name": "Ida Ærø",
        "email": "ida@example.dk",
        "language": "en",
        **body,
    }
    response = api.post("/api/v1/bookings", json=data)
    assert response.status_code == 201, response.json
    return response.json


def mailbox(app) -> list:
    folder = app.config["BOOKING"].mailbox_dir
    parse = BytesParser(policy=policy.default).parsebytes
    return [parse(p.read_bytes()) for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def produce(app) -> int:
    ext = app.extensions["enindgang"]
    with app.app_context():
        return messages.produce_reminders(ext["context"], ext["pool"].get())


def deliver(app) -> int:
    with app.app_context():
        return mailer.deliver_pending(app)


def link_in(body: str) -> tuple[str, str]:
    """(code, token) of the manage link a message carries."""
    found = re.search(r"/book/manage/(\w+)\?token=([\w-]+)", body)
    assert found, body
    return found[1], found[2]


def kinds(db) -> list[tuple[str, str]]:
    return [tuple(row) for row in db.execute("SELECT kind, channel FROM outbox ORDER BY id")]


def test_a_booking_queues_its_confirmation_for_every_contact_given(api, central_db):
    book(api, phone="12345678")
    assert kinds(central_db) == [("confirmation", "email"), ("confirmation", "sms")]


def test_a_danish_confirmation_writes_the_time_the_danish_way(api, central):
    answer = book(api, language="da")
    assert deliver(central) == 1
    [message] = mailbox(central)
    assert message["Subject"] == "Din tid: Pas, onsdag 25. november 2026 kl. 09.00"
    assert "onsdag 25. november 2026 kl. 09.00" in message.get_content()
    # The booking page the citizen lands on says the same.
    page = api.get(answer["manage_url"].replace("http://localhost", "") + "&lang=da")
    assert "kl. 09.00–09.15" in page.get_data(as_text=True)


def test_the_confirmation_is_written_in_the_citizens_language(api, central):
    answer = book(api)
    assert deliver(central) == 1
    [message] = mailbox(central)
    assert message["To"] == "ida@example.dk"
    assert message["Subject"] == "Your booking: Passport, Wednesday 25 November 2026 at 09:00"
    body = message.get_content()
    assert "Hello Ida Ærø," in body
    assert f"Booking code: {answer['code']}" in body
    code, token = link_in(body)
    assert code == answer["code"]
    assert api.get(f"/book/manage/{code}?token={token}").status_code == 200
    assert "Remember to bring:" in body and "- Your old passport, if you have one" in body
    assert deliver(central) == 0  # sent once


def test_the_reminder_is_produced_once_the_day_before(api, central, central_db, clock):
    book(api)  # Monday 08:00, for Wednesday 09:00
    clock.set(local(2026, 11, 23, 23, 0))
    assert produce(central) == 0  # Monday: the appointment is not tomorrow yet
    clock.set(local(2026, 11, 24, 8, 59))
    assert produce(central) == 0  # Tuesday before the reminder hour (09:00)
    clock.set(local(2026, 11, 24, 9, 0))
    assert produce(central) == 1
    assert produce(central) == 0
    clock.set(local(2026, 11, 24, 16, 0))
    assert produce(central) == 0
    clock.set(local(2026, 11, 25, 8, 0))
    assert produce(central) == 0
    reminders = [k for k in kinds(central_db) if k[0] == "reminder"]
    assert reminders == [("reminder", "email")]
    deliver(central)
    subjects = [m["Subject"] for m in mailbox(central)]
    assert "Reminder: Passport tomorrow at 09:00" in subjects


def test_a_booking_made_after_the_reminder_time_gets_no_reminder(api, central, clock):
    clock.set(local(2026, 11, 24, 10, 0))
    book(api, start="2026-11-25T13:10:00+01:00")
    clock.set(local(2026, 11, 24, 11, 0))
    assert produce(central) == 0


def test_a_moved_appointment_gets_a_new_reminder_and_the_old_one_is_dropped(api, central, clock):
    answer = book(api)
    clock.set(local(2026, 11, 24, 9, 0))
    assert produce(central) == 1
    token = answer["manage_url"].split("token=")[1]
    moved = api.post(
        f"/api/v1/bookings/{answer['code']}/move",
        json={"token": token, "start": "2026-11-25T09:20:00+01:00"},
    )
    assert moved.status_code == 200
    assert produce(central) == 1  # the new time needs its own reminder
    deliver(central)
    subjects = [m["Subject"] for m in mailbox(central)]
    assert subjects.count("Reminder: Passport tomorrow at 09:20") == 1
    assert "Reminder: Passport tomorrow at 09:00" not in subjects
    assert any(s.startswith("Your appointment has been moved") for s in subjects)


def test_a_cancelled_appointment_sends_a_cancellation_and_no_reminder(api, central, clock):
    answer = book(api)
    token = answer["manage_url"].split("token=")[1]
    api.post(f"/api/v1/bookings/{answer['code']}/cancel", json={"token": token})
    clock.set(local(2026, 11, 24, 9, 0))
    assert produce(central) == 0
    deliver(central)
    subjects = [m["Subject"] for m in mailbox(central)]
    assert "Your appointment is cancelled: Passport" in subjects
    assert not any(s.startswith("Your booking") for s in subjects)  # stale by then


def test_sms_messages_are_short_and_carry_the_link(api, central):
    answer = book(api, email=None, phone="12 34 56 78")
    deliver(central)
    [sms] = mailbox(central)
    assert sms["X-Channel"] == "sms" and sms["To"] == "+4512345678"
    text = sms.get_content()
    assert answer["code"] in text and "token=" in text
    assert len(text) < 300


def test_a_failed_delivery_is_tried_again_after_a_pause(
    api, central, central_db, monkeypatch, clock
):
    book(api)
    calls = []

    def flaky(self, *args):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("mail server down")

    monkeypatch.setattr(mailer.FolderTransport, "send", flaky)
    assert deliver(central) == 0
    row = central_db.execute("SELECT attempts, last_error, sent_at FROM outbox").fetchone()
    assert row == (1, "mail server down", None)
    assert deliver(central) == 0  # not at once: the server gets a minute
    assert len(calls) == 1
    clock.advance(seconds=60)
    assert deliver(central) == 1
    assert len(calls) == 2


def test_smtp_is_used_when_configured(tmp_path, clock, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("send", message["To"], message["Subject"]))

    monkeypatch.setattr(mailer.smtplib, "SMTP", FakeSMTP)
    smtp = SmtpConfig(host="smtp.example.dk", username="booking", password="pw")
    app = make_app(tmp_path, clock, smtp=smtp, public_url="https://booking.example.dk")
    book(app.test_client())
    assert deliver(app) == 1
    assert sent[0] == ("connect", "smtp.example.dk", 587)
    assert ("login", "booking") in sent
    assert sent[-1][:2] == ("send", "ida@example.dk")
    assert mailbox(app) == []


def test_the_development_mailbox_is_for_the_demo_only(api, central, tmp_path, clock):
    assert api.get("/dev/mailbox").status_code == 404
    demo = make_app(tmp_path / "demo", clock, demo=True)
    client = demo.test_client()
    book(client)
    deliver(demo)
    page = client.get("/dev/mailbox?lang=en").get_data(as_text=True)
    assert "Your booking: Passport" in page and "ida@example.dk" in page


@pytest.mark.parametrize("kind", ["confirmation", "reminder", "moved", "cancelled"])
def test_every_message_kind_reads_well_in_both_channels(api, central, kind):
    answer = book(api, phone="12345678")
    db = central.extensions["enindgang"]["pool"].get()
    booking = db.execute("SELECT * FROM bookings WHERE code = ?", [answer["code"]]).fetchone()
    names = [d[0] for d in db.execute("SELECT * FROM bookings LIMIT 0").description]
    row = dict(zip(names, booking, strict=True))
    with central.app_context():
        for channel in ("email", "sms"):
            subject, body = mailer.compose(central, row, kind, channel)
            assert subject and "Passport" in body
            assert "{" not in body and "%(" not in body
    assert outbox.for_booking(db, row["id"])


def test_the_confirmation_gives_the_centres_street_and_opening_hours(tmp_path, clock):
    from tests.booking.test_centre_facts import CENTRES

    app = make_app(tmp_path, clock, centres=CENTRES)
    book(app.test_client())
    deliver(app)
    [message] = mailbox(app)
    body = message.get_content()
    assert "Borgerservice Østerbro, Prøvevej 9, 2100 København Ø" in body
    assert "Opening hours:\nMonday–Wednesday: 10:00–16:00\n" in body
    assert "Thursday: 10:00–12:00, 13:00–17:30\nFriday: 10:00–14:00\n" in body


def test_the_cancellation_links_to_booking_the_same_service_at_the_same_centre(api, central):
    answer = book(api)
    token = answer["manage_url"].split("token=")[1]
    api.post(f"/api/v1/bookings/{answer['code']}/cancel", json={"token": token})
    deliver(central)
    [cancelled] = [m for m in mailbox(central) if "cancelled" in m["Subject"]]
    body = cancelled.get_content()
    assert "You can book a new time on our booking site:" in body
    [link] = re.findall(r"http://localhost/book\?\S+", body)
    assert link == "http://localhost/book?service=passport&centre=osterbro"
    assert "/book/manage/" not in body  # the cancelled booking's link is no way to book anew
    page = api.get(link.replace("http://localhost", ""))
    assert page.status_code == 302  # straight on to the days at that centre
    assert page.headers["Location"].endswith("/book/passport?centre=osterbro")


def test_a_cancellation_by_sms_links_to_booking_anew_too(api, central):
    answer = book(api, email=None, phone="12 34 56 78")
    token = answer["manage_url"].split("token=")[1]
    api.post(f"/api/v1/bookings/{answer['code']}/cancel", json={"token": token})
    deliver(central)
    [sms] = [
        m for m in mailbox(central) if m["Subject"].startswith("Your appointment is cancelled")
    ]
    text = sms.get_content()
    assert "Book a new time: http://localhost/book?service=passport&centre=osterbro" in text
    assert len(text) < 300


def test_a_booking_made_in_arabic_gets_its_messages_in_arabic(api, central):
    answer = book(api, language="ar", phone="12345678")
    db = central.extensions["enindgang"]["pool"].get()
    booking = db.execute("SELECT * FROM bookings WHERE code = ?", [answer["code"]]).fetchone()
    names = [d[0] for d in db.execute("SELECT * FROM bookings LIMIT 0").description]
    row = dict(zip(names, booking, strict=True))
    with central.app_context():
        subject, body = mailer.compose(central, row, "confirmation", "email")
        _, sms = mailer.compose(central, row, "confirmation", "sms")
    assert subject.startswith("حجزك: ")  # "Your booking: "
    assert f"رمز الحجز: {answer['code']}" in body  # "Booking code: ..."
    assert "تذكّر أن تحضر معك:" in body and "جواز سفرك القديم" in body  # what to bring
    # Two UCS-2 segments hold 134 characters: the text is shortened, the code and link kept.
    assert sms.startswith(f"تم الحجز: رمز الحجز {answer['code']}.")  # "Booked: booking code"
    assert sms.endswith("/book?service=passport&centre=osterbro")
    assert "{" not in body + sms and "%(" not in body + sms


def test_a_booking_made_in_turkish_gets_its_messages_in_turkish(api, central):
    answer = book(api, language="tr", phone="12345678")
    code = answer["code"]
    db = central.extensions["enindgang"]["pool"].get()
    booking = db.execute("SELECT * FROM bookings WHERE code = ?", [code]).fetchone()
    names = [d[0] for d in db.execute("SELECT * FROM bookings LIMIT 0").description]
    row = dict(zip(names, booking, strict=True))
    with central.app_context():
        subject, body = mailer.compose(central, row, "confirmation", "email")
    assert subject == "Randevunuz: Pasaport, 25 Kasım 2026 Çarşamba, saat 09:00"
    assert f"Randevu kodu: {code}" in body and body.startswith("Sayın Ida Ærø,")
    assert "Yanınızda getirmeyi unutmayın:" in body and "Varsa eski pasaportunuz" in body
    assert "{" not in body and "%(" not in body
    deliver(central)
    [sms] = [m.get_content() for m in mailbox(central) if m["X-Channel"] == "sms"]
    # Turkish letters send the SMS as UCS-2 (134 characters in two): the sentence puts the
    # code, the day and the time first, so only the service and centre are shortened.
    assert sms_text.encoding(sms) == "ucs2" and sms_text.fits(sms)
    assert sms.startswith(f"Randevunuz: Kod {code}. 25 Kasım 2026 Çarşamba 09:00.")
    assert re.search(rf"/book/manage/{code}\?token=[\w-]+$", sms)


KINDS = (messages.CONFIRMATION, messages.REMINDER, messages.MOVED, messages.CANCELLED)


def test_a_booking_made_in_urdu_gets_its_messages_in_urdu_each_sms_in_two_segments(api, central):
    answer = book(api, language="ur", phone="12345678")
    db = central.extensions["enindgang"]["pool"].get()
    booking = db.execute("SELECT * FROM bookings WHERE code = ?", [answer["code"]]).fetchone()
    names = [d[0] for d in db.execute("SELECT * FROM bookings LIMIT 0").description]
    row = dict(zip(names, booking, strict=True))
    with central.app_context():
        subject, body = mailer.compose(central, row, "confirmation", "email")
        texts = {kind: mailer.compose(central, row, kind, "sms")[1] for kind in KINDS}
    assert subject.startswith("آپ کی بکنگ: ")  # "Your booking: "
    assert f"بکنگ کوڈ: {answer['code']}" in body  # "Booking code: ..."
    assert "یہ چیزیں ساتھ لانا یاد رکھیں:" in body  # what to bring
    assert "آپ کا پرانا پاسپورٹ" in body and "پاسپورٹ" in subject
    # Urdu goes as UCS-2: two segments hold 134 characters; the code comes first and the
    # link stays whole, whatever is shortened in between.
    for kind, sms in texts.items():
        assert sms_text.encoding(sms) == "ucs2" and sms_text.segments(sms) <= 2, (kind, sms)
        assert f"بکنگ کوڈ {answer['code']}۔" in sms[:40], (kind, sms)
        assert "{" not in sms and "%(" not in sms
    assert texts["confirmation"].startswith("بک ہو گیا: ")  # "Booked:"
    assert texts["reminder"].startswith("یاد دہانی: ")  # "Reminder:"
    for sms in texts.values():
        assert sms.endswith(" http://localhost/book?service=passport&centre=osterbro")
    assert "{" not in body and "%(" not in body
