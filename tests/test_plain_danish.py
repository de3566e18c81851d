"""Plain-language Danish on the citizens' screens and messages: short sentences, everyday
words, "du", and the words /work/shared/GLOSSARY-da.md says citizens expect. Every Danish
string a citizen file uses (CITIZEN_SOURCES) is measured, so a new long or official-sounding
sentence fails here before a citizen reads it."""

from __future__ import annotations

import re

import pytest

from tests.test_i18n import catalogue, for_citizens

# A sentence ends at . ! or ? before a capital letter ("kl. 10.30" and "ca. 15" go on).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
# Read aloud on a kiosk or a phone, a sentence past this many words is hard to follow.
MOST_WORDS_PER_SENTENCE = 15
MOST_WORDS_PER_STRING = 30
# Officialese and its everyday words (Klarsprog): what a citizen screen says instead.
OFFICIALESE = {
    "henvendelse": "spørgsmål, besøg",
    "foranstaltning": "say what is done",
    "jf.": "leave it out",
    "pågældende": "den, det",
    "såfremt": "hvis",
    "endvidere": "også",
    "vedrørende": "om",
    "vedr.": "om",
    "bedes": "du skal, vil du",
    "venligst": "leave it out",
    "i henhold til": "efter",
    "anmodning": "spørgsmål, ønske",
    "ekspedition": "betjening",
    "fremmøde": "når du kommer",
    "ovennævnte": "den, det",
    "herunder": "fx",
    "hhv.": "og",
    "dertil": "til den",
    "annulleret": "gælder ikke længere",
    "reserveret": "vi holder tiden til dig",
    "forespørgsler": "forsøg",
    "session": "siden",
}
# The glossary's words where the catalogue once said otherwise.
GLOSSARY = {
    r"\btag(e)? et nummer\b": "Træk et nummer",
    r"\bbooking-kode\b|\breservationskode\b": "Bookingkode",
}
# The formal address ("De", "Dem", "Deres") inside a sentence: citizens are "du".
FORMAL = re.compile(r"(?<=[\w,;]\s)(De|Dem|Deres)\b")


def citizen_danish() -> list[str]:
    """Every Danish text (each plural form too) of an entry a citizen file uses."""
    texts = []
    for message in catalogue("da"):
        if not message.id or not for_citizens(message):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts.extend(s for s in strings if s)
    return texts


def words(text: str) -> int:
    return len(text.split())


def test_there_are_citizen_danish_strings_to_measure():
    assert len(citizen_danish()) > 200


def test_no_citizen_danish_sentence_is_long():
    long = [
        (words(sentence), sentence)
        for text in citizen_danish()
        for sentence in SENTENCE_END.split(text)
        if words(sentence) > MOST_WORDS_PER_SENTENCE
    ]
    assert long == []
    too_much = [text for text in citizen_danish() if words(text) > MOST_WORDS_PER_STRING]
    assert too_much == []


@pytest.mark.parametrize("word", sorted(OFFICIALESE))
def test_no_citizen_danish_text_uses_officialese(word):
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    found = [text for text in citizen_danish() if pattern.search(text)]
    assert found == [], f"say {OFFICIALESE[word]!r} instead"


@pytest.mark.parametrize("pattern", sorted(GLOSSARY))
def test_citizen_danish_uses_the_glossarys_words(pattern):
    found = [text for text in citizen_danish() if re.search(pattern, text, re.IGNORECASE)]
    assert found == [], f"the glossary says {GLOSSARY[pattern]!r}"


def test_citizens_are_addressed_as_du():
    assert [text for text in citizen_danish() if FORMAL.search(text)] == []
    assert (
        sum(bool(re.search(r"\b(du|dig|din|dit|dine)\b", t, re.I)) for t in citizen_danish()) > 50
    )


def test_the_measure_catches_what_it_should():
    """The rules themselves: the old sentences they were written against fail them."""
    old = (
        "Vi beklager: der er ingen fra Skattestyrelsen her resten af dagen, så vi kan ikke "
        "give dig et nummer til en skatteafgørelse."
    )
    assert words(SENTENCE_END.split(old)[0]) > MOST_WORDS_PER_SENTENCE
    assert SENTENCE_END.split("Din tid er kl. 10.30. Kom i god tid.") == [
        "Din tid er kl. 10.30.",
        "Kom i god tid.",
    ]
    assert FORMAL.search("Vi sender Dem en bekræftelse.")
    assert not FORMAL.search("De første ledige tider")
    assert re.search(next(iter(GLOSSARY)), "Tag et nummer til: Pas", re.IGNORECASE)
