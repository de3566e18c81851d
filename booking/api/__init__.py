"""The public booking API (`/api/v1`): centres, services, free slots, holds and bookings.

`routes` is the blueprint (parse, call one domain function, answer); `answers` shapes bookings
and holds as the API answers them (local times with offsets, the citizen's links), which the
sync API, the staff answers and the mailer reuse; `ics` writes the appointment's calendar file.
"""
