"""The kiosk and the staff page in real Chromium, with a real server printing to a fake printer."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import servers
from tests.conftest import axe_violations, wait_for_js
from tests.escpos_reader import read
from tests.fake_printer import FakePrinter
from tests.live_http import add_kiosk_link
from tests.servers import Server, enindgang

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("no_script_errors")]

PASSWORD = "demo"
PRINT_TIMEOUT = 1  # seconds: the kiosk gives up waiting for news one second after this
TIMEOUT = 5000  # ms
NO_PAPER = "No paper ticket could be printed. Use the QR code to follow your number on your phone."
STAFF = [("staff1", "Sara Sørensen", "staff"), ("manager1", "Mads Østergaard", "manager")]
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def printer_centre(folder: Path, printer: FakePrinter) -> Server:
    """`enindgang centre run` as a centre runs it, its kiosk printer a fake network printer."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "centre.toml"
    hours = "\n".join(f'{day} = "00:00-24:00"' for day in DAYS)
    config.write_text(
        f"""[centre]
id = "printtest"
name = "Borgerservice Printertest"
data_dir = "data"

[opening_hours]
{hours}

[counters]
"1" = {{}}
"2" = {{}}

[printer]
transport = "network"
host = "127.0.0.1"
port = {printer.port}
timeout_seconds = {PRINT_TIMEOUT}
status_interval_seconds = 0.5
""",
        encoding="utf-8",
    )
    for username, name, role in STAFF:
        subprocess.run(
            enindgang("centre", "add-staff", "--config", str(config))
            + ["--username", username, "--name", name, "--role", role, "--password", PASSWORD],
            check=True,
            capture_output=True,
        )
    return servers.centre_run(config, folder / "server.log", data_dir=folder / "data")


@pytest.fixture
def fake():
    printer = FakePrinter().start()
    yield printer
    printer.stop()


@pytest.fixture
def centre(tmp_path, fake):
    server = printer_centre(tmp_path / "centre", fake).start()
    yield server
    server.stop()


@contextmanager
def staff_tablet(browser, centre, username: str, counter: str | None = None) -> Iterator[Page]:
    """A logged-in staff page on its own tablet (own cookies), free of script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="da-DK")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{centre.url}/counter?lang=en")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    if counter:
        page.select_option("#login-counter", counter)
    page.click("#login-submit")
    expect(page.locator("#logout")).to_be_visible(timeout=TIMEOUT)
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def pair_as_kiosk(page: Page, centre) -> None:
    """A real centre's kiosk is paired once, with the link `centre add-kiosk` prints."""
    if any(c["name"] == "enindgang_kiosk" for c in page.context.cookies()):
        return
    token = add_kiosk_link(centre.config).rsplit("/", 1)[1]
    page.goto(f"{centre.url}/kiosk/pair/{token}")


def take_moving_ticket(page: Page, centre) -> tuple[str, str]:
    """Tap "Moving" at the kiosk (one service: straight to the ticket); number and QR token."""
    pair_as_kiosk(page, centre)
    page.goto(f"{centre.url}/kiosk?lang=en")
    page.click("[data-open-category=moving]")
    expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
    number = page.locator("#ticket-number").inner_text()
    wait_for_js(page, "document.querySelector('#ticket-qr').naturalWidth > 0")
    token = page.locator("#ticket-qr").get_attribute("src").split("/")[2]
    return number, token


def assert_printed(job: bytes, number: str, token: str) -> None:
    printout = read(job)
    assert printout.line(number).width >= 5
    assert printout.qr_codes[0]["data"].endswith(f"/t/{token}")


def test_healthy_printer_kiosk_tells_the_citizen_to_take_the_ticket(centre, fake, page):
    number, token = take_moving_ticket(page, centre)

    expect(page.locator("#ticket-print")).to_have_text(
        "Take your ticket from the printer.", timeout=TIMEOUT
    )
    assert fake.wait_for_jobs(1)
    assert_printed(fake.jobs[0], number, token)


def test_dead_printer_kiosk_shows_the_qr_instead_and_staff_reprint_the_ticket(
    centre, fake, page, browser
):
    with staff_tablet(browser, centre, "staff1", counter="1") as counter:
        expect(counter.locator("#printer-line")).to_have_text("Kiosk printer: ok", timeout=TIMEOUT)
        fake.set_mode("refuse")

        number, token = take_moving_ticket(page, centre)
        expect(page.locator("#ticket-number")).to_be_visible()
        expect(page.locator("#ticket-qr")).to_be_visible()
        expect(page.locator("#ticket-print")).to_have_text(
            NO_PAPER, timeout=(PRINT_TIMEOUT + 3) * 1000
        )
        assert axe_violations(page) == []

        expect(counter.locator("#printer-line")).to_have_text(
            "Kiosk printer: offline", timeout=TIMEOUT
        )
        failed = counter.locator(f'#printer-failed-list li[data-number="{number}"]')
        expect(failed).to_contain_text("Printer not reachable", timeout=TIMEOUT)
        reprint = failed.get_by_role("button", name=f"Reprint {number}")
        expect(reprint).to_be_visible()
        assert axe_violations(counter) == []

        fake.set_mode("ok")
        reprint.click()
        expect(counter.locator("#printer-failed-list li")).to_have_count(0, timeout=TIMEOUT)
        expect(counter.locator("#printer-failed")).to_be_hidden()
        expect(counter.locator("#message")).to_have_text(f"{number} is printed.", timeout=TIMEOUT)
        expect(counter.locator("#printer-line")).to_have_text("Kiosk printer: ok", timeout=TIMEOUT)
        assert fake.wait_for_jobs(1)
        assert_printed(fake.jobs[-1], number, token)


def test_printer_out_of_paper_is_named_at_the_kiosk_and_for_the_manager(
    centre, fake, page, browser
):
    with staff_tablet(browser, centre, "manager1") as manager:
        fake.paper = "out"
        expect(manager.locator("#printer-line")).to_have_text(
            "Kiosk printer: out of paper", timeout=TIMEOUT
        )
        number, _ = take_moving_ticket(page, centre)
        expect(page.locator("#ticket-print")).to_have_text(
            "The printer is out of paper. " + NO_PAPER, timeout=TIMEOUT
        )
        failed = manager.locator(f'#printer-failed-list li[data-number="{number}"]')
        expect(failed).to_contain_text("Printer out of paper", timeout=TIMEOUT)
        # A real printer keeps no pictures: no printouts to show.
        expect(manager.locator("#printouts")).to_have_count(0)


def test_a_ticket_taken_in_arabic_prints_as_pictures_with_its_qr_code(centre, fake, page):
    pair_as_kiosk(page, centre)
    page.goto(f"{centre.url}/kiosk?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.click("[data-open-category=moving]")
    expect(page.locator("#screen-ticket")).to_be_visible(timeout=TIMEOUT)
    wait_for_js(page, "document.querySelector('#ticket-qr').naturalWidth > 0")
    token = page.locator("#ticket-qr").get_attribute("src").split("/")[2]
    # "Take your ticket from the printer."
    expect(page.locator("#ticket-print")).to_have_text("خذ تذكرتك من الطابعة.", timeout=TIMEOUT)
    assert axe_violations(page) == []

    assert fake.wait_for_jobs(1)
    printout = read(fake.jobs[0])
    assert printout.texts() == []  # the Arabic lines are pictures, not code-page text
    assert len(printout.images) == 2
    assert printout.qr_codes[0]["data"].endswith(f"/t/{token}")
