"""Every screen at the size it is used at, as PNG files, each checked with axe.

Starts `enindgang demo` (a centre, a second centre and central) on free ports with its data in
a temporary folder, drives the screens the way their users do (a kiosk takes numbers, staff
log in and call, a citizen books a time at central) and saves one PNG per screen, exactly the
size of its viewport, into OUT (default `screenshots/`). Prints one line per screen with its
axe violations (WCAG 2.1 A/AA) and exits 1 if any screen has one, 2 if a screen could not be
reached. Needs the test extras and Chromium (`bash scripts/setup --test`). Run it as
`scripts/screenshots [OUT]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from screenshot_camera import WAIT_MS, Camera, visible, wait_for_js  # noqa: E402  (beside this file)

from tests import servers  # noqa: E402  (the one way a server is started: tests/servers.py)

KIOSK_PORTRAIT = {"width": 1080, "height": 1920}
KIOSK_LANDSCAPE = {"width": 1920, "height": 1080}
TABLET = {"width": 1280, "height": 800}
DISPLAY = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
COUNTER = "2"  # where staff1 serves in the screenshots
STAFF_PASSWORD = "demo"  # the demo accounts' password (centre/demo_system.py, booking/demo.py)


# --- the centre's screens -------------------------------------------------------------------


def kiosk_screens(camera: Camera, context, base: str) -> None:
    """Start, a category, a service that needs a booking, a ticket; both orientations."""
    page = context.new_page()
    try:
        _kiosk_screens(camera, page, base)
    except Exception as error:  # the screens after a failed step cannot be reached
        camera.failed("kiosk", KIOSK_PORTRAIT, error, page)
    page.close()


def _kiosk_screens(camera: Camera, page, base: str) -> None:
    sizes = (("portrait", KIOSK_PORTRAIT), ("landscape", KIOSK_LANDSCAPE))

    def start() -> None:
        page.goto(f"{base}/kiosk")
        visible(page, "[data-open-category]")

    def both(name: str) -> None:
        for orientation, size in sizes:
            camera.take(page, f"kiosk-{name}-{orientation}", size)

    page.set_viewport_size(KIOSK_PORTRAIT)
    start()
    both("start")
    # A category of several services, some of them for walk-ins.
    category = page.evaluate(
        """Array.from(document.querySelectorAll("[data-open-category]"))
             .filter((b) => !b.dataset.singleService && b.dataset.walkIn)
             .map((b) => b.dataset.openCategory)[0] || null"""
    )
    if category is None:
        raise RuntimeError("no kiosk category with several walk-in services")
    page.click(f'[data-open-category="{category}"]')
    visible(page, f'[data-category="{category}"] [data-service]')
    both("category")

    start()
    appointment_only = page.evaluate(
        """Array.from(document.querySelectorAll("[data-open-category]"))
             .filter((b) => !b.dataset.walkIn).map((b) => b.dataset.openCategory)[0] || null"""
    )
    if appointment_only is None:
        raise RuntimeError("no kiosk category for booked times only")
    page.click(f'[data-open-category="{appointment_only}"]')
    # A category of one service may open that service's screen at once; else its services.
    opened = visible(page, f'[data-appointment], [data-category="{appointment_only}"]')
    if opened.get_attribute("data-appointment") is None:
        visible(page, "[data-requires-appointment]").click()
    visible(page, "[data-appointment]")
    both("appointment-only")

    start()
    page.click(f'[data-open-category="{category}"]')
    visible(page, f'[data-category="{category}"] [data-service]:not([data-requires-appointment])')
    page.click(
        f'[data-category="{category}"] [data-service]:not([data-requires-appointment]) '
        ">> visible=true >> nth=0"
    )
    visible(page, "#screen-ticket")
    wait_for_js(page, "document.getElementById('ticket-number').textContent.trim() !== ''")
    both("ticket")


def issue(context, base: str, service: str) -> dict:
    """A number as the kiosk takes it (the kiosk context holds the demo's kiosk pairing)."""
    response = context.request.post(
        f"{base}/api/v1/tickets", data={"service": service, "language": "da"}
    )
    if response.status != 201:
        raise RuntimeError(f"no ticket for {service}: {response.status} {response.text()}")
    return response.json()


def walk_in_services(context, base: str) -> list[str]:
    answer = context.request.get(f"{base}/api/v1/services").json()
    return [s["id"] for s in answer["services"] if not s.get("requires_appointment")]


def staff_login(page, base: str, username: str, counter: str | None = None) -> None:
    page.goto(f"{base}/counter")
    visible(page, "#username").fill(username)
    page.fill("#password", STAFF_PASSWORD)
    if counter:
        page.select_option("#login-counter", counter)
    page.click("#login-submit")
    visible(page, "#logout")


def centre_staff_screens(camera: Camera, browser, base: str, called: dict) -> None:
    """Counter staff with a called number, reception and the manager, on the 1280x800 tablet."""
    for name, username, counter, ready in (
        # staff1 called this number at counter 2 over HTTP: the tablet there shows it.
        ("counter-staff", "staff1", COUNTER, f"#counter-view :text({called['number']!r})"),
        # The overview has come: the counters table is filled in.
        ("counter-reception", "reception1", None, "#counters tbody tr"),
        ("counter-manager", "manager1", None, "#counters tbody tr"),
    ):
        context = browser.new_context(viewport=TABLET, locale="da-DK")
        page = context.new_page()
        try:
            staff_login(page, base, username, counter)
            visible(page, ready)
            camera.take(page, name, TABLET)
            if username == "manager1":
                # Further down: the citizens' answers after their visits.
                visible(page, "#feedback-table tbody tr").scroll_into_view_if_needed()
                camera.take(page, "counter-manager-feedback", TABLET)
        except Exception as error:  # one screen that fails must not hide the others
            camera.failed(name, TABLET, error, page)
        finally:
            context.close()


def phone_screens(camera: Camera, browser, tickets: dict[str, dict]) -> None:
    """The citizen's status page: waiting, called to a counter, and after the visit."""
    context = browser.new_context(viewport=PHONE, locale="da-DK", is_mobile=True, has_touch=True)
    page = context.new_page()
    for state, ready in (("waiting", "#ahead"), ("called", "#turn"), ("finished", "#message")):
        name = f"phone-status-{state}"
        try:
            page.goto(tickets[state]["status_url"])
            visible(page, ready)
            camera.take(page, name, PHONE)
        except Exception as error:
            camera.failed(name, PHONE, error, page)
    try:
        # Further down the finished page: the question about the visit.
        visible(page, "#feedback").scroll_into_view_if_needed()
        camera.take(page, "phone-status-feedback", PHONE)
    except Exception as error:
        camera.failed("phone-status-feedback", PHONE, error, page)
    context.close()


def display_screen(camera: Camera, browser, base: str) -> None:
    context = browser.new_context(viewport=DISPLAY, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(f"{base}/display")
        # Connected, and the first snapshot drawn: a number is being called.
        wait_for_js(page, "document.getElementById('connection').dataset.state === 'connected'")
        wait_for_js(page, "document.getElementById('latest-number').textContent.trim() !== ''")
        camera.take(page, "display", DISPLAY)
    except Exception as error:
        camera.failed("display", DISPLAY, error, page)
    context.close()


# --- central: booking, staff, overview, manager ----------------------------------------------


def booking_screens(camera: Camera, browser, central: str, label: str, size: dict) -> None:
    """A citizen books a time: service, centre, day, time, details, booked, their booking."""
    context = browser.new_context(viewport=size, locale="da-DK", is_mobile=size is PHONE)
    page = context.new_page()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("services", lambda: page.goto(f"{central}/book")),
        ("centre", lambda: visible(page, "main a.choice").click()),
        ("day", lambda: visible(page, "main a.choice:not(.choice-any)").click()),
        ("time", lambda: visible(page, "main a.choice").click()),
        ("details", lambda: visible(page, "main button.time").click()),
        ("booked", lambda: book(page)),
        ("my-booking", lambda: visible(page, 'main a[href*="/book/manage/"]').click()),
    ]
    for step, go in steps:
        name = f"central-book-{step}-{label}"
        try:
            go()
            page.wait_for_load_state()
            camera.take(page, name, size)
        except Exception as error:
            camera.failed(name, size, error, page)
            break  # every later step starts from this one
    context.close()


def book(page) -> None:
    visible(page, "#name").fill("Demo Borger")
    page.fill("#email", "demo.borger@example.org")
    page.locator("form.details-form button[type=submit]").click()


def central_staff_screens(camera: Camera, browser, central: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    page = context.new_page()
    pages = [
        ("central-staff-login", None, "/staff/login"),
        ("central-staff-day", "reception1", "/staff"),
        ("central-overview", "reception1", "/staff/overview"),
        ("central-manager-staff", "manager1", "/staff/manage"),
        ("central-manager-settings", "manager1", "/staff/manage/settings"),
        ("central-manager-qr", "manager1", "/staff/manage/qr"),
    ]
    logged_in = None
    for name, username, path in pages:
        try:
            if username != logged_in and username is not None:
                context.clear_cookies()
                page.goto(f"{central}/staff/login")
                visible(page, "#username").fill(username)
                page.fill("#password", STAFF_PASSWORD)
                page.locator("main form button[type=submit]").first.click()
                page.wait_for_url(lambda url: "/staff/login" not in url, timeout=WAIT_MS)
                logged_in = username
            page.goto(f"{central}{path}")
            visible(page, "main h1, main h2")
            camera.take(page, name, DESKTOP)
        except Exception as error:
            camera.failed(name, DESKTOP, error, page)
    context.close()


def report_screens(camera: Camera, browser, base: str, central: str) -> None:
    """The visit reports: the centre manager's (tablet and a wide screen) and central's, as
    the report role sees it after logging in."""
    context = browser.new_context(viewport=TABLET, locale="da-DK")
    page = context.new_page()
    try:
        staff_login(page, base, "manager1")
        page.goto(f"{base}/manager/reports?period=year")
        visible(page, "#report-table")
        camera.take(page, "centre-reports", TABLET)
        camera.take(page, "centre-reports-wide", DISPLAY)
    except Exception as error:
        camera.failed("centre-reports", TABLET, error, page)
    context.close()
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(f"{central}/staff/login")
        visible(page, "#username").fill("report1")
        page.fill("#password", STAFF_PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(lambda url: "/staff/reports" in url, timeout=WAIT_MS)
        page.goto(f"{central}/staff/reports?period=year&by=centre")
        visible(page, "#report-table")
        camera.take(page, "central-reports", DESKTOP)
        camera.take(page, "central-reports-wide", DISPLAY)
    except Exception as error:
        camera.failed("central-reports", DESKTOP, error, page)
    context.close()


# --- the whole run ------------------------------------------------------------------------------


def answer_after_visit(base: str, ticket: dict) -> None:
    """The finished visit's citizen answers on their phone (so the manager has a count)."""
    token = ticket["status_url"].rsplit("/", 1)[1]
    body = {"token": token, "solved": True, "smiley": 4}
    response = requests.post(f"{base}/api/v1/feedback", json=body, timeout=10)
    if response.status_code != 201:
        raise RuntimeError(f"feedback not taken: {response.status_code} {response.text}")


def staff_http(base: str, username: str, counter: str):
    """A counter over HTTP (tests/live_http.py), to set the morning's numbers up."""
    from tests.live_http import Counter

    return Counter(base, username, counter)


def run(out: Path, browser, base: str, central: str) -> Camera:
    camera = Camera(out)
    kiosk = browser.new_context(viewport=KIOSK_PORTRAIT, locale="da-DK", has_touch=True)
    pairing = kiosk.new_page()
    pairing.goto(f"{base}/kiosk")  # the demo pairs the browser that opens the kiosk
    visible(pairing, "[data-open-category]")
    pairing.close()
    # A morning: numbers waiting, one finished (its phone asks about the visit), one called.
    services = walk_in_services(kiosk, base)
    tickets = {t["number"]: t for t in (issue(kiosk, base, s) for s in services[:8])}
    desk = staff_http(base, "staff1", COUNTER)
    finished = tickets[desk.act("call-next")["ticket"]["number"]]
    desk.act("finish")
    called = tickets[desk.act("call-next")["ticket"]["number"]]
    waiting = list(tickets.values())[-1]
    kiosk_screens(camera, kiosk, base)
    kiosk.close()
    phone_screens(camera, browser, {"waiting": waiting, "called": called, "finished": finished})
    answer_after_visit(base, finished)
    centre_staff_screens(camera, browser, base, called)
    display_screen(camera, browser, base)
    servers.wait_until_answers(f"{central}/book")
    booking_screens(camera, browser, central, "phone", PHONE)
    booking_screens(camera, browser, central, "desktop", DESKTOP)
    central_staff_screens(camera, browser, central)
    report_screens(camera, browser, base, central)
    return camera


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/screenshots",
        description="Start the demo and save a PNG of every screen at its real size, with axe "
        "results (exit 1 on any violation, 2 if a screen could not be reached).",
    )
    parser.add_argument(
        "out", nargs="?", default="screenshots", help="folder for the PNGs (default: screenshots)"
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="enindgang-screens-") as data:
        demo = servers.demo(Path(data) / "demo")
        demo.start()
        central = f"http://127.0.0.1:{demo.port + 10}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    camera = run(out, browser, demo.url, central)
                finally:
                    browser.close()
        finally:
            demo.stop()
    failed = [s for s in camera.shots if s.error]
    flagged = [s for s in camera.shots if s.violations]
    print(
        f"{len(camera.shots) - len(failed)} screens saved in {out}/, "
        f"{len(flagged)} with axe violations, {len(failed)} not captured"
    )
    if failed:
        return 2
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
