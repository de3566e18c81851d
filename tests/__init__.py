"""The test suite of the centre app, its clients and the printer; central's tests are in `booking`.

Unit tests of the pure rules with a fixed clock, API and Socket.IO tests against the app,
processes and faults on one database file, property-based fuzzing of every route, and browser
tests in real Chromium against a real server. Shared fixtures are in `conftest`; every server
process (for tests and `bench/`) is started through the harness in `servers`; fake printers and
helpers beside them.
"""
