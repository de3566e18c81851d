"""A booking made in Ukrainian gets its e-mail and its SMS in Ukrainian. Cyrillic sends an SMS
as UCS-2 (134 characters in two), so the Ukrainian text puts the time and the day first and the
booking code next: to keep it in two SMS the centre's and the service's names are cut first, never
the time, the day or the link (whose page shows everything, and which holds the code too)."""

from __future__ import annotations

import pytest

from booking.core import sms_text
from booking.mail import mailer
from booking.mail.sms_message import default_template
from tests.booking.fake_sms_gateway import FakeGateway
from tests.booking.helpers import local
from tests.booking.test_messages import book, deliver, produce
from tests.booking.test_sms import book_by_phone, sms_app, token_in

# A manage link as long as a real one: an https host and a 32-character token.
LONG_LINK = "https://borgerservice.kk.dk/book/manage/K7P2QX?token=" + "x" * 32


@pytest.fixture
def fake_gateway():
    fake = FakeGateway().start()
    yield fake
    fake.stop()


@pytest.fixture
def sms_central(tmp_path, clock, fake_gateway):
    return sms_app(tmp_path, clock, fake_gateway)


def booking_row(central, code: str) -> dict:
    db = central.extensions["enindgang"]["pool"].get()
    cursor = db.execute("SELECT * FROM bookings WHERE code = ?", [code])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def test_a_booking_made_in_ukrainian_gets_its_email_in_ukrainian(api, central):
    answer = book(api, language="uk")
    row = booking_row(central, answer["code"])
    with central.app_context():
        subject, body = mailer.compose(central, row, "confirmation", "email")
    assert subject == "Ваш запис: Паспорт, середа, 25 листопада 2026 о 09:00"
    assert body.startswith("Доброго дня, Ida Ærø!")
    assert f"Код запису: {answer['code']}" in body  # "Booking code: ..."
    assert "Не забудьте взяти з собою:" in body  # "Remember to bring:"
    assert "Ваш старий паспорт, якщо він у Вас є" in body
    assert "{" not in body and "%(" not in body


def test_a_ukrainian_sms_is_two_ucs2_segments_with_the_day_time_code_and_a_working_link(
    sms_central, fake_gateway, clock
):
    answer = book_by_phone(sms_central, language="uk")
    clock.set(local(2026, 11, 24, 9, 0))
    assert produce(sms_central) == 1  # the reminder the day before
    assert deliver(sms_central) == 2
    confirmation, reminder = (r["json"]["text"] for r in fake_gateway.received)
    for text, what in ((confirmation, "Записано:"), (reminder, "Нагадуємо:")):
        assert sms_text.encoding(text) == "ucs2" and sms_text.segments(text) <= 2
        assert text.startswith(f"{what} 09:00, середа, 25 листопада 2026. Код {answer['code']}.")
        code, token = token_in(text)
        assert code == answer["code"]
        assert (
            sms_central.test_client().get(f"/book/manage/{code}?token={token}").status_code == 200
        )


def test_with_a_real_length_link_the_ukrainian_sms_still_keeps_the_day_and_the_time(api, central):
    answer = book(api, language="uk", phone="12345678")
    row = booking_row(central, answer["code"])
    with central.app_context():
        for kind in ("confirmation", "reminder", "moved", "cancelled"):
            _, text = mailer.compose(central, row, kind, "sms")
            assert sms_text.segments(text) <= 2, kind
    with central.test_request_context("/?lang=uk"):
        template = default_template()
    fields = {
        "what": "Нагадуємо:",
        "service": "Картка медичного страхування",
        "centre": "Borgerservice Østerbro",
        "date": "середа, 25 листопада 2026",
        "time": "09:00",
        "code": "K7P2QX",
        "link_text": "Перенести чи скасувати:",
        "link": LONG_LINK,
    }
    text = sms_text.fit(template, fields)
    assert sms_text.segments(text) == 2 and text.endswith(" " + LONG_LINK)
    assert text.startswith("Нагадуємо: 09:00, середа, 25 листопада 2026.")
