"""Danish and English are complete: every translatable string has both, with the same fields."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def catalogue(language):
    path = ROOT / "kernel" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as fh:
        return read_po(fh)


def placeholders(text):
    return {m.group(1) or m.group(2) for m in PLACEHOLDER.finditer(text)}


def test_catalogue_template_is_up_to_date_with_the_source():
    with open(ROOT / "kernel" / "translations" / "messages.pot", "rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template, "run scripts/i18n"
    for language in ("da", "en"):
        ids = {m.id for m in catalogue(language) if m.id}
        assert ids == template, f"{language}: run scripts/i18n and translate"


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_string_is_translated_with_the_same_placeholders(language):
    missing, broken = [], []
    for message in catalogue(language):
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(ids[0])
            continue
        for text in strings:
            if placeholders(text) != placeholders(ids[-1]) and placeholders(text) != placeholders(
                ids[0]
            ):
                broken.append((ids[0], text))
    assert not missing, f"{language} lacks: {missing[:10]}"
    assert not broken, broken[:5]


def test_danish_is_really_danish():
    da = {m.id: m.string for m in catalogue("da") if m.id}
    en = {m.id: m.string for m in catalogue("en") if m.id}
    assert da["We do not know that service."] != "We do not know that service."
    # A Danish source string (the reports' labels) is its own Danish: English differs from it.
    same = [k for k, v in da.items() if isinstance(k, str) and k == v == en.get(k) and len(k) > 12]
    assert len(same) <= 3, same
