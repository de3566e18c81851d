"""Tests of the central booking service.

Slots and rules, holds and bookings under races, the public, staff, manager and sync APIs,
manage links and messages, retention, limits, fuzzing of every route, and citizen and staff
pages in Chromium; fixtures for a central app on a fixed clock are in `conftest`.
"""
