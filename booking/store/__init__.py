"""What central keeps lives here: its SQL, and the development mailbox folder.

The schema (`db`); bookings with the change log that
centres pull by sequence, centre keys and received events (`sync`), accounts, the audit trail,
manage links, the message outbox and the settings of centres and staff (`setup`); and the
folder where the development transport writes one file per message (`mailbox`), which the
retention purge empties of bookings whose personal data is gone.
"""
