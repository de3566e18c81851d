"""Keeping a centre in step with the central booking service.

`client` is the HTTP client that speaks to central with the centre's key (and `Central`, what
the domain needs of it); `agent` is the background thread that pulls bookings into the local
replica by change cursor and uploads the event log (at least once; central stores each event
once), writing each step through `centre.domain.sync`. The queue never waits for it: a
centre keeps issuing and calling while central is away.
"""
