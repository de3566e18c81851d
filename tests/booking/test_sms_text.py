"""SMS text: æøå stay in GSM-7, two segments at most, long names shortened, links never cut."""

from __future__ import annotations

from booking.core import sms_text

LINK = "https://booking.example.dk/book/manage/ACDEFG?token=" + "x" * 32
TEMPLATE = "{what} {service}, {date} at {time}, {centre}. Booking code: {code}. {link_text} {link}"
FIELDS = {
    "what": "Reminder:",
    "service": "Passport",
    "centre": "Borgerservice Østerbro",
    "date": "Wednesday 25 November 2026",
    "time": "09:00",
    "code": "ACDEFG",
    "link_text": "Move or cancel:",
    "link": LINK,
}


def test_danish_letters_are_in_gsm_7_and_polish_ones_are_not():
    assert sms_text.encoding("Påmindelse: Ærø, Østerbro, å æ ø Å Æ Ø é ü") == "gsm"
    assert sms_text.encoding("Przypomnienie: Łódź") == "ucs2"
    assert sms_text.encoding("تذكير") == "ucs2"


def test_segments_follow_the_gsm_and_ucs2_sizes():
    assert sms_text.segments("a" * 160) == 1
    assert sms_text.segments("a" * 161) == 2
    assert sms_text.segments("a" * 306) == 2
    assert sms_text.segments("a" * 307) == 3
    assert sms_text.segments("€" * 80) == 1  # an extension character takes two septets
    assert sms_text.segments("€" * 81) == 2
    assert sms_text.segments("ł" * 70) == 1
    assert sms_text.segments("ł" * 134) == 2
    assert sms_text.segments("ł" * 135) == 3


def test_a_message_that_fits_is_left_as_it_is():
    text = sms_text.fit(TEMPLATE, FIELDS)
    assert text == (
        "Reminder: Passport, Wednesday 25 November 2026 at 09:00, Borgerservice Østerbro. "
        f"Booking code: ACDEFG. Move or cancel: {LINK}"
    )
    assert len(text) == 203 and sms_text.segments(text) == 2


def test_long_names_are_shortened_into_two_segments_and_the_link_stays_whole():
    long = {**FIELDS, "service": "Pas " * 60, "centre": "Borgerservice " * 20}
    text = sms_text.fit(TEMPLATE, long)
    assert sms_text.segments(text) == 2
    assert text.endswith(f"Booking code: ACDEFG. Move or cancel: {LINK}")
    assert "..." in text and "…" not in text  # three dots keep the message in GSM-7


def test_a_template_too_long_for_any_shortening_is_cut_before_its_link():
    template = "{what} " + "Husk at medbringe pas og billede. " * 12 + "{link} {code}"
    text = sms_text.fit(template, FIELDS)
    assert sms_text.segments(text) <= 2
    assert text.endswith(LINK) and text.startswith("Reminder: Husk")


def test_arabic_text_is_kept_within_two_ucs2_segments():
    arabic = {**FIELDS, "what": "تذكير:", "service": "جواز السفر " * 10}
    text = sms_text.fit(TEMPLATE, arabic)
    assert sms_text.encoding(text) == "ucs2" and sms_text.segments(text) == 2
    assert text.endswith(LINK)


def test_a_template_may_only_name_known_placeholders():
    assert sms_text.template_problem(TEMPLATE) is None
    assert "unknown placeholder {name}" in sms_text.template_problem("Hej {name} {link}")
    assert "unknown placeholder" in sms_text.template_problem("{link.__class__}")
    assert "malformed" in sms_text.template_problem("Hej {link")
    assert sms_text.template_problem("{{literal}} {link}") is None
