"""Store modules: the place in a centre that speaks SQL.

The schema migrations (`db`; connections and the write transaction are kernel/db.py), and a
module per table or group: tickets, counters, staff, kiosks, settings, the event log (`events`,
the transactional outbox), the print log and the booking replica. Functions take a connection
and plain values and return rows as dicts; they hold no queue rules, and the domain decides the
transaction.
"""
