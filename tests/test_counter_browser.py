"""The staff client in real Chromium against the demo server: counter, reception, manager."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import axe_violations, wait_for_js
from tests.live_http import Counter, issue, kiosk_session, ticket_state

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("no_script_errors")]

PASSWORD = "demo"
TIMEOUT = 5000  # ms: pushes and answers arrive well within this on the demo server


def log_in(page: Page, server, username: str, counter: str | None = None) -> None:
    page.goto(f"{server.url}/counter?lang=en")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    if counter:
        page.select_option("#login-counter", counter)
    page.click("#login-submit")
    expect(page.locator("#logout")).to_be_visible(timeout=TIMEOUT)


@contextmanager
def another_tablet(browser) -> Iterator[Page]:
    """A second person on their own tablet (own cookies), also free of script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="da-DK")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def action(page: Page, name: str):
    return page.locator(f'.act[data-action="{name}"]')


def tap(page: Page, name: str) -> None:
    """A deliberate tap after another: the panel ignores a second tap within 600 ms."""
    page.wait_for_timeout(700)
    action(page, name).click()


def test_staff_calls_starts_and_finishes_a_waiting_ticket(page, demo_server):
    ticket = issue(demo_server.url)
    log_in(page, demo_server, "staff1", counter="2")
    expect(page.locator("#counter-view")).to_be_visible()
    expect(page.locator(f'#my-queue tr[data-number="{ticket["number"]}"]')).to_be_visible(
        timeout=TIMEOUT
    )
    expect(action(page, "start")).to_be_disabled()

    action(page, "call-next").click()
    expect(page.locator("#cur-number")).to_have_text(ticket["number"], timeout=TIMEOUT)
    expect(page.locator("#cur-status")).to_have_text("Called")
    expect(page.locator("#cur-calls")).to_have_text("1")
    expect(action(page, "call-next")).to_be_disabled()

    tap(page, "start")
    expect(page.locator("#cur-status")).to_have_text("Being served", timeout=TIMEOUT)
    expect(action(page, "recall")).to_be_disabled()

    tap(page, "finish")
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    expect(page.locator("#cur-empty")).not_to_have_text("")
    expect(action(page, "call-next")).to_be_enabled()
    assert ticket_state(demo_server.url, ticket["id"])["status"] == "done"

    # A citizen who arrives now shows up in the list without a reload (the overview push).
    later = issue(demo_server.url)
    expect(page.locator(f'#my-queue tr[data-number="{later["number"]}"]')).to_be_visible(
        timeout=TIMEOUT
    )


def test_parked_ticket_is_called_back_and_break_blocks_calls(page, demo_server):
    ticket = issue(demo_server.url)
    log_in(page, demo_server, "staff1", counter="2")
    action(page, "call-next").click()
    expect(page.locator("#cur-number")).to_have_text(ticket["number"], timeout=TIMEOUT)
    page.wait_for_timeout(700)  # a deliberate key, not the second of a double tap
    page.keyboard.press("p")
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    parked = page.locator("#parked li", has_text=ticket["number"])
    expect(parked).to_be_visible(timeout=TIMEOUT)
    assert ticket_state(demo_server.url, ticket["id"])["status"] == "parked"

    page.wait_for_timeout(700)  # a deliberate key, not the second of a double tap
    page.keyboard.press("b")
    expect(action(page, "resume")).to_be_enabled(timeout=TIMEOUT)
    expect(action(page, "call-next")).to_be_disabled()
    expect(parked.get_by_role("button")).to_be_disabled()
    page.wait_for_timeout(700)  # a deliberate key, not the second of a double tap
    page.keyboard.press("b")
    expect(action(page, "break")).to_be_enabled(timeout=TIMEOUT)

    page.wait_for_timeout(700)  # a deliberate tap, not the second of a double tap
    parked.get_by_role("button").click()
    expect(page.locator("#cur-number")).to_have_text(ticket["number"], timeout=TIMEOUT)
    expect(page.locator("#cur-calls")).to_have_text("2")
    expect(page.locator("#parked li")).to_have_count(0)


def test_counter_heals_after_the_server_restarts(page, demo_server):
    log_in(page, demo_server, "staff1", counter="2")
    expect(page.locator("#live-state")).to_have_text("")
    demo_server.stop()
    expect(page.locator("#live-state")).not_to_have_text("", timeout=TIMEOUT)
    demo_server.start()
    ticket = issue(demo_server.url)
    # The client reconnects by itself, gets a fresh snapshot and shows the new arrival.
    expect(page.locator(f'#my-queue tr[data-number="{ticket["number"]}"]')).to_be_visible(
        timeout=15000
    )
    expect(page.locator("#live-state")).to_have_text("")


def test_call_next_with_nobody_waiting_says_so(page, demo_server):
    log_in(page, demo_server, "staff1", counter="2")
    action(page, "call-next").click()
    expect(page.locator("#message")).to_have_text("Nobody is waiting", timeout=TIMEOUT)
    expect(page.locator("#cur-number")).to_have_text("")


def test_keyboard_only_login_call_next_and_finish(page, demo_server):
    ticket = issue(demo_server.url)
    page.goto(f"{demo_server.url}/counter?lang=en")
    expect(page.locator("#username")).to_be_focused(timeout=TIMEOUT)
    page.keyboard.type("staff1")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.locator("#login-counter")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#login-counter")).to_have_value("2")
    page.keyboard.press("Tab")
    expect(page.locator("#login-submit")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#counter-view")).to_be_visible(timeout=TIMEOUT)
    expect(action(page, "call-next")).to_be_enabled(timeout=TIMEOUT)

    page.keyboard.press("n")
    expect(page.locator("#cur-number")).to_have_text(ticket["number"], timeout=TIMEOUT)
    page.wait_for_timeout(700)  # a deliberate key, not the second of a double tap
    page.keyboard.press("f")
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    assert ticket_state(demo_server.url, ticket["id"])["status"] == "done"


def test_shortcut_keys_are_ignored_while_typing(page, demo_server):
    issue(demo_server.url)
    page.goto(f"{demo_server.url}/counter?lang=en")
    log_in(page, demo_server, "staff1", counter="2")
    expect(action(page, "call-next")).to_be_enabled(timeout=TIMEOUT)
    action(page, "call-next").click()
    expect(page.locator("#cur-number")).not_to_have_text("", timeout=TIMEOUT)
    tap(page, "transfer")
    expect(page.locator("#transfer-dialog")).to_be_visible()
    page.keyboard.press("f")  # inside the dialog's select: must not finish the ticket
    page.keyboard.press("Escape")
    expect(page.locator("#transfer-dialog")).to_be_hidden()
    expect(page.locator("#cur-status")).to_have_text("Called")


def test_transfer_to_another_service_requeues_the_same_number(page, demo_server):
    ticket = issue(demo_server.url, "other")
    log_in(page, demo_server, "staff1", counter="2")
    action(page, "call-next").click()
    expect(page.locator("#cur-number")).to_have_text(ticket["number"], timeout=TIMEOUT)

    tap(page, "transfer")
    page.select_option("#transfer-service", "moving")
    page.click("#transfer-service-form button[type=submit]")
    expect(page.locator("#transfer-dialog")).to_be_hidden(timeout=TIMEOUT)
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)

    row = page.locator(f'#my-queue tr[data-number="{ticket["number"]}"]')
    expect(row).to_contain_text("Moving and national register", timeout=TIMEOUT)
    state = ticket_state(demo_server.url, ticket["id"])
    assert (state["status"], state["service"], state["number"]) == (
        "waiting",
        "moving",
        ticket["number"],
    )


def test_reception_priority_ticket_for_named_staff_is_called_first(page, browser, demo_server):
    older = issue(demo_server.url, "other")
    log_in(page, demo_server, "reception1")
    expect(page.locator("#reception-view")).to_be_visible()
    expect(page.locator('#give-staff option[value="staff1"]')).to_be_attached(timeout=TIMEOUT)
    page.select_option("#give-service", "other")
    page.select_option("#give-staff", "staff1")
    page.check("#give-priority")
    page.check("#give-lang-en")
    page.click("#give-form button[type=submit]")
    issued = page.locator("#issued-number")
    expect(issued).not_to_have_text("", timeout=TIMEOUT)
    number = issued.inner_text()
    assert number != older["number"]

    row = page.locator(f'#centre-queue tr[data-number="{number}"]')
    expect(row).to_contain_text("Priority", timeout=TIMEOUT)
    expect(row).to_contain_text("Sara Sørensen")
    # Priority goes first in the reception's list too.
    expect(page.locator("#centre-queue tbody tr").first).to_have_attribute("data-number", number)

    with another_tablet(browser) as counter:
        log_in(counter, demo_server, "staff1", counter="3")
        action(counter, "call-next").click()
        expect(counter.locator("#cur-number")).to_have_text(number, timeout=TIMEOUT)
        expect(counter.locator("#cur-priority")).to_be_visible()
        # Reception sees the call live at counter 3.
        expect(page.locator('#counters tr[data-counter="3"]')).to_contain_text(
            number, timeout=TIMEOUT
        )
    assert ticket_state(demo_server.url, older["id"])["status"] == "waiting"


def test_manager_stops_a_service_and_no_more_numbers_are_given(page, demo_server):
    log_in(page, demo_server, "manager1")
    expect(page.locator("#manager-view")).to_be_visible()
    expect(page.locator("#printer-line")).to_have_text("Kiosk printer: ok", timeout=TIMEOUT)
    stop = page.locator("#stop-moving")
    expect(stop).not_to_be_checked(timeout=TIMEOUT)
    stop.check()
    expect(page.locator("#message")).to_contain_text("No more numbers", timeout=TIMEOUT)
    expect(page.locator('tr[data-service="moving"] .s-stopped')).to_be_visible()

    response = kiosk_session(demo_server.url).post(
        f"{demo_server.url}/api/v1/tickets", json={"service": "moving", "language": "da"}, timeout=5
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "service_stopped"
    # Other services still give numbers.
    issue(demo_server.url, "other")


def test_manager_sees_the_latest_printouts_as_pictures_live(page, demo_server):
    before = issue(demo_server.url, "moving")
    log_in(page, demo_server, "manager1")
    printouts = page.locator("#printouts-list li")
    expect(page.locator("#printouts")).to_have_attribute("open", "", timeout=TIMEOUT)
    expect(printouts.first).to_have_attribute("data-name", before["number"], timeout=TIMEOUT)
    wait_for_js(page, "document.querySelector('#printouts-list img').naturalWidth > 0")

    after = issue(demo_server.url, "pension")
    expect(printouts.first).to_have_attribute("data-name", after["number"], timeout=TIMEOUT)
    expect(printouts.first.locator("img")).to_have_attribute(
        "alt", f"Printed ticket {after['number']}"
    )
    expect(printouts.first).to_contain_text(after["number"])
    expect(printouts).to_have_count(2)
    assert axe_violations(page) == []


def test_counter_staff_see_the_printer_and_open_printouts_on_request(page, demo_server):
    ticket = issue(demo_server.url, "moving")
    log_in(page, demo_server, "staff1", counter="3")
    expect(page.locator("#printer-line")).to_have_text("Kiosk printer: ok", timeout=TIMEOUT)
    expect(page.locator("#printer-failed")).to_be_hidden()
    expect(page.locator("#printouts-list")).to_be_hidden()  # closed until asked for

    page.get_by_text("Latest printouts", exact=True).click()
    expect(page.locator(f'#printouts-list li[data-name="{ticket["number"]}"] img')).to_be_visible(
        timeout=TIMEOUT
    )


def test_manager_saves_a_service_weight(page, demo_server):
    log_in(page, demo_server, "manager1")
    weight = page.locator("#weight-pension")
    expect(weight).to_have_value("1", timeout=TIMEOUT)
    weight.fill("2.5")
    weight.press("Enter")
    expect(page.locator("#message")).to_contain_text("2.5", timeout=TIMEOUT)
    weight.fill("50")
    weight.press("Enter")
    expect(page.locator("#error")).not_to_have_text("", timeout=TIMEOUT)
    reloaded = page.request.get(f"{demo_server.url}/api/v1/overview").json()
    assert {s["id"]: s["weight"] for s in reloaded["services"]}["pension"] == 2.5


def test_wrong_password_shows_an_error_and_no_panel(page, demo_server):
    page.goto(f"{demo_server.url}/counter?lang=en")
    page.fill("#username", "staff1")
    page.fill("#password", "not-the-password")
    page.select_option("#login-counter", "2")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_have_text(
        "The username or the password is not right.", timeout=TIMEOUT
    )
    expect(page.locator("#counter-view")).to_be_hidden()
    expect(page.locator("#logout")).to_be_hidden()
    assert page.request.get(f"{demo_server.url}/api/v1/me").status == 401


def test_taken_counter_is_refused_in_words(page, browser, demo_server):
    log_in(page, demo_server, "staff1", counter="4")
    with another_tablet(browser) as other:
        other.goto(f"{demo_server.url}/counter?lang=en")
        other.fill("#username", "tax1")
        other.fill("#password", PASSWORD)
        other.select_option("#login-counter", "4")
        other.click("#login-submit")
        expect(other.locator("#login-error")).to_have_text(
            "Someone else is logged in at that counter.", timeout=TIMEOUT
        )
        expect(other.locator("#counter-view")).to_be_hidden()


def test_logged_in_session_survives_a_reload_and_logout_ends_it(page, demo_server):
    log_in(page, demo_server, "staff1", counter="2")
    page.reload()
    expect(page.locator("#counter-view")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#who")).to_contain_text("Counter 2")
    page.click("#logout")
    expect(page.locator("#login-view")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#counter-view")).to_be_hidden()
    assert page.request.get(f"{demo_server.url}/api/v1/me").status == 401


def test_screens_have_no_accessibility_violations(page, browser, demo_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{demo_server.url}/counter")
    expect(page.locator("#login-view")).to_be_visible(timeout=TIMEOUT)
    assert axe_violations(page) == []

    issue(demo_server.url, "other")
    issue(demo_server.url, "moving")
    log_in(page, demo_server, "staff1", counter="2")
    action(page, "call-next").click()
    expect(page.locator("#cur-number")).not_to_have_text("", timeout=TIMEOUT)
    expect(page.locator("#my-queue tbody tr")).to_have_count(1, timeout=TIMEOUT)
    assert axe_violations(page) == []
    tap(page, "transfer")
    expect(page.locator("#transfer-dialog")).to_be_visible()
    assert axe_violations(page) == []

    with another_tablet(browser) as reception:
        log_in(reception, demo_server, "reception1")
        reception.select_option("#give-service", "family")
        reception.check("#give-priority")
        reception.click("#give-form button[type=submit]")
        expect(reception.locator("#issued-number")).not_to_have_text("", timeout=TIMEOUT)
        expect(reception.locator("#centre-queue tbody tr")).to_have_count(2, timeout=TIMEOUT)
        assert axe_violations(reception) == []

    with another_tablet(browser) as manager:
        log_in(manager, demo_server, "manager1")
        expect(manager.locator('#counters tr[data-counter="2"]')).to_contain_text(
            "Sara", timeout=TIMEOUT
        )
        assert axe_violations(manager) == []


def _wait_cell(page: Page, service: str):
    return page.locator(f'#services tr[data-service="{service}"] .s-wait')


def _range_shown(page: Page, server, service: str, template: str) -> None:
    """The cell says the range the services API gives a number taken now, in `template`
    (asked again while the page catches up: the estimate moves with the clock)."""
    for _ in range(20):
        api = page.request.get(f"{server.url}/api/v1/services?lang=en").json()
        low, high = next(s for s in api["services"] if s["id"] == service)["estimated_wait_range"]
        if _wait_cell(page, service).text_content() == template.format(low=low, high=high):
            return
        page.wait_for_timeout(250)
    expect(_wait_cell(page, service)).to_have_text(template.format(low=low, high=high))


def test_manager_sees_each_services_wait_as_the_range_a_citizen_is_given(
    page, browser, demo_server
):
    # Counter 2 serves a moving case, five more wait: the wait is a range, not minutes.
    for _ in range(6):
        issue(demo_server.url, "moving")
    staff = Counter(demo_server.url, "staff1", "2")
    staff.act("call-next")
    staff.act("start")
    log_in(page, demo_server, "manager1")
    expect(page.locator("#manager-view")).to_be_visible()
    expect(_wait_cell(page, "moving")).to_have_text(
        re.compile(r"^about \d+–\d+ min$"), timeout=TIMEOUT
    )
    _range_shown(page, demo_server, "moving", "about {low}–{high} min")
    assert _wait_cell(page, "moving").text_content() != "about 0–5 min"  # people wait
    # A service no staffed counter serves still says why, not a range.
    expect(_wait_cell(page, "tax_decision")).to_have_text(re.compile("^(No counter open|–)$"))

    with another_tablet(browser) as danish:
        danish.goto(f"{demo_server.url}/counter?lang=da")
        danish.fill("#username", "manager1")
        danish.fill("#password", PASSWORD)
        danish.click("#login-submit")
        expect(_wait_cell(danish, "moving")).to_have_text(
            re.compile(r"^ca\. \d+–\d+ min\.$"), timeout=TIMEOUT
        )
        _range_shown(danish, demo_server, "moving", "ca. {low}–{high} min.")
