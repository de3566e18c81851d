"""Domain services: plain functions that apply the core rules to the store.

One function per action (issue a ticket, check in, call next, transfer, void, pair a kiosk,
book at the desk...), each in one write transaction that also appends the action's event row.
They take the centre context and a connection, raise `QueueError` codes, and know nothing of
Flask requests; the blueprints call them and answer.
"""
