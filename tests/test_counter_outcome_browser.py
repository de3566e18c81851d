"""Saying what a visit was, on the counter tablet (1280x800): a plain finish stays one tap and
counts as resolved; a hand-over to an administration takes three; the manager sees each
service's tasks. Each test reads the fact the centre stored for the visit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from kernel import visit_store
from kernel.db import connect
from tests.conftest import axe_violations
from tests.live_http import issue
from tests.test_counter_panel_browser import TABLET, TAP_GUARD_SECONDS, TIMEOUT, action, at_counter

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("no_script_errors")]

# The "other" service (the demo's default ticket): its main task is way-finding.
OTHER_MAIN = "ki-vejvisning"


def visit_fact(server, ticket_id: str) -> dict:
    """The fact the demo centre stored for the ticket's visit, read from its database."""
    db = connect(server.data_dir / "norrebro.sqlite3")
    try:
        found = [
            f for f in visit_store.between(db, "2000-01-01", "2999-12-31") if f["id"] == ticket_id
        ]
    finally:
        db.close()
    assert len(found) == 1, found
    return found[0]


def tap_on(page: Page, locator) -> None:
    """A deliberate tap, a moment after the previous one (as counter_panel's tap())."""
    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)
    locator.click()


def called(page: Page, server, lang: str = "da") -> dict:
    ticket = issue(server.url)
    at_counter(page, server, lang)
    tap_on(page, action(page, "call-next"))
    expect(page.locator("#cur-number")).to_have_text(ticket["number"], timeout=TIMEOUT)
    return ticket


def inside_the_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= TABLET["height"]


def test_a_plain_finish_is_still_one_tap_and_counts_as_resolved(page, demo_server):
    ticket = called(page, demo_server)
    tap_on(page, action(page, "finish"))  # the one tap
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    expect(page.locator("#message")).to_have_text(f"{ticket['number']} er afsluttet.")
    fact = visit_fact(demo_server, ticket["id"])
    assert (fact["status"], fact["outcome"], fact["handed_to"]) == ("served", "resolved", None)
    assert fact["tasks"] == [OTHER_MAIN]
    expect(page.locator("#outcome-dialog")).not_to_be_visible()


def test_a_hand_over_takes_three_taps_and_records_the_administration(page, demo_server):
    ticket = called(page, demo_server)
    other = action(page, "outcome")
    expect(other).to_have_text("Andet udfald… O")
    assert inside_the_screen(other)

    tap_on(page, other)  # 1
    dialog = page.locator("#outcome-dialog")
    expect(dialog).to_be_visible()
    tap_on(page, dialog.get_by_role("button", name="Overdraget til forvaltning"))  # 2
    building = dialog.get_by_role("button", name="Bygge- og Teknikforvaltningen")
    expect(building).to_be_visible()
    # Every administration is there, on the screen without scrolling, and the panel passes axe.
    assert dialog.locator("[data-administration]").count() == 9
    assert all(inside_the_screen(b) for b in dialog.locator("[data-administration]").all())
    assert axe_violations(page) == []

    tap_on(page, building)  # 3: finished
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    expect(dialog).not_to_be_visible()
    expect(page.locator("#message")).to_have_text(
        f"{ticket['number']} er afsluttet: overdraget til Bygge- og Teknikforvaltningen."
    )
    fact = visit_fact(demo_server, ticket["id"])
    assert (fact["status"], fact["outcome"], fact["handed_to"]) == ("served", "handed_over", "BTF")
    # No task named: the service's first task that administration owns.
    assert fact["administration"] == "BTF"


def test_the_panel_opens_from_its_key_records_the_ticked_tasks_and_can_call_the_next(
    page, demo_server
):
    ticket = called(page, demo_server, "en")
    following = issue(demo_server.url)
    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)
    page.keyboard.press("o")
    dialog = page.locator("#outcome-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("#outcome-tasks summary").click()
    boxes = dialog.locator("#outcome-task-list input")
    expect(boxes.first).to_be_checked()  # the main task
    boxes.nth(1).check()
    second = boxes.nth(1).get_attribute("value")
    dialog.get_by_label("Call the next citizen at once").check()
    assert axe_violations(page) == []
    tap_on(page, dialog.get_by_role("button", name="The citizen must come back"))
    expect(page.locator("#message")).to_have_text(
        f"{ticket['number']} is finished: the citizen must come back. "
        f"{following['number']} is called to your counter.",
        timeout=TIMEOUT,
    )
    expect(page.locator("#cur-number")).to_have_text(following["number"])
    fact = visit_fact(demo_server, ticket["id"])
    assert (fact["outcome"], fact["tasks"]) == ("come_back", [OTHER_MAIN, second])


def test_a_double_tap_on_other_outcome_only_opens_the_panel(page, demo_server):
    ticket = called(page, demo_server)
    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)
    action(page, "outcome").click()
    refer = page.locator('#outcome-dialog [data-outcome="referred"]')
    expect(refer).to_be_visible()
    refer.click()  # the second tap of a double tap, landing in the panel at once
    page.wait_for_timeout(800)
    expect(page.locator("#cur-number")).to_have_text(ticket["number"])
    page.locator("#outcome-cancel").click()
    expect(page.locator("#outcome-dialog")).not_to_be_visible()
    expect(action(page, "outcome")).to_be_focused()


def test_the_manager_sees_each_services_tasks_with_administration_and_level(page, demo_server):
    page.set_viewport_size(TABLET)
    page.goto(f"{demo_server.url}/counter?lang=en")
    page.fill("#username", "manager1")
    page.fill("#password", "demo")
    page.click("#login-submit")
    row = page.locator('#services tr[data-service="moving"]')
    expect(row).to_be_visible(timeout=TIMEOUT)
    row.locator("details summary").click()
    tasks = row.locator("details li")
    expect(tasks.first).to_contain_text("main task")
    expect(tasks.first).to_contain_text("Copenhagen Taxes and Registers")
    expect(tasks.first).to_contain_text("2 Rule-based decision")
    assert tasks.count() == 10
    assert axe_violations(page) == []
