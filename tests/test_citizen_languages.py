"""Every citizen page of the centre in every citizen language: the right lang and dir, its text
in that language, and the language the citizen chose at the kiosk following the ticket."""

from __future__ import annotations

import re

import pytest

from kernel.languages import CITIZEN_LANGUAGES, STAFF_LANGUAGES, direction, own_name

HTML = re.compile(r'<html lang="(\w+)" dir="(\w+)">')
ARABIC = re.compile("[\u0600-\u06ff]")
# The citizen languages in the Arabic script, written right to left.
RTL = {"ar", "ur"}


def lang_and_dir(response) -> tuple[str, str]:
    assert response.status_code in (200, 403, 404), response.status_code
    return HTML.search(response.get_data(as_text=True)).groups()


def test_arabic_and_urdu_are_written_right_to_left_and_the_others_left_to_right():
    assert direction("ar") == direction("ur") == "rtl"
    assert {direction(code) for code in CITIZEN_LANGUAGES if code not in RTL} == {"ltr"}
    assert own_name("ar") == "العربية" and own_name("ur") == "اردو"
    assert set(CITIZEN_LANGUAGES) >= RTL and not RTL & set(STAFF_LANGUAGES)


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_the_kiosk_page_has_the_language_and_direction_chosen(kiosk, language):
    response = kiosk.get(f"/kiosk?lang={language}")
    assert lang_and_dir(response) == (language, direction(language))
    page = response.get_data(as_text=True)
    assert bool(ARABIC.search(page.split('id="langs"')[0])) == (language in RTL)


def test_the_kiosk_first_screen_offers_each_citizen_language_by_its_own_name(kiosk):
    page = kiosk.get("/kiosk").get_data(as_text=True)
    langs = page[page.index('id="langs"') : page.index("</nav>", page.index('id="langs"'))]
    for code in CITIZEN_LANGUAGES:
        assert f'href="?lang={code}" lang="{code}"' in langs
        assert own_name(code) in langs
    assert 'lang="ar" hreflang="ar" dir="rtl"' in langs
    assert 'lang="ur" hreflang="ur" dir="rtl"' in langs


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_the_kiosk_notices_have_the_language_and_direction_asked_for(client, language):
    response = client.get(f"/kiosk/pair/no-such-link?lang={language}")
    assert response.status_code == 404
    assert lang_and_dir(response) == (language, direction(language))


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_the_status_page_speaks_the_language_chosen_at_the_kiosk(kiosk, language):
    issued = kiosk.post(
        "/api/v1/tickets", json={"service": "moving", "language": language, "nonce": "n1"}
    )
    assert issued.status_code == 201, issued.json
    path = issued.json["status_url"].replace("http://localhost", "")
    response = kiosk.get(path)
    assert lang_and_dir(response) == (language, direction(language))
    page = response.get_data(as_text=True)
    if language == "ar":
        assert "أبقِ هذه الصفحة مفتوحة" in page  # "Keep this page open..."
    if language == "ur":
        assert "یہ صفحہ کھلا رکھیں" in page  # "Keep this page open..."


def test_a_kiosk_error_comes_back_in_arabic_for_an_arabic_citizen(kiosk):
    refused = kiosk.post(
        "/api/v1/tickets", json={"service": "no-such", "language": "ar", "nonce": "n2"}
    )
    assert refused.status_code >= 400
    assert ARABIC.search(refused.json["error"]["message"])


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_the_display_has_the_language_and_direction_asked_for(client, language):
    response = client.get(f"/display?lang={language}")
    assert lang_and_dir(response) == (language, direction(language))


def test_a_browser_set_to_arabic_gets_staff_pages_in_danish(client):
    response = client.get("/counter", headers={"Accept-Language": "ar"})
    assert lang_and_dir(response) == ("da", "ltr")


def test_reception_can_give_a_ticket_in_any_citizen_language_on_a_danish_page(login):
    staff = login("reception1")
    response = staff.get("/counter")
    assert lang_and_dir(response) == ("da", "ltr")
    page = response.get_data(as_text=True)
    for prefix in ("give", "book", "checkin"):
        for code in CITIZEN_LANGUAGES:
            assert f'id="{prefix}-lang-{code}"' in page
    assert f'lang="ar" dir="rtl">{own_name("ar")}</label>' in page


def test_every_service_and_category_of_the_default_catalogue_has_every_citizen_language():
    from kernel.catalogue import Catalogue

    catalogue = Catalogue.load()
    for category in catalogue.categories:
        assert set(CITIZEN_LANGUAGES) <= set(category.name), category.id
        for service in category.services:
            assert set(CITIZEN_LANGUAGES) <= set(service.name), service.id
            if service.hint:
                assert set(CITIZEN_LANGUAGES) <= set(service.hint), service.id


def test_the_arabic_kiosk_names_its_services_in_arabic(kiosk):
    page = kiosk.get("/kiosk?lang=ar").get_data(as_text=True)
    assert "جوازات السفر ورخص القيادة" in page
    assert "Pas og kørekort" not in page


def test_the_turkish_kiosk_speaks_turkish_and_names_its_services_in_turkish(kiosk):
    assert own_name("tr") == "Türkçe" and direction("tr") == "ltr"
    page = kiosk.get("/kiosk?lang=tr").get_data(as_text=True)
    assert '<html lang="tr" dir="ltr">' in page
    assert "Pasaport ve ehliyet" in page and "Hangi konuda yardım istediğinizi seçin." in page
    assert "Pas og kørekort" not in page


def test_the_ukrainian_kiosk_names_its_services_in_ukrainian(kiosk):
    page = kiosk.get("/kiosk?lang=uk").get_data(as_text=True)
    assert "Паспорт і посвідчення водія" in page  # "Passport and driving licence"
    assert "Виберіть, із чим Вам потрібна допомога." in page  # "Choose what you need help with."
    assert "Pas og kørekort" not in page


def test_a_ukrainian_ticket_gets_its_status_page_and_errors_in_ukrainian(kiosk):
    issued = kiosk.post(
        "/api/v1/tickets", json={"service": "moving", "language": "uk", "nonce": "u1"}
    )
    page = kiosk.get(issued.json["status_url"].replace("http://localhost", "")).get_data(
        as_text=True
    )
    assert "Не закривайте цю сторінку" in page  # "Keep this page open..."
    refused = kiosk.post(
        "/api/v1/tickets", json={"service": "no-such", "language": "uk", "nonce": "u2"}
    )
    assert refused.json["error"]["message"] == "Ми не знаємо такої послуги."


def test_the_urdu_kiosk_names_its_services_in_urdu(kiosk):
    page = kiosk.get("/kiosk?lang=ur").get_data(as_text=True)
    assert "پاسپورٹ اور ڈرائیونگ لائسنس" in page
    assert "Pas og kørekort" not in page and "جوازات السفر" not in page


def test_a_kiosk_error_comes_back_in_urdu_for_an_urdu_citizen(kiosk):
    refused = kiosk.post(
        "/api/v1/tickets", json={"service": "no-such", "language": "ur", "nonce": "n3"}
    )
    assert refused.status_code >= 400
    assert refused.json["error"]["message"] == "ہم اس خدمت کو نہیں جانتے۔"
