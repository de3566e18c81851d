"""The booking site's pages in-process: preselection, errors as pages, CSRF, privacy headers."""

from __future__ import annotations

import re

from booking.domain import reserve


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_poster_link_goes_straight_to_the_days_at_that_centre(api):
    first = api.get("/book?centre=osterbro&service=passport")
    assert first.status_code == 302
    assert first.headers["Location"] == "/book/passport?centre=osterbro"
    second = api.get(first.headers["Location"])
    assert second.headers["Location"] == "/book/passport/osterbro"


def test_a_poster_for_a_centre_lists_only_its_services(api):
    page = api.get("/book?centre=osterbro&lang=en").get_data(as_text=True)
    assert "Passport" in page
    assert "Tax case that needs a decision" not in page
    everything = api.get("/book?lang=en").get_data(as_text=True)
    assert "Tax case that needs a decision" in everything


def test_unknown_pages_are_pages_not_json(api):
    response = api.get("/book/no-such-service")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "<h1>" in response.get_data(as_text=True)


def test_citizen_forms_need_the_csrf_token(api):
    response = api.post("/book/hold", data={"service": "passport", "slot": "x"})
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_a_taken_time_shows_the_nearest_free_times_on_the_page(api, central, clock):
    with central.app_context():
        from booking.web import ctx, db

        reserve.place_hold(
            ctx(),
            db(),
            {"service": "passport", "centre": "osterbro", "start": "2026-11-24T09:00:00+01:00"},
        )
    page = api.get("/book/passport/osterbro/2026-11-24?lang=en").get_data(as_text=True)
    assert 'value="osterbro|2026-11-24T08:00:00+00:00"' not in page  # held: not offered
    response = api.post(
        "/book/hold",
        data={
            "csrf_token": csrf_of(page),
            "service": "passport",
            "place": "osterbro",
            "day": "2026-11-24",
            "slot": "osterbro|2026-11-24T08:00:00+00:00",
        },
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "just taken" in text
    assert "The nearest free times" in text
    assert 'value="osterbro|2026-11-24T08:20:00+00:00"' in text


def test_the_manage_page_needs_the_token_and_keeps_it_private(api):
    answer = api.post(
        "/api/v1/bookings",
        json={
            "service": "passport",
            "centre": "osterbro",
            "start": "2026-11-24T09:00:00+01:00",
            "name": "Ida Ærø",
            "email": "ida@example.dk",
        },
    ).json
    path = answer["manage_url"].replace("http://localhost", "")
    page = api.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert answer["code"] in page.get_data(as_text=True)
    wrong = api.get(f"/book/manage/{answer['code']}?token=nope")
    assert wrong.status_code == 404
    assert "Ida" not in wrong.get_data(as_text=True)


def test_the_calendar_file_has_the_appointment_in_utc(api):
    answer = api.post(
        "/api/v1/bookings",
        json={
            "service": "passport",
            "centre": "osterbro",
            "start": "2026-11-24T09:00:00+01:00",
            "name": "Ida",
            "email": "ida@example.dk",
        },
    ).json
    ics = api.get(answer["ics_url"].replace("http://localhost", ""))
    assert ics.mimetype == "text/calendar"
    text = ics.get_data(as_text=True)
    assert "DTSTART:20261124T080000Z" in text
    assert "DTEND:20261124T081500Z" in text
    assert f"UID:{answer['code']}@enindgang" in text
    assert "Ida" not in text  # the file may be forwarded: no name in it


def test_an_unexpected_failure_is_a_500_without_internals(api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(reserve, "place_hold", broken)
    response = api.post("/api/v1/holds", json={})
    assert response.status_code == 500
    assert response.json["error"]["code"] == "server_error"
    assert "secret" not in response.get_data(as_text=True)
