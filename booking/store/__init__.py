"""SQL of the central booking service lives here (departures: docs/ARCHITECTURE.md).

The schema (`db`); bookings with the change log that
centres pull by sequence, centre keys and received events (`sync`), accounts, the audit trail,
manage links, the message outbox and the settings of centres and staff (`setup`).
"""
