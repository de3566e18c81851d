"""Reception's booking pages write days and times the Danish way (no ISO dates, "09.00")."""

from __future__ import annotations

import re

from tests.booking.test_audit_actors import citizen_booking


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_booking_and_its_move_page_name_the_day_and_time_in_danish(api, staff_login):
    code, _ = citizen_booking(api)
    desk = staff_login("reception1")
    text = text_of(desk.get(f"/staff/bookings/{code}?date=2026-11-24&lang=da"))
    assert "tirsdag 24. november 2026, 09.00–09.15" in text
    assert "Ledige tider: tirsdag 24. november 2026" in text
    assert "2026-11-24" not in text  # only in the date field's value, which is not text


def test_the_day_list_gives_times_the_danish_way_and_the_api_keeps_hh_mm(api, staff_login):
    citizen_booking(api)
    desk = staff_login("reception1")
    text = text_of(desk.get("/staff?centre=norrebro&date=2026-11-24&lang=da"))
    assert "09.00–09.15" in text
    answer = desk.get("/api/v1/staff/bookings?centre=norrebro&date=2026-11-24&lang=da").json
    booking = answer["bookings"][0]
    assert (booking["time"], booking["end_time"]) == ("09:00", "09:15")
    assert (booking["time_label"], booking["end_label"]) == ("09.00", "09.15")
