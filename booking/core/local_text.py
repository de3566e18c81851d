"""UTC instants as the local ISO 8601 text the API shows (with the offset), fast for many."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


class LocalFormatter:
    """UTC instants as local ISO 8601 text with offset, fast for thousands of slots.

    Clocks only change on whole UTC hours, so one time-zone look-up per hour is enough; and
    the same slot times are shown again and again, so their texts are kept (one formatter
    serves a whole process: a dict read or write is safe from many threads).
    """

    MAX_KEPT = 100_000

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._hours: dict[datetime, tuple[str, str]] = {}
        self._texts: dict[datetime, str] = {}

    @property
    def known(self) -> dict[datetime, str]:
        """The texts made so far, to read without a call for each (never to change)."""
        return self._texts

    def __call__(self, moment: datetime) -> str:
        text = self._texts.get(moment)
        if text is None:
            text = self._format(moment)
            if len(self._texts) >= self.MAX_KEPT:
                # Weeks of slot times: start again rather than grow without end.
                self._texts, self._hours = {}, {}
            self._texts[moment] = text
        return text

    def _format(self, moment: datetime) -> str:
        if moment.second or moment.microsecond:
            return moment.astimezone(self.tz).isoformat()
        hour = moment.replace(minute=0)
        parts = self._hours.get(hour)
        if parts is None:
            local = hour.astimezone(self.tz).isoformat()  # 2026-11-24T09:00:00+01:00
            parts = (local[:14], local[16:])
            self._hours[hour] = parts
        return f"{parts[0]}{moment.minute:02d}{parts[1]}"
