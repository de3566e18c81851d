"""Booking services: plain functions over the store and the pure core.

Holds, bookings and moves (`reserve`), availability, the citizen's manage link, desk bookings
for centres, the sync of centres (bookings down, events up), messages, retention and the
roll-up of all centres; staff logins with their throttle (`accounts`), a manager's changes
(`manage`) and who may make them (`scope`), the seeding of centres and settings (`setup`).
Each change is one write that re-checks what it relies on, the acting account's scope
included; refusals are `BookingError` codes.
"""
