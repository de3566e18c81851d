"""Slot times as the API shows them: local time with its offset, the same when read again."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from booking.core.local_text import LocalFormatter

CPH = ZoneInfo("Europe/Copenhagen")


def test_times_on_both_sides_of_the_autumn_clock_change_keep_their_offsets_when_shown_again():
    fmt = LocalFormatter(CPH)
    # 25 October 2026: 03:00 summer time becomes 02:00 winter time at 01:00 UTC.
    moments = [
        datetime(2026, 10, 25, 0, 40, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 20, tzinfo=UTC),
        datetime(2026, 10, 26, 8, 5, 30, tzinfo=UTC),
    ]
    expected = [
        "2026-10-25T02:40:00+02:00",
        "2026-10-25T02:20:00+01:00",
        "2026-10-26T09:05:30+01:00",
    ]
    assert [fmt(m) for m in moments] == expected
    assert [fmt(m) for m in moments] == expected
    assert [fmt.known[m] for m in moments] == expected


def test_a_full_formatter_starts_afresh_and_still_answers_right(monkeypatch):
    monkeypatch.setattr(LocalFormatter, "MAX_KEPT", 2)
    fmt = LocalFormatter(CPH)
    times = [datetime(2026, 11, 24, 8, minute, tzinfo=UTC) for minute in (0, 20, 40)]
    assert [fmt(t) for t in times] == [
        "2026-11-24T09:00:00+01:00",
        "2026-11-24T09:20:00+01:00",
        "2026-11-24T09:40:00+01:00",
    ]
    assert len(fmt.known) == 1
