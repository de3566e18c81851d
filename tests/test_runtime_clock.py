"""A demo or test run "as if" at another hour: the offset every process of a run shares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kernel.runtime_clock import OFFSET_VARIABLE, process_clock


def test_without_the_variable_a_process_runs_on_the_real_clock(monkeypatch):
    monkeypatch.delenv(OFFSET_VARIABLE, raising=False)
    assert abs(process_clock().now() - datetime.now(UTC)) < timedelta(seconds=1)


def test_the_offset_moves_the_clock_and_it_keeps_running(monkeypatch):
    monkeypatch.setenv(OFFSET_VARIABLE, str(-3 * 86400))
    clock = process_clock()
    first = clock.now()
    assert abs(first - (datetime.now(UTC) - timedelta(days=3))) < timedelta(seconds=1)
    assert clock.now() >= first


@pytest.mark.parametrize("value", ["soon", "nan", "inf"])
def test_a_bad_offset_is_refused_with_the_variable_named(monkeypatch, value):
    monkeypatch.setenv(OFFSET_VARIABLE, value)
    with pytest.raises(ValueError, match=OFFSET_VARIABLE):
        process_clock()
