"""Pure queue rules: hours, ticket numbers, routing, state machine, waits (clock: kernel/).

Plain functions and classes over plain data, with time only from an injected clock; nothing
here imports Flask, Socket.IO or SQL, so every rule is tested without a server and at any hour.
A refusal is a `QueueError` with a machine code, which the HTTP layer turns into a status and
a translated message.
"""
