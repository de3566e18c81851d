"""The citizen's phone status page in real Chromium, driven by the real server's HTTP API."""

from __future__ import annotations

import time

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import axe_violations, wait_for_js
from tests.live_http import Counter, issue

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_status_page_shows_number_and_people_ahead(demo_server, phone):
    Counter(demo_server.url)  # a counter is open: a wait can be promised
    issue(demo_server.url)
    issue(demo_server.url)
    ticket = issue(demo_server.url, language="en")

    phone.goto(ticket["status_url"])

    expect(phone.locator("#ticket-number")).to_have_text(ticket["number"])
    expect(phone.locator("#ahead")).to_have_text("2 people ahead of you")
    assert (ticket["estimated_wait_minutes"], ticket["estimated_wait_range"]) == (16, [10, 20])
    expect(phone.locator("#wait")).to_have_text("Expected waiting time: about 10–20 minutes.")
    expect(phone.locator("#status-word")).to_have_text("Waiting")
    expect(phone.locator("#turn")).to_be_hidden()
    # Mobile first: nothing sticks out sideways on a 375 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_status_page_shows_go_to_counter_within_two_seconds_without_reload(demo_server, phone):
    ticket = issue(demo_server.url, language="en")
    counter = Counter(demo_server.url)
    phone.goto(ticket["status_url"])
    expect(phone.locator("#status-word")).to_have_text("Waiting")
    phone.evaluate("window.sameDocument = true")

    answer = counter.act("call-next")
    called = time.monotonic()

    assert answer["ticket"]["number"] == ticket["number"]
    expect(phone.locator("#turn")).to_have_text("It's your turn — go to counter 1", timeout=2000)
    assert time.monotonic() - called < 2.0
    expect(phone.locator("#turn")).to_have_attribute("aria-live", "assertive")
    expect(phone.locator("#status-word")).to_have_text("Called")
    expect(phone.locator("#ahead")).to_be_hidden()
    assert phone.evaluate("window.sameDocument === true"), "the page was reloaded"


def test_status_page_catches_up_by_polling_when_pushes_are_lost(demo_server, phone):
    ticket = issue(demo_server.url, language="en")
    counter = Counter(demo_server.url)
    # No Socket.IO at all: only the 30-second poll can tell the page about the call.
    phone.route("**/socket.io/**", lambda route: route.abort())
    phone.clock.install()
    phone.goto(ticket["status_url"])
    expect(phone.locator("#status-word")).to_have_text("Waiting")

    counter.act("call-next")
    phone.clock.run_for(29_000)
    expect(phone.locator("#status-word")).to_have_text("Waiting")
    phone.clock.run_for(2_000)

    expect(phone.locator("#turn")).to_have_text("It's your turn — go to counter 1")


def test_status_page_speaks_the_language_the_ticket_was_issued_in(demo_server, phone):
    english = issue(demo_server.url, language="en")
    danish = issue(demo_server.url, language="da")

    # The phone's own language is Danish (the page fixture's locale): the ticket decides.
    phone.goto(english["status_url"])
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("#ahead")).to_have_text("You are next.")
    expect(phone.locator(".status-label")).to_have_text("Your number")

    phone.goto(danish["status_url"])
    expect(phone.locator("html")).to_have_attribute("lang", "da")
    expect(phone.locator("#ticket-number")).to_have_text(danish["number"])


def test_status_page_explains_a_missed_call_and_a_finished_visit(demo_server, phone):
    missed = issue(demo_server.url, language="en")
    served = issue(demo_server.url, language="en")
    counter = Counter(demo_server.url)
    counter.act("call-next")
    counter.act("no-show")
    counter.act("call-next")
    counter.act("start")

    phone.goto(missed["status_url"])
    expect(phone.locator("#status-word")).to_have_text("Did not show up")
    expect(phone.locator("#message")).to_contain_text("ask at the reception")
    expect(phone.locator("#turn")).to_be_hidden()

    phone.goto(served["status_url"])
    expect(phone.locator("#message")).to_have_text("You are being served at counter 1.")
    counter.act("finish")
    phone.reload()
    expect(phone.locator("#status-word")).to_have_text("Finished")
    expect(phone.locator("#message")).to_have_text("Thank you for your visit.")


def test_unknown_ticket_token_gives_404(demo_server, phone):
    assert requests.get(f"{demo_server.url}/t/not-a-real-token", timeout=10).status_code == 404
    response = phone.goto(f"{demo_server.url}/t/not-a-real-token")
    assert response.status == 404


def test_status_page_shows_no_personal_data_and_no_staff_names(demo_server, phone):
    ticket = issue(demo_server.url, language="en")
    Counter(demo_server.url).act("call-next")

    phone.goto(ticket["status_url"])

    expect(phone.locator("#turn")).to_contain_text("counter 1")
    text = phone.locator("body").inner_text()
    assert "Sara" not in text and "staff1" not in text


def test_status_page_has_no_axe_violations_while_waiting_and_when_called(demo_server, phone):
    issue(demo_server.url)
    ticket = issue(demo_server.url, language="en")
    counter = Counter(demo_server.url)
    phone.goto(ticket["status_url"])
    expect(phone.locator("#ahead")).to_have_text("1 person ahead of you")
    assert axe_violations(phone) == []

    counter.act("call-next")
    counter.act("no-show")
    counter.act("call-next")

    expect(phone.locator("#turn")).to_contain_text("go to counter 1")
    wait_for_js(phone, "document.getAnimations().length === 0")
    assert axe_violations(phone) == []
