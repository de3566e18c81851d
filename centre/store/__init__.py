"""Store modules: the place in a centre that speaks SQL (departures: docs/ARCHITECTURE.md).

The schema, connections and the one write transaction (`db`), and a module per table or
group: tickets, counters, staff, kiosks, settings, the event log (`events`, the transactional
outbox), the print log, the booking replica and backups. Functions take a connection and plain
values and return rows as dicts; they hold no queue rules, and the domain decides the
transaction.
"""
