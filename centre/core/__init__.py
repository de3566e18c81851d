"""Pure queue rules: catalogue, clocks, hours, numbering, routing, state machine, waits.

Plain functions and classes over plain data, with time only from an injected clock; nothing
here imports Flask, Socket.IO or SQL, so every rule is tested without a server and at any hour.
A refusal is a `QueueError` with a machine code, which the HTTP layer turns into a status and
a translated message.
"""
