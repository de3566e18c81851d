"""All centres today, in-process: who reports, the warning, and numbers and days written the
reader's way (the live page in Chromium: tests/booking/test_overview_browser.py)."""

from __future__ import annotations

import re

from booking.domain import sync as sync_domain
from booking.store import sync as sync_store
from tests.booking.conftest import NORREBRO_KEY, auth
from tests.booking.test_sync_api import event, pull


def upload(api, *events, key=NORREBRO_KEY):
    response = api.post("/api/v1/sync/events", json={"events": list(events)}, headers=auth(key))
    assert response.status_code == 200, response.json
    return response


def at_counter(n: int, type: str, counter: str = "1", ticket: str | None = None, **data) -> dict:
    return {**event(n, type, **data), "counter": counter, "ticket_id": ticket}


def centres(session, lang: str = "da") -> dict[str, dict]:
    answer = session.get(f"/api/v1/overview?lang={lang}").json
    return {c["id"]: c for c in answer["centres"]}


def page_text(session, lang: str = "da") -> str:
    html = session.get(f"/staff/overview?lang={lang}").get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def row(session, centre: str, lang: str = "da") -> str:
    html = session.get(f"/staff/overview?lang={lang}").get_data(as_text=True)
    found = re.search(rf'<tr data-centre="{centre}".*?</tr>', html, re.S)
    assert found, html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip()


def test_the_page_does_not_reload_itself(api, keys, staff_login):
    html = staff_login("reception1").get("/staff/overview").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in html
    assert re.search(r'<script src="/static/booking/overview.js[^"]*" defer>', html)


def test_a_centre_that_never_called_says_so_instead_of_zero_waiting(api, keys, staff_login):
    reception = staff_login("reception1")
    osterbro = centres(reception)["osterbro"]
    assert (osterbro["reporting"], osterbro["last_contact_at"]) == ("never", None)
    assert osterbro["labels"]["reporting"] == "Har aldrig meldt"
    assert osterbro["labels"]["waiting"] == "–"
    assert row(reception, "osterbro") == "Østerbro Har aldrig meldt – – – – – – –"
    assert centres(reception, "en")["osterbro"]["labels"]["reporting"] == "Has never reported"


def test_a_centre_that_went_silent_says_since_when_and_shows_no_live_figures(
    api, keys, staff_login, clock
):
    upload(api, event(1), event(2))  # 08:00 local: two citizens take a number
    clock.advance(minutes=1)
    reception = staff_login("reception1")
    norrebro = centres(reception)["norrebro"]
    assert norrebro["reporting"] == "live" and norrebro["labels"]["waiting"] == "2"

    clock.advance(minutes=2, seconds=1)  # three minutes since the centre last called
    norrebro = centres(reception)["norrebro"]
    assert norrebro["reporting"] == "silent"
    assert norrebro["waiting"] == 2  # the API's figures are as before
    assert norrebro["labels"]["reporting"] == "Melder ikke siden kl. 08.00"
    assert norrebro["labels"]["waiting"] == "–"
    assert norrebro["warnings"] == []  # a silent centre's queue is not known
    assert "Melder ikke siden kl. 08.00" in row(reception, "norrebro")
    english = centres(reception, "en")["norrebro"]["labels"]["reporting"]
    assert english == "Not reporting since 08:00"

    clock.advance(days=1)
    later = centres(staff_login("reception1"))["norrebro"]["labels"]["reporting"]
    assert later == "Melder ikke siden mandag 23. november kl. 08.00"


def test_a_centre_calling_every_few_seconds_keeps_reporting(api, keys, staff_login, clock):
    reception = staff_login("reception1")
    for _ in range(10):
        assert pull(api).status_code == 200
        clock.advance(seconds=20)
        assert centres(reception)["norrebro"]["reporting"] == "live"


def test_the_last_call_is_written_at_most_every_30_seconds(api, keys, central_db, clock):
    pull(api)
    first = sync_store.last_contacts(central_db)["norrebro"]
    clock.advance(seconds=20)
    pull(api)
    assert sync_store.last_contacts(central_db)["norrebro"] == first
    clock.advance(seconds=sync_domain.CONTACT_EVERY.total_seconds())
    pull(api)
    assert sync_store.last_contacts(central_db)["norrebro"] > first


def test_citizens_waiting_with_no_counter_open_give_a_visible_warning(api, keys, staff_login):
    reception = staff_login("reception1")
    upload(api, event(1), event(2), event(3))
    norrebro = centres(reception)["norrebro"]
    assert norrebro["warnings"] == ["no_counter_open"]
    warning = "3 borgere venter, og ingen skranke er åben."
    assert norrebro["labels"]["warning"] == warning
    assert f"Borgerservice Nørrebro: {warning}" in page_text(reception)
    assert warning in row(reception, "norrebro")
    english = centres(reception, "en")["norrebro"]["labels"]["warning"]
    assert english == "3 citizens are waiting and no counter is open."

    upload(api, at_counter(4, "counter.opened"))
    norrebro = centres(reception)["norrebro"]
    assert (norrebro["open_counters"], norrebro["warnings"]) == (1, [])
    assert "ingen skranke" not in page_text(reception)

    upload(api, at_counter(5, "counter.break"))
    assert centres(reception)["norrebro"]["warnings"] == ["no_counter_open"]
    upload(api, at_counter(6, "counter.resumed"), at_counter(7, "ticket.called", ticket="t1"))
    assert centres(reception)["norrebro"]["warnings"] == []
    upload(api, at_counter(8, "staff.logout"))
    assert centres(reception)["norrebro"]["open_counters"] == 0


def test_an_empty_running_centre_has_no_warning(api, keys, staff_login):
    pull(api)
    norrebro = centres(staff_login("reception1"))["norrebro"]
    assert (norrebro["reporting"], norrebro["waiting"], norrebro["warnings"]) == ("live", 0, [])
    assert norrebro["labels"]["waiting"] == "0"


def test_numbers_and_the_day_are_written_the_danish_way(api, keys, staff_login):
    upload(
        api,
        event(1),
        at_counter(2, "ticket.called", ticket="t1", waited_seconds=114),
        at_counter(3, "ticket.finished", ticket="t1"),
    )
    reception = staff_login("reception1")
    assert centres(reception)["norrebro"]["labels"]["average_wait_minutes"] == "1,9"
    assert centres(reception, "en")["norrebro"]["labels"]["average_wait_minutes"] == "1.9"
    text = page_text(reception)
    assert "mandag 23. november 2026" in text
    assert "2026-11-23" not in text
    assert "1,9" in row(reception, "norrebro") and "1.9" not in row(reception, "norrebro")
    assert "Monday 23 November 2026" in page_text(reception, "en")
