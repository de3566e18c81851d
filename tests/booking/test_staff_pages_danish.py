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


def test_the_manager_sees_absences_and_extra_days_as_days_and_danish_times(api, staff_login):
    manager = staff_login("manager1")
    absence = {"start": "2026-11-24T09:00", "end": "2026-11-24T12:30", "reason": "kursus"}
    assert manager.post("/api/v1/manager/staff/carl/absences", json=absence).status_code == 201
    extra = {"day": "2026-11-28", "start": "10:00", "end": "14:00"}
    assert manager.post("/api/v1/manager/staff/carl/extra-days", json=extra).status_code == 201
    text = text_of(manager.get("/staff/manage/staff/carl?lang=da"))
    assert "tirsdag 24. november kl. 09.00 – tirsdag 24. november kl. 12.30 kursus" in text
    assert "lørdag 28. november, kl. 10.00–14.00" in text
    assert "2026-11-2" not in text
