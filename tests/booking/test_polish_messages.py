"""A booking made in Polish: its e-mail and SMS are in Polish, the SMS (UCS-2, as ą ę ł are not in
GSM-7) shortened to two segments with the booking code and the whole link kept."""

from __future__ import annotations

from booking.core import sms_text
from booking.mail import mailer
from tests.booking.test_messages import book

TOKEN = "t" * 43  # as long as a real manage token


def compose(central, code: str, kind: str, token: str | None = None) -> tuple[str, str, str]:
    db = central.extensions["enindgang"]["pool"].get()
    cursor = db.execute("SELECT * FROM bookings WHERE code = ?", [code])
    names = [d[0] for d in cursor.description]
    row = dict(zip(names, cursor.fetchone(), strict=True))
    with central.app_context():
        subject, body = mailer.compose(central, row, kind, "email", token)
        _, sms = mailer.compose(central, row, kind, "sms", token)
    return subject, body, sms


def test_a_booking_made_in_polish_gets_its_e_mail_in_polish(api, central):
    code = book(api, language="pl", phone="12345678")["code"]
    subject, body, _ = compose(central, code, "confirmation", TOKEN)
    assert subject == "Rezerwacja: Paszport, środa, 25 listopada 2026, godz. 09:00"
    assert body.startswith("Dzień dobry, Ida Ærø,\n\nTermin został zarezerwowany.")
    assert f"Kod rezerwacji: {code}" in body
    assert "Proszę zabrać ze sobą:" in body and "Dotychczasowy paszport" in body  # what to bring
    assert f"/book/manage/{code}?token={TOKEN}" in body
    assert body.rstrip().endswith("Z poważaniem\nBorgerservice")
    assert "{" not in body and "%(" not in body


def test_a_polish_sms_keeps_the_code_first_and_the_whole_link_in_two_segments(api, central):
    code = book(api, language="pl", phone="12345678")["code"]
    _, _, sms = compose(central, code, "confirmation", TOKEN)
    assert sms_text.encoding(sms) == "ucs2" and sms_text.segments(sms) <= 2
    assert sms.startswith(f"Zarezerwowano: kod rezerwacji {code}")  # "Booked: booking code"
    assert sms.endswith(f"/book/manage/{code}?token={TOKEN}")
    # With a shorter link (the booking site's own), the day and time fit too.
    _, _, reminder = compose(central, code, "reminder")
    assert reminder.startswith(
        f"Przypomnienie: kod rezerwacji {code}, środa, 25 listopada 2026, godz. 09:00"
    )
    assert reminder.endswith("/book?service=passport&centre=osterbro")


def test_a_cancellation_in_polish_says_so_and_links_to_booking_anew(api, central):
    code = book(api, language="pl", email="ida@example.dk")["code"]
    subject, body, sms = compose(central, code, "cancelled")
    assert subject == "Wizyta została odwołana: Paszport"
    assert "Wizyta została odwołana. Termin jest teraz wolny dla innych." in body
    assert "Nowy termin można zarezerwować na naszej stronie rezerwacji:" in body
    assert sms.startswith(f"Odwołano: kod rezerwacji {code}")
    assert sms.endswith("/book?service=passport&centre=osterbro")
