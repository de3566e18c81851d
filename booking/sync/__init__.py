"""The sync API for centres, each calling with the key central issued to it.

`routes` answers the booking changes after the centre's cursor and a live lookup by code,
takes the centre's uploaded queue events (each stored once), and serves the reception desk's
holds and bookings for citizens standing at that centre. The rules live in
`booking/domain/sync.py` and `booking/domain/desk.py`; the roll-up of all centres that staff see
is in `booking/staff/overview.py`.
"""
