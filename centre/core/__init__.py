"""Pure queue rules: no Flask, no Socket.IO, no SQL, time only from an injected clock."""
