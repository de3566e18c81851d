"""One way to write a clock time: Danish "15.50", English "15:50", in the app's time zone."""

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask_babel import Babel

from kernel.i18n import init_babel, local_day, local_time

# 14:50 UTC on Tuesday 24 November 2026 is 15:50 in Copenhagen (UTC+1 in winter).
MOMENT = datetime(2026, 11, 24, 14, 50, tzinfo=UTC)


@pytest.fixture
def app():
    app = Flask(__name__)
    app.secret_key = "test"
    init_babel(app, Babel(), "Europe/Copenhagen")
    return app


def in_language(app, language, format_it):
    with app.test_request_context(f"/?lang={language}"):
        return format_it()


def test_a_danish_reader_sees_the_time_with_a_full_stop(app):
    assert in_language(app, "da", lambda: local_time(MOMENT)) == "15.50"


def test_an_english_reader_sees_the_time_with_a_colon(app):
    assert in_language(app, "en", lambda: local_time(MOMENT)) == "15:50"


def test_the_language_comes_from_the_browser_when_nothing_else_says(app):
    with app.test_request_context("/", headers={"Accept-Language": "en-GB,en;q=0.8"}):
        assert local_time(MOMENT) == "15:50"
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert local_time(MOMENT) == "15.50"  # Danish first


def test_early_hours_keep_their_leading_zero_and_summer_time_counts(app):
    summer_morning = datetime(2026, 6, 2, 7, 5, tzinfo=UTC)  # 09:05 in Copenhagen (UTC+2)
    assert in_language(app, "da", lambda: local_time(summer_morning)) == "09.05"
    assert in_language(app, "en", lambda: local_time(summer_morning)) == "09:05"


def test_no_moment_is_no_text(app):
    assert in_language(app, "da", lambda: local_time(None)) == ""


def test_a_day_in_running_text_is_written_as_each_language_does(app):
    assert in_language(app, "da", lambda: local_day(MOMENT)) == "tirsdag 24. november"
    assert in_language(app, "en", lambda: local_day(MOMENT, year=True)) == (
        "Tuesday 24 November 2026"
    )


def test_a_calendar_day_is_written_without_moving_it_through_a_time_zone(app):
    assert in_language(app, "da", lambda: local_day(date(2026, 11, 24), year=True)) == (
        "tirsdag 24. november 2026"
    )


def test_a_turkish_reader_sees_the_weekday_after_the_date(app):
    assert in_language(app, "tr", lambda: local_time(MOMENT)) == "15:50"
    assert in_language(app, "tr", lambda: local_day(MOMENT)) == "24 Kasım Salı"
    assert in_language(app, "tr", lambda: local_day(date(2026, 11, 24), year=True)) == (
        "24 Kasım 2026 Salı"
    )
