"""Danish and English are complete; every citizen language holds every citizen string.

Every translatable string has Danish and English with the same fields. A further citizen
language (kernel/languages.py) must translate every entry used in a citizen file
(CITIZEN_SOURCES, read from the entries' "#:" locations); staff pages stay Danish/English."""

import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kernel.languages import CITIZEN_LANGUAGES, CITIZEN_SOURCES, UNREVIEWED

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def catalogue(language):
    path = ROOT / "kernel" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as fh:
        return read_po(fh)


def placeholders(text):
    return {m.group(1) or m.group(2) for m in PLACEHOLDER.finditer(text)}


def for_citizens(message):
    return any(fnmatch(path, glob) for path, _ in message.locations for glob in CITIZEN_SOURCES)


def gaps(language, messages):
    """The msgids left untranslated, and translations whose fields differ from the msgid's.

    A plural form may leave the number out (Arabic writes "one person" in words) but never
    brings a field of its own."""
    missing, broken = [], []
    for message in messages:
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(ids[0])
            continue
        fields = [placeholders(i) for i in ids]
        for text in strings:
            found = placeholders(text)
            exact = found in fields
            fewer = len(ids) > 1 and any(found <= f for f in fields)
            if not (exact or fewer):
                broken.append((ids[0], text))
    return missing, broken


def test_catalogue_template_is_up_to_date_with_the_source():
    with open(ROOT / "kernel" / "translations" / "messages.pot", "rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template, "run scripts/i18n"
    for language in CITIZEN_LANGUAGES:
        ids = {m.id for m in catalogue(language) if m.id}
        assert ids == template, f"{language}: run scripts/i18n and translate"


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_string_is_translated_with_the_same_placeholders(language):
    missing, broken = gaps(language, [m for m in catalogue(language) if m.id])
    assert not missing, f"{language} lacks: {missing[:10]}"
    assert not broken, broken[:5]


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_every_citizen_string_is_translated_in_every_citizen_language(language):
    citizen = [m for m in catalogue(language) if m.id and for_citizens(m)]
    assert len(citizen) > 250, "the citizen files' strings are missing from the catalogue"
    missing, broken = gaps(language, citizen)
    assert not missing, f"{language} lacks citizen strings: {missing[:10]}"
    assert not broken, broken[:5]


def test_the_citizen_set_covers_the_kiosk_the_ticket_the_status_page_and_booking():
    locations = {path for m in catalogue("ar") if m.id for path, _ in m.locations}
    for surface in (
        "kiosk/templates/kiosk/kiosk.html",
        "display/templates/display/display.html",
        "centre/templates/status.html",
        "centre/printing.py",
        "booking/templates/booking/details.html",
        "booking/templates/booking/messages/email.txt",
        "booking/mail/sms_message.py",
        "booking/bring.py",
        "centre/web.py",
        "kernel/http_errors.py",
    ):
        assert surface in locations
        assert any(fnmatch(surface, glob) for glob in CITIZEN_SOURCES), surface


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_an_unreviewed_catalogue_says_so_in_its_header(language):
    path = ROOT / "kernel" / "translations" / language / "LC_MESSAGES" / "messages.po"
    marked = "UNREVIEWED" in path.read_text(encoding="utf-8").split('msgid ""')[0]
    assert marked == (language in UNREVIEWED)


def test_danish_is_really_danish():
    da = {m.id: m.string for m in catalogue("da") if m.id}
    assert da["We do not know that service."] != "We do not know that service."
    same = [k for k, v in da.items() if isinstance(k, str) and k == v and len(k) > 12]
    assert len(same) <= 3, same


def test_arabic_is_really_arabic():
    ar = [m.string for m in catalogue("ar") if m.id and for_citizens(m)]
    texts = [s for t in ar for s in (t if isinstance(t, tuple) else (t,))]
    arabic = [t for t in texts if re.search("[\u0600-\u06ff]", t)]
    assert len(arabic) >= len(texts) - 3


def test_polish_is_really_polish():
    pl = {m.id: m.string for m in catalogue("pl") if m.id and for_citizens(m)}
    flat = lambda value: value if isinstance(value, tuple) else (value,)  # noqa: E731
    texts = [s for t in pl.values() for s in flat(t)]
    english = {s for k in pl for s in flat(k)}
    same = [t for t in texts if t in english]
    assert len(same) <= 6, same  # "OK", "Status", bare placeholders: the same in Polish
    polish = [t for t in texts if re.search("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]", t)]
    assert len(polish) >= len(texts) // 2
    # Three plural forms: one (1), few (2-4, 22-24) and many (5-21, 25...) are different words.
    one, few, many = pl[("%(num)d person ahead of you", "%(num)d people ahead of you")]
    assert "osoba" in one and "osoby" in few and "osób" in many


def test_turkish_is_really_turkish():
    tr = [m for m in catalogue("tr") if m.id and for_citizens(m)]
    texts = [s for m in tr for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    assert len(texts) > 250
    # Nearly every sentence holds a letter English and Danish lack (ç ğ ı İ ö ş ü): the short
    # rest ("Evet", "Randevu al") must at least differ from the English they translate.
    turkish = [t for t in texts if re.search("[çğıİöşüÇĞÖŞÜ]", t)]
    assert len(turkish) >= 0.8 * len(texts)
    copied = [
        m.id for m in tr if m.string == m.id and re.search("[A-Za-z]", PLACEHOLDER.sub("", m.id))
    ]
    assert not copied, copied
    tr_strings = {m.id: m.string for m in tr}
    assert tr_strings["Welcome. Please wait until your number is called."].startswith(
        "Hoş geldiniz"
    )


def test_ukrainian_is_really_ukrainian():
    uk = [m.string for m in catalogue("uk") if m.id and for_citizens(m)]
    texts = [s for t in uk for s in (t if isinstance(t, tuple) else (t,))]
    cyrillic = [t for t in texts if re.search("[\u0400-\u04ff]", t)]
    assert len(cyrillic) >= len(texts) - 3
    # Letters Ukrainian writes and Russian does not (ґ is too rare to count on), and none of
    # the letters only Russian writes.
    joined = "".join(texts)
    assert all(letter in joined for letter in "іїє")
    assert not re.search("[ыэъё]", joined, re.IGNORECASE)


def test_urdu_is_really_urdu():
    # Urdu, not Arabic or Hindi: Urdu script in nearly every entry, Urdu's own letters
    # (ے ں ٹ ڈ ڑ ہ ی ک ۔) across the catalogue, and never Arabic's ي or ك in their place.
    ur = [m.string for m in catalogue("ur") if m.id and for_citizens(m)]
    texts = [s for t in ur for s in (t if isinstance(t, tuple) else (t,))]
    urdu = [t for t in texts if re.search("[\u0600-\u06ff]", t)]
    assert len(urdu) >= len(texts) - 3
    joined = "".join(texts)
    assert all(letter in joined for letter in "ےںٹڈڑہیک۔")
    assert not re.search("[\u064a\u0643\u0900-\u097f]", joined)
