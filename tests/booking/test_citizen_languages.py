"""The booking site in every citizen language: lang and dir right on every citizen page, its
language links by their own names; staff pages offer Danish and English only."""

from __future__ import annotations

import re

import pytest

from kernel.languages import CITIZEN_LANGUAGES, direction, own_name
from tests.booking.test_audit_actors import citizen_booking

HTML = re.compile(r'<html lang="(\w+)" dir="(\w+)">')


def citizen_pages(api) -> list[str]:
    code, token = citizen_booking(api)
    return [
        "/book",
        "/book/passport",
        "/book/passport/osterbro",
        "/book/passport/osterbro/2026-11-24",
        f"/book/manage/{code}?token={token}",
        f"/book/manage/{code}/move?token={token}",
        f"/book/manage/{code}/move/2026-11-24?token={token}",
        "/book/no-such-service",
    ]


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_every_citizen_page_has_the_language_and_direction_chosen(api, language):
    for path in citizen_pages(api):
        sep = "&" if "?" in path else "?"
        response = api.get(f"{path}{sep}lang={language}")
        assert response.status_code in (200, 404), (path, response.status_code)
        html = response.get_data(as_text=True)
        assert HTML.search(html).groups() == (language, direction(language)), path


def test_the_arabic_choice_holds_for_the_rest_of_the_visit(api):
    api.get("/book?lang=ar")
    page = api.get("/book/passport").get_data(as_text=True)
    assert HTML.search(page).groups() == ("ar", "rtl")
    assert "اختر" in page  # "Choose ..."


def test_the_language_links_name_each_language_in_its_own_script(api):
    page = api.get("/book?lang=da").get_data(as_text=True)
    for code in CITIZEN_LANGUAGES:
        assert f'lang="{code}" hreflang="{code}" dir="{direction(code)}"' in page
        assert own_name(code) in page


def test_staff_pages_offer_danish_and_english_only(api, staff_login):
    desk = staff_login("reception1")
    page = desk.get("/staff?centre=norrebro&date=2026-11-24").get_data(as_text=True)
    assert own_name("da") in page and own_name("en") in page
    assert own_name("ar") not in page


def test_the_urdu_choice_holds_for_the_rest_of_the_visit(api):
    api.get("/book?lang=ur")
    page = api.get("/book/passport").get_data(as_text=True)
    assert HTML.search(page).groups() == ("ur", "rtl")
    assert "چنیں" in page  # "Choose ..."
    assert "پاسپورٹ" in page  # the service's Urdu name
