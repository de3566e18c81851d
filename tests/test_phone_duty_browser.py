"""Phone duty on the counter tablet (1280x800): one key or tap starts it, no citizen can be
called meanwhile, a call is logged in two taps (a double tap logs it once) and stored as a
phone visit of the centre, and one more key brings the counter back to the queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kernel import visit_store
from kernel.db import connect
from tests.conftest import axe_violations
from tests.test_counter_browser import another_tablet, log_in
from tests.test_counter_outcome_browser import inside_the_screen, tap_on
from tests.test_counter_panel_browser import (
    TABLET,
    TAP_GUARD_SECONDS,
    TIMEOUT,
    action,
    at_counter,
    counter_now,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("no_script_errors")]


def phone_facts(server) -> list[dict]:
    db = connect(server.data_dir / "norrebro.sqlite3")
    try:
        return [
            f
            for f in visit_store.between(db, "2000-01-01", "2999-12-31")
            if f["channel"] == "phone"
        ]
    finally:
        db.close()


def test_phone_duty_keeps_citizens_away_and_logs_a_call_in_two_taps(page, demo_server):
    at_counter(page, demo_server)
    expect(action(page, "call-next")).to_be_enabled(timeout=TIMEOUT)
    page.keyboard.press("v")
    expect(page.locator("#counter-state")).to_contain_text("På telefonvagt", timeout=TIMEOUT)
    expect(page.locator("#message")).to_have_text("Du har telefonvagt.")
    assert counter_now(page)["counter"]["state"] == "phone"
    expect(action(page, "call-next")).to_be_disabled()
    expect(action(page, "phone-end")).to_be_enabled()

    log = page.locator("#call-log")
    expect(log).to_be_visible()
    assert axe_violations(page) == []
    page.select_option("#call-service", "moving")  # tap 1
    answered = log.get_by_role("button", name="Besvaret")
    assert inside_the_screen(answered)
    tap_on(page, answered)  # tap 2
    answered.click()  # the same finger again at once: ignored
    expect(page.locator("#message")).to_contain_text("Opkald registreret", timeout=TIMEOUT)
    expect(page.locator("#call-log-count")).to_have_text(
        "Opkald registreret på denne telefonvagt: 1"
    )
    facts = phone_facts(demo_server)
    assert [(f["service"], f["outcome"]) for f in facts] == [("moving", "answered")]

    # A hand-over asks which administration, then logs the call.
    tap_on(page, log.get_by_role("button", name="Overdraget…"))
    admins = page.locator("#call-admins")
    expect(admins).to_be_visible()
    assert axe_violations(page) == []
    tap_on(page, admins.locator('[data-call-administration="FAF"]'))
    expect(page.locator("#call-log-count")).to_have_text(
        "Opkald registreret på denne telefonvagt: 2", timeout=TIMEOUT
    )
    assert sorted(f["handed_to"] or "" for f in phone_facts(demo_server)) == ["", "FAF"]

    # A call put through asks where to, then logs the call: a centre of the municipality.
    tap_on(page, log.get_by_role("button", name="Stillet om…"))
    places = page.locator("#call-places")
    expect(places).to_be_visible()
    expect(admins).to_be_hidden()
    assert axe_violations(page) == []
    tap_on(page, places.locator('[data-call-place="valby"]'))
    expect(page.locator("#call-log-count")).to_have_text(
        "Opkald registreret på denne telefonvagt: 3", timeout=TIMEOUT
    )
    expect(page.locator("#message")).to_contain_text("stillet om til Borgerservice Valby")
    went = sorted(f["handed_to"] or "" for f in phone_facts(demo_server))
    assert went == ["", "FAF", "valby"]

    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)  # a key is a tap too
    page.keyboard.press("v")
    expect(page.locator("#message")).to_have_text(
        "Du er tilbage fra telefonvagten.", timeout=TIMEOUT
    )
    expect(log).to_be_hidden()
    expect(action(page, "call-next")).to_be_enabled()
    assert counter_now(page)["counter"]["state"] == "open"


def test_the_manager_sees_a_counter_on_phone_duty_in_english(page, demo_server, browser):
    at_counter(page, demo_server, "en")
    page.keyboard.press("v")
    expect(page.locator("#counter-state")).to_contain_text("On phone duty", timeout=TIMEOUT)
    with another_tablet(browser) as manager:
        manager.set_viewport_size(TABLET)
        log_in(manager, demo_server, "manager1")
        row = manager.locator('#counters tr[data-counter="2"]')
        expect(row).to_contain_text("On phone duty", timeout=TIMEOUT)
        assert axe_violations(manager) == []
