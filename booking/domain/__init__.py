"""Booking services: plain functions over the store and the pure core.

Holds, bookings and moves (`reserve`), availability, the citizen's manage link, desk bookings
for centres, the sync of centres (bookings down, events up), messages, retention and the
roll-up of all centres. Each change is one write that re-checks what it relies on; refusals are
`BookingError` codes.
"""
