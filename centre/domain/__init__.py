"""Domain services: plain functions that apply the core rules to the store.

One function per action (issue a ticket, check in, call next, transfer, void, pair a kiosk,
record a print...), each in one write transaction that also appends the action's event row.
Booking at the desk is the exception: it asks central (`desk_booking`) and writes nothing here.
They take the centre context and a connection, raise `QueueError` codes, and know nothing of
Flask requests; the blueprints call them and answer. The screens hear of an action from its
committed event rows, so an action needs no other step to reach them. The counter's actions
are the package `counter`.
"""
