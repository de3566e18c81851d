"""The central booking service: one per municipality, the only place a slot is reserved.

Citizens book online through QR links, reception and the contact centre book for them, and
managers keep staff calendars; centres pull their bookings by change cursor and upload their
queue events through the sync API. Pure rules are in `core`, SQL in `store`, services in
`domain`; the blueprints are grouped by who uses them: `citizen` (booking and the manage-my-booking
page), `staff` (reception, contact centre and manager pages and API), `api` (the public API) and
`sync` (centres); `mail` sends messages. The modules at this level are the app factory, config,
the `enindgang central` CLI, the demo and what the blueprints share. What it shares with the
centres is in `kernel/`. See docs/ARCHITECTURE.md.
"""
