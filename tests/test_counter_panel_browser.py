"""The counter tablet as counter staff use it, at its real size (1280x800): buttons that stay
put, a double tap that does one thing, finish and call next in one tap, a queue that fits in
Danish and English, and a transfer "not to me"."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.conftest import axe_violations
from tests.live_http import Counter, issue, ticket_state

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("no_script_errors")]

PASSWORD = "demo"
TIMEOUT = 5000
TABLET = {"width": 1280, "height": 800}
# The client ignores a second tap this soon after the first (counter/static/counter/panel.js).
TAP_GUARD_SECONDS = 0.6


def at_counter(page: Page, server, lang: str = "da", username: str = "staff1") -> None:
    page.set_viewport_size(TABLET)
    page.goto(f"{server.url}/counter?lang={lang}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.select_option("#login-counter", "2")
    page.click("#login-submit")
    expect(page.locator("#logout")).to_be_visible(timeout=TIMEOUT)
    expect(action(page, "call-next")).to_be_enabled(timeout=TIMEOUT)


def action(page: Page, name: str):
    return page.locator(f'.act[data-action="{name}"]')


def tap(page: Page, name: str) -> None:
    """A deliberate tap: a moment after the previous one, as a person taps."""
    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)
    action(page, name).click()


def boxes(page: Page) -> dict[str, tuple[float, float, float, float]]:
    found = {}
    for button in page.locator(".act").all():
        box = button.bounding_box()
        assert box is not None, button.get_attribute("data-action")
        found[button.get_attribute("data-action")] = (
            round(box["x"], 1),
            round(box["y"], 1),
            round(box["width"], 1),
            round(box["height"], 1),
        )
    return found


def settled_boxes(page: Page) -> dict[str, tuple[float, float, float, float]]:
    """The boxes once the screen holds still: live lines (the printer, central's state) may
    still arrive after a state change, and a box measured before one would seem to move."""
    before = boxes(page)
    for _ in range(20):
        page.wait_for_timeout(250)
        now = boxes(page)
        if now == before:
            return now
        before = now
    return before


def counter_now(page: Page) -> dict:
    return page.request.get(page.url.split("/counter")[0] + "/api/v1/counter").json()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_action_keeps_its_box_in_idle_called_serving_break_and_phone_duty(
    page, demo_server, lang
):
    # A priority ticket with a long service name: the tallest the ticket box gets.
    reception = requests.Session()
    login = reception.post(
        f"{demo_server.url}/api/v1/login",
        json={"username": "reception1", "password": PASSWORD},
        timeout=5,
    )
    assert login.status_code == 200, login.text
    given = reception.post(
        f"{demo_server.url}/api/v1/reception/tickets",
        json={"service": "digital_help", "priority": True, "language": "da"},
        headers={"X-CSRFToken": login.json()["csrf_token"]},
        timeout=5,
    )
    assert given.status_code == 201, given.text
    at_counter(page, demo_server, lang)
    states = {"idle": settled_boxes(page)}
    assert axe_violations(page) == []

    tap(page, "call-next")
    expect(page.locator("#cur-priority")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#message")).not_to_have_text("")
    states["called"] = settled_boxes(page)
    assert axe_violations(page) == []

    tap(page, "start")
    serving = {"da": "Betjenes", "en": "Being served"}[lang]
    expect(page.locator("#cur-status")).to_have_text(serving, timeout=TIMEOUT)
    states["serving"] = settled_boxes(page)
    assert axe_violations(page) == []

    tap(page, "finish")
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    states["finished"] = settled_boxes(page)
    tap(page, "break")
    expect(action(page, "resume")).to_be_enabled(timeout=TIMEOUT)
    states["break"] = settled_boxes(page)
    assert axe_violations(page) == []
    tap(page, "resume")
    tap(page, "phone")
    expect(action(page, "phone-end")).to_be_enabled(timeout=TIMEOUT)
    states["phone"] = settled_boxes(page)
    assert axe_violations(page) == []

    for name, found in states.items():
        assert found == states["idle"], name
    # Disabled, never removed: all ten actions, "Other outcome…" and phone duty and back are
    # on screen in every state.
    assert len(states["idle"]) == 13
    assert all(y + height <= TABLET["height"] for _x, y, _w, height in states["idle"].values())


def test_a_double_tap_on_finish_finishes_one_ticket_and_starts_no_break(page, demo_server):
    first = issue(demo_server.url)
    second = issue(demo_server.url)
    at_counter(page, demo_server)
    tap(page, "call-next")
    expect(page.locator("#cur-number")).to_have_text(first["number"], timeout=TIMEOUT)

    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)
    box = action(page, "finish").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    page.mouse.click(x, y)  # the second tap of the double tap, on whatever is there now
    page.wait_for_timeout(1000)

    counter = counter_now(page)
    assert counter["counter"]["state"] == "open"
    assert counter["ticket"] is None
    assert ticket_state(demo_server.url, first["id"])["status"] == "done"
    assert ticket_state(demo_server.url, second["id"])["status"] == "waiting"
    expect(action(page, "break")).to_be_enabled()


def test_finish_and_call_next_is_one_tap_and_its_double_tap_serves_no_one_twice(page, demo_server):
    first = issue(demo_server.url)
    second = issue(demo_server.url)
    third = issue(demo_server.url)
    at_counter(page, demo_server)
    tap(page, "call-next")
    expect(page.locator("#cur-number")).to_have_text(first["number"], timeout=TIMEOUT)

    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)
    box = action(page, "finish-next").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # A double tap: the second 150 ms after the first (whether or not the answer is back by
    # then), in the same place. The citizen the first tap called is not finished.
    page.mouse.click(x, y)
    page.wait_for_timeout(150)
    page.mouse.click(x, y)
    expect(page.locator("#cur-number")).to_have_text(second["number"], timeout=TIMEOUT)
    expect(page.locator("#message")).to_have_text(
        f"{first['number']} er afsluttet. {second['number']} er kaldt til din skranke."
    )
    page.wait_for_timeout(1000)
    assert ticket_state(demo_server.url, first["id"])["status"] == "done"
    assert ticket_state(demo_server.url, second["id"])["status"] == "called"
    assert ticket_state(demo_server.url, third["id"])["status"] == "waiting"
    expect(page.locator("#cur-number")).to_have_text(second["number"])

    # Deliberate taps later: the last citizen is called, then nobody is left.
    tap(page, "finish-next")
    expect(page.locator("#cur-number")).to_have_text(third["number"], timeout=TIMEOUT)
    tap(page, "finish-next")
    expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    expect(page.locator("#message")).to_have_text(
        f"{third['number']} er afsluttet. Ingen venter nu."
    )
    assert ticket_state(demo_server.url, third["id"])["status"] == "done"
    expect(action(page, "call-next")).to_be_enabled()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_long_queue_with_notes_and_parked_tickets_fits_the_tablet(page, demo_server, lang):
    # Every walk-in service staff serve, twice; some for a named person; two of them parked.
    services = [
        "digital_help",
        "elderly_help",
        "housing",
        "health_card",
        "moving",
        "pension",
        "payment",
        "family",
        "tax_questions",
        "other",
    ]
    for service in services * 2:
        issue(demo_server.url, service)
    reception = requests.Session()
    token = reception.post(
        f"{demo_server.url}/api/v1/login",
        json={"username": "reception1", "password": PASSWORD},
        timeout=5,
    ).json()["csrf_token"]
    for service in ("digital_help", "elderly_help", "tax_questions"):
        given = reception.post(
            f"{demo_server.url}/api/v1/reception/tickets",
            json={"service": service, "staff": "staff1", "priority": True, "language": "da"},
            headers={"X-CSRFToken": token},
            timeout=5,
        )
        assert given.status_code == 201, given.text
    at_counter(page, demo_server, lang)
    for _ in range(2):
        tap(page, "call-next")
        expect(page.locator("#cur-number")).not_to_have_text("", timeout=TIMEOUT)
        tap(page, "park")
        expect(page.locator("#cur-number")).to_have_text("", timeout=TIMEOUT)
    expect(page.locator("#parked li")).to_have_count(2, timeout=TIMEOUT)
    expect(page.locator("#my-queue tbody tr")).to_have_count(21, timeout=TIMEOUT)

    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    # Every Call button ends inside its card (read at one moment: pushes redraw the rows).
    outside = page.evaluate(
        """() => {
          const card = document.querySelector("#my-queue").closest("section")
            .getBoundingClientRect();
          return Array.from(document.querySelectorAll("#my-queue tbody button"))
            .filter((b) => b.getBoundingClientRect().right > card.right)
            .map((b) => b.getAttribute("aria-label"));
        }"""
    )
    assert outside == []
    # A one-word column heading stays on one line ("Nummer", never "Numme" + "r").
    split = page.evaluate(
        """() => Array.from(document.querySelectorAll("#my-queue thead th"))
          .filter((th) => !th.querySelector(".visually-hidden"))
          .filter((th) => th.textContent.trim() && !/\\s/.test(th.textContent.trim()))
          .filter((th) => {
            const range = document.createRange();
            range.selectNodeContents(th);
            return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size > 1;
          })
          .map((th) => th.textContent.trim())"""
    )
    assert split == []
    assert axe_violations(page) == []


def test_transfer_offers_walk_in_services_without_a_default_and_not_to_me(page, demo_server):
    ticket = issue(demo_server.url, "moving")
    # The manager at another open counter serves what counter staff serve.
    colleague = Counter(demo_server.url, "manager1", "3")
    at_counter(page, demo_server)
    tap(page, "call-next")
    expect(page.locator("#cur-number")).to_have_text(ticket["number"], timeout=TIMEOUT)
    tap(page, "transfer")
    dialog = page.locator("#transfer-dialog")
    expect(dialog).to_be_visible()
    service = page.locator("#transfer-service")
    expect(service).to_have_value("")
    offered = service.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert "passport" not in offered and "driving_licence" not in offered
    assert {"moving", "health_card", "tax_questions"} <= set(offered)
    expect(page.locator("#transfer-counter")).to_have_value("")
    expect(page.locator("#transfer-not-me")).not_to_be_checked()
    assert axe_violations(page) == []

    # Sent with no service chosen: the dialog says what is missing and nothing moves.
    page.click("#transfer-service-form button[type=submit]")
    expect(page.locator("#transfer-service-error")).to_have_text("Vælg en ydelse.")
    expect(dialog).to_be_visible()
    assert ticket_state(demo_server.url, ticket["id"])["status"] == "called"
    assert axe_violations(page) == []

    service.select_option("health_card")
    page.check("#transfer-not-me")
    page.click("#transfer-service-form button[type=submit]")
    expect(dialog).to_be_hidden(timeout=TIMEOUT)
    expect(page.locator("#message")).to_contain_text("ikke til dig")
    row = page.locator(f'#my-queue tr[data-number="{ticket["number"]}"]')
    expect(row).to_contain_text("Ikke til dig", timeout=TIMEOUT)

    # Staff1 serves health cards too, yet call-next passes it by while the manager is open.
    tap(page, "call-next")
    expect(page.locator("#message")).to_have_text("Ingen venter", timeout=TIMEOUT)
    assert colleague.act("call-next")["ticket"]["id"] == ticket["id"]


def test_a_shortcut_key_pressed_twice_in_a_hurry_acts_once(page, demo_server):
    first = issue(demo_server.url)
    second = issue(demo_server.url)
    third = issue(demo_server.url)
    at_counter(page, demo_server)
    tap(page, "call-next")
    expect(page.locator("#cur-number")).to_have_text(first["number"], timeout=TIMEOUT)
    page.wait_for_timeout(TAP_GUARD_SECONDS * 1000 + 100)
    # "A" (finish and call next) twice, 150 ms apart: one finish, one call.
    page.keyboard.press("a")
    page.wait_for_timeout(150)
    page.keyboard.press("a")
    expect(page.locator("#cur-number")).to_have_text(second["number"], timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    assert ticket_state(demo_server.url, first["id"])["status"] == "done"
    assert ticket_state(demo_server.url, second["id"])["status"] == "called"
    assert ticket_state(demo_server.url, third["id"])["status"] == "waiting"
