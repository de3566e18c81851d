"""The central booking service: one per municipality, the only place a slot is reserved.

Citizens book online through QR links, reception and the contact centre book for them, and
managers keep staff calendars; centres pull their bookings by change cursor and upload their
queue events through the sync API. Pure rules are in `core`, SQL in `store`, services in
`domain`; the modules at this level are the app factory, blueprints for citizens' pages, staff
and manager pages, the public and sync APIs, the mailer and the `enindgang central` CLI. What
it shares with the centres is in `kernel/`.
See docs/ARCHITECTURE.md.
"""
