"""The sync API for centres and the live overview of all centres.

`routes` takes a centre's key: it answers the booking changes after the centre's cursor, takes
the centre's uploaded events, serves the reception desk's holds and bookings, and shows staff
the roll-up of every centre. The rules live in `booking/domain/sync.py`, `desk.py` and
`roll_up.py`.
"""
