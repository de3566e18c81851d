"""The appointment as an .ics calendar file (times in UTC; calendars show them locally)."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event


def appointment(
    booking: dict,
    summary: str,
    location: str,
    description: str,
    stamp: datetime,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Én indgang//booking//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking['code']}@enindgang")
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.fromisoformat(booking["start_at"]))
    event.add("dtend", datetime.fromisoformat(booking["end_at"]))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("status", "CANCELLED" if booking["status"] == "cancelled" else "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(hours=-2))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
