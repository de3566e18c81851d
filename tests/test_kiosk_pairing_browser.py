"""Kiosk pairing, voiding and revoking in real Chromium against real servers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import axe_violations, free_port, wait_for_port
from tests.live_http import add_kiosk_link, kiosk_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT = 5000
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.fixture
def centre_server(tmp_path):
    """`enindgang centre run` as a real centre runs it: no demo, so no kiosk pairs itself."""
    config = tmp_path / "centre.toml"
    hours = "\n".join(f'{day} = "00:00-24:00"' for day in DAYS)
    config.write_text(
        f'[centre]\nid = "test"\nname = "Borgerservice Test"\ndata_dir = "{tmp_path / "var"}"\n'
        f'[opening_hours]\n{hours}\n[printer]\ntransport = "virtual"\n'
    )
    port = free_port()
    with open(tmp_path / "server.log", "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "enindgang", "centre", "run", "--config", str(config)]
            + ["--port", str(port), "--threads", "8"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
    try:
        wait_for_port(port, timeout=40)
        yield config, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_fresh_browser_is_no_kiosk_until_it_opens_a_pairing_link(browser, centre_server):
    config, url = centre_server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(f"{url}/kiosk?lang=en")
        expect(page.locator("h1")).to_have_text("This screen is not set up as a kiosk")
        expect(page.locator(".tile")).to_have_count(0)
        assert axe_violations(page) == []
        link = add_kiosk_link(config, "Entrance left")
        token = link.rsplit("/", 1)[1]
        page.goto(f"{url}/kiosk/pair/{token}")
        assert page.url == f"{url}/kiosk"
        page.click("[data-open-category=tax]")
        page.click("#screen-category-tax [data-service=tax_questions]")
        expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
        assert page.locator("#ticket-number").inner_text().startswith("T")
        # The link was for one kiosk only.
        other = browser.new_context(locale="en-GB").new_page()
        other.goto(f"{url}/kiosk/pair/{token}?lang=en")
        expect(other.locator("h1")).to_have_text("This pairing link does not work")
        other.context.close()
    finally:
        context.close()


def log_in(page, server, username):
    page.goto(f"{server.url}/counter?lang=en")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.click("#login-submit")
    expect(page.locator("#logout")).to_be_visible(timeout=TIMEOUT)


def take(server, service="other"):
    answer = kiosk_session(server.url).post(
        f"{server.url}/api/v1/tickets", json={"service": service}, timeout=5
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def status(server, ticket):
    return requests.get(f"{server.url}/api/v1/tickets/{ticket['id']}", timeout=5).json()["status"]


def test_reception_voids_one_number_and_then_several(page, demo_server):
    one, two, three = take(demo_server), take(demo_server), take(demo_server)
    log_in(page, demo_server, "reception1")
    row = page.locator(f'#centre-queue tr[data-number="{one["number"]}"]')
    expect(row).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name=f"Void {one['number']}").click()
    expect(row).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#message")).to_contain_text(one["number"])
    assert status(demo_server, one) == "cancelled"
    assert page.locator("#void-selected").is_disabled()
    page.get_by_label(f"Select {two['number']}").check()
    page.get_by_label(f"Select {three['number']}").check()
    page.click("#void-selected")
    expect(page.locator("#centre-queue tbody tr")).to_have_count(0, timeout=TIMEOUT)
    assert {status(demo_server, t) for t in (two, three)} == {"cancelled"}
    assert axe_violations(page) == []


def test_the_manager_voids_a_number_and_revokes_a_kiosk(page, demo_server):
    ticket = take(demo_server)
    log_in(page, demo_server, "manager1")
    expect(page.locator("#give-form")).to_be_hidden()  # the desk's tools stay reception's
    page.get_by_role("button", name=f"Void {ticket['number']}").click()
    expect(page.locator(f'#centre-queue tr[data-number="{ticket["number"]}"]')).to_have_count(
        0, timeout=TIMEOUT
    )
    assert status(demo_server, ticket) == "cancelled"
    row = page.locator("#kiosks tbody tr").first
    expect(row).to_contain_text("Demo kiosk 1", timeout=TIMEOUT)
    expect(row).to_contain_text("Takes tickets")
    page.get_by_role("button", name="Revoke Demo kiosk 1").click()
    expect(row).to_contain_text("Revoked", timeout=TIMEOUT)
    refused = kiosk_session(demo_server.url).post(
        f"{demo_server.url}/api/v1/tickets", json={"service": "other"}, timeout=5
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_a_kiosk"
    assert axe_violations(page) == []


def test_a_kiosk_past_its_human_rate_shows_a_kind_message(page, demo_server):
    page.goto(f"{demo_server.url}/kiosk?lang=en")
    # The same browser (its kiosk cookie) takes its 20 tickets of the minute.
    for _ in range(20):
        answer = page.request.post(
            f"{demo_server.url}/api/v1/tickets", data={"service": "other", "language": "en"}
        )
        assert answer.status == 201, answer.text()
    page.click("[data-open-category=tax]")
    page.click("#screen-category-tax [data-service=tax_questions]")
    expect(page.locator("#screen-error")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#error-message")).to_have_text(
        "Many numbers have just been taken at this screen. Please wait a minute and try "
        "again, or ask at the reception."
    )
