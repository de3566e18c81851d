"""Pure booking rules: slot computation and checks over plain data, time from an injected clock.

The service rules and model, free slots from staff calendars, the local calendar (Danish public
holidays, daylight saving), and validation of what citizens type. No Flask and no SQL; a
refusal is a `BookingError` with a machine code.
"""
