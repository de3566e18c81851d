"""The citizen's booking page in real Chromium, as the booking's life goes on: the centre's
street and opening hours, a check-in at the centre (then served), and a cancelled booking's
move link. Phone 390x844 and desktop, no sideways scrolling, axe-clean."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import requests
from playwright.sync_api import expect

from booking.demo import demo_key
from tests.booking.test_citizen_browser import assert_accessible

pytestmark = pytest.mark.browser
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture(params=sorted(SIZES))
def sized(request, browser):
    """A Danish browser at a phone's and at a desktop's size."""
    width, height = SIZES[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="da-DK", is_mobile=phone,
        has_touch=phone,
    )  # fmt: skip
    yield context.new_page()
    context.close()


def book(base: str, centre: str = "norrebro", service: str = "passport") -> dict:
    slots = requests.get(
        f"{base}/api/v1/availability", params={"service": service, "centre": centre}, timeout=10
    ).json()["slots"]
    body = {
        "service": service,
        "centre": centre,
        "start": slots[0]["start"],
        "name": "Ida Ærø",
        "email": "ida@example.dk",
    }
    answer = requests.post(f"{base}/api/v1/bookings", json=body, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


def upload(base: str, centre: str, *events: dict) -> None:
    headers = {"Authorization": f"Bearer {demo_key(centre)}"}
    answer = requests.post(
        f"{base}/api/v1/sync/events", json={"events": list(events)}, headers=headers, timeout=10
    )
    assert answer.status_code == 200, answer.text


def centre_event(seq: int, kind: str, ticket: str, **data) -> dict:
    at = datetime.now(UTC).isoformat()
    return {"id": f"test-{ticket}-{seq}", "seq": seq, "at": at, "type": kind, "ticket_id": ticket,
            "data": data}  # fmt: skip


def assert_fits(page) -> None:
    """Nothing wider than the window: no sideways scrolling, every block inside the viewport."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in page.locator("main h1, main p, main li, main .card").all():
        found = box.bounding_box()
        if found:
            assert found["x"] >= 0 and found["x"] + found["width"] <= width + 0.5, found


def test_the_booking_page_names_the_centres_street_and_opening_hours(central_demo, sized):
    page = sized
    # Indre By: the demo centre whose street a source confirmed (kernel/data/copenhagen.toml).
    booked = book(central_demo.url, centre="indre_by")
    page.goto(booked["manage_url"] + "&done=booked")
    expect(page.locator("h1")).to_have_text("Din tid er bestilt")
    expect(page.locator(".booking-card .centre-address")).to_have_text(
        "Nyropsgade 1, 1602 København V"
    )
    hours = page.get_by_role("region", name="Åbningstider i Borgerservice Indre By")
    expect(hours.locator("li")).to_have_count(3)
    expect(hours.locator("li").first).to_contain_text(re.compile(r"^Mandag–onsdag: kl\. 09"))
    expect(hours.locator("li").nth(1)).to_contain_text(re.compile(r"^Torsdag: kl\. 09.00–18.00"))
    assert_fits(page)
    assert_accessible(page)


def test_a_check_in_at_the_centre_shows_at_once_and_then_the_visit_served(central_demo, sized):
    page = sized
    base = central_demo.url
    booked = book(base)
    page.goto(booked["manage_url"])
    expect(page.locator(".booking-state")).to_contain_text("Bestilt")
    expect(page.get_by_role("link", name="Aflys tiden")).to_be_visible()

    ticket = f"t-{booked['code']}"
    upload(
        base, "norrebro", centre_event(1, "ticket.checked_in", ticket, booking_code=booked["code"])
    )
    page.reload()
    expect(page.locator("h1")).to_have_text("Du er tjekket ind")
    expect(page.locator(".visit-status")).to_contain_text(
        re.compile(r"Du tjekkede ind kl\. \d\d[.:]\d\d\. Vent, til dit nummer bliver kaldt op\.")
    )
    expect(page.locator(".booking-state")).to_contain_text("Tjekket ind")
    expect(page.get_by_role("link", name="Flyt tiden")).to_have_count(0)
    expect(page.get_by_role("link", name="Aflys tiden")).to_have_count(0)
    expect(page.locator("img.qr")).to_have_count(0)
    assert_fits(page)
    assert_accessible(page)

    upload(base, "norrebro", centre_event(2, "ticket.finished", ticket))
    page.reload()
    expect(page.locator("h1")).to_have_text("Dit besøg er afsluttet")
    expect(page.locator(".booking-state")).to_contain_text("Betjent")
    expect(page.get_by_role("link", name="Bestil en ny tid")).to_be_visible()
    assert_fits(page)
    assert_accessible(page)


def test_a_cancelled_bookings_move_link_says_so_at_once_and_offers_to_book_anew(
    central_demo, sized
):
    page = sized
    base = central_demo.url
    booked = book(base, centre="valby")
    token = booked["manage_url"].split("token=")[1]
    cancelled = requests.post(
        f"{base}/api/v1/bookings/{booked['code']}/cancel", json={"token": token}, timeout=10
    )
    assert cancelled.status_code == 200

    # The move link from the confirmation, followed after the cancellation.
    page.goto(f"{base}/book/manage/{booked['code']}/move?token={token}")
    expect(page.locator("h1")).to_have_text("Din tid er aflyst")
    expect(page.get_by_role("alert")).to_contain_text("Denne tid er aflyst.")
    expect(page.locator("ul.days")).to_have_count(0)
    expect(page.locator(".booking-state")).to_contain_text("Tiden er aflyst")
    expect(page.locator(".book-again-text")).to_contain_text("Borgerservice Valby")
    assert_fits(page)
    assert_accessible(page)

    page.get_by_role("link", name="Bestil en ny tid").click()
    expect(page.locator("h1")).to_have_text("Vælg en dag")
    expect(page.locator(".summary")).to_contain_text("Borgerservice Valby")
    expect(page.locator(".summary")).to_contain_text("Pas")


def test_staff_at_central_see_the_check_in_on_the_day_and_the_booking(central_demo, page):
    base = central_demo.url
    booked = book(base, centre="amager")
    event = centre_event(1, "ticket.checked_in", f"t-{booked['code']}", booking_code=booked["code"])
    upload(base, "amager", event)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/staff/login")
    page.get_by_label("Brugernavn").fill("reception1")
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{base}/staff?centre=amager&date={booked['start'][:10]}")
    row = page.locator("tr", has=page.get_by_role("link", name=booked["code"]))
    expect(row.locator(".booking-state")).to_have_text(re.compile(r"^Tjekket ind kl\. \d\d"))
    assert_fits(page)
    assert_accessible(page)
    row.get_by_role("link", name=booked["code"]).click()
    expect(page.locator("dd.booking-state")).to_have_text(re.compile(r"^Tjekket ind kl\. \d\d"))
    expect(page.get_by_role("button", name="Aflys tiden")).to_have_count(0)
    assert_accessible(page)
