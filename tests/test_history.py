"""The generated history (kernel/history.py): a believable, repeatable year of visits."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking.demo import DEMO_CENTRES
from kernel.catalogue import Catalogue
from kernel.clock import iso
from kernel.history import History, danish_public_holiday, weekly_from_rows
from kernel.visit_facts import ticket_fact, valid

CPH = ZoneInfo("Europe/Copenhagen")
CATALOGUE = Catalogue.load()
WEEKLY = weekly_from_rows(DEMO_CENTRES[0].opening_hours)
CENTRES = [c.id for c in DEMO_CENTRES]
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(scope="module")
def by_centre() -> dict[str, list[dict]]:
    """A year of the 8 demo centres (about 400,000 facts), made once for this module."""
    made = History(11, CATALOGUE, CPH)
    return {centre: list(made.facts(centre, WEEKLY, *YEAR)) for centre in CENTRES}


@pytest.fixture(scope="module")
def city_year(by_centre) -> list[dict]:
    return [fact for facts in by_centre.values() for fact in facts]


def test_the_same_seed_makes_the_same_facts_and_another_seed_other_facts():
    days = (date(2026, 3, 2), date(2026, 3, 8))
    first = list(History(5, CATALOGUE, CPH).facts("valby", WEEKLY, *days))
    again = list(History(5, CATALOGUE, CPH).facts("valby", WEEKLY, *days))
    other = list(History(6, CATALOGUE, CPH).facts("valby", WEEKLY, *days))
    assert first and first == again
    assert [f["at"] for f in other] != [f["at"] for f in first]


def test_a_day_is_the_same_whatever_range_it_was_made_in():
    made = History(5, CATALOGUE, CPH)
    week = list(made.facts("amager", WEEKLY, date(2026, 5, 4), date(2026, 5, 8)))
    wednesday = made.day_facts("amager", WEEKLY, date(2026, 5, 6))
    assert wednesday == [f for f in week if f["day"] == "2026-05-06"]


def test_a_year_of_eight_centres_has_the_proposals_volumes(city_year):
    by_service = Counter(f["service"] for f in city_year)
    tax = by_service["tax_questions"] + by_service["tax_decision"]
    passport_driving = by_service["passport"] + by_service["driving_licence"]
    assert 360_000 <= len(city_year) <= 440_000
    assert 63_000 <= tax <= 77_000
    assert 72_000 <= passport_driving <= 88_000
    # Every service of the catalogue is asked for.
    assert set(by_service) == {s.id for s in CATALOGUE.services}


def test_each_centre_gets_about_an_eighth_and_the_centres_differ(by_centre):
    counts = [len(facts) for facts in by_centre.values()]
    assert all(0.8 * 50_000 <= n <= 1.2 * 50_000 for n in counts)
    assert max(counts) > 1.05 * min(counts)


def test_passports_and_driving_licences_come_by_appointment_only(city_year):
    channels = Counter(
        f["channel"] for f in city_year if f["service"] in ("passport", "driving_licence")
    )
    assert set(channels) == {"appointment"}
    walk_ins = Counter(f["channel"] for f in city_year if f["service"] == "health_card")
    assert walk_ins["kiosk"] > walk_ins["reception"] > walk_ins["appointment"] > 0


def test_every_fact_has_the_shape_the_reports_count_and_an_id_unique_in_its_centre(city_year):
    assert all(valid(f) for f in city_year)
    ids = [f["id"] for f in History(11, CATALOGUE, CPH).facts("norrebro", WEEKLY, *YEAR)]
    assert len(ids) == len(set(ids))


def test_no_visit_on_a_closed_day_or_outside_the_opening_hours(city_year):
    closed_days = {
        f["day"] for f in city_year if danish_public_holiday(date.fromisoformat(f["day"]))
    }
    assert not closed_days
    assert {f["weekday"] for f in city_year} <= {0, 1, 2, 3, 4}
    for fact in city_year[::97]:
        local = datetime.fromisoformat(fact["at"]).astimezone(CPH)
        assert local.date().isoformat() == fact["day"] and local.hour == fact["hour"]
        opens, closes = WEEKLY[local.weekday()][0]
        assert opens <= local.time() < closes
    # Friday closes at 14:00 in the demo; Thursday stays open to 18:00.
    assert max(f["hour"] for f in city_year if f["weekday"] == 4) == 13
    assert max(f["hour"] for f in city_year if f["weekday"] == 3) == 17


def test_a_centre_open_around_the_clock_still_closes_on_public_holidays():
    always = {d: [(time(0), time.max)] for d in range(7)}
    made = History(3, CATALOGUE, CPH)
    assert made.day_facts("x", always, date(2026, 12, 25)) == []  # Christmas Day
    assert made.day_facts("x", always, date(2026, 12, 27))  # an ordinary Sunday


def test_december_and_july_are_quieter_than_the_rest_of_the_year(city_year):
    by_month = Counter(int(f["day"][5:7]) for f in city_year)
    ordinary = sum(by_month[m] for m in (1, 2, 3, 9, 10, 11)) / 6
    assert by_month[12] < 0.8 * ordinary
    assert by_month[7] < 0.7 * ordinary


def test_mornings_and_early_afternoons_are_busiest(city_year):
    by_hour = Counter(f["hour"] for f in city_year)
    assert by_hour[10] > by_hour[9] and by_hour[11] > by_hour[15] > by_hour[16]


def test_outcomes_statuses_and_tasks_are_believable(city_year):
    served = [f for f in city_year if f["status"] == "served"]
    outcomes = Counter(f["outcome"] for f in served)
    assert outcomes["resolved"] / len(served) > 0.75
    assert {"handed_over", "referred", "come_back"} <= set(outcomes)
    statuses = Counter(f["status"] for f in city_year)
    assert statuses["missed"] and statuses["no_show"] and statuses["voided"]
    assert all(f["channel"] == "appointment" for f in city_year if f["status"] == "missed")
    assert all(f["wait_seconds"] is None for f in city_year if f["status"] == "voided")
    assert all(f["service_seconds"] for f in served)
    handed = [f for f in served if f["outcome"] == "handed_over"]
    assert all(f["handed_to"] for f in handed)
    moving = Counter(f["task"] for f in served if f["service"] == "moving")
    main = CATALOGUE.service("moving").main_task.id
    assert moving.most_common(1)[0][0] == main and len(moving) > 3


def test_service_times_follow_the_catalogue(city_year):
    def mean_minutes(service: str) -> float:
        times = [f["service_seconds"] for f in city_year if f["service"] == service]
        times = [t for t in times if t is not None][:5000]
        return sum(times) / len(times) / 60

    assert 13 <= mean_minutes("passport") <= 17  # 15 in the catalogue
    assert 5 <= mean_minutes("health_card") <= 7  # 6 in the catalogue


def test_first_free_is_mostly_within_the_promise_and_sometimes_above():
    made = History(11, CATALOGUE, CPH)
    rows = made.first_free("norrebro", *YEAR)
    assert {service for service, _, _ in rows} == {"passport", "driving_licence"}
    assert len(rows) == 2 * 365
    days = [wd for _, _, wd in rows if wd is not None]
    within = sum(1 for wd in days if wd <= 7) / len(days)
    assert 0.75 < within < 1
    assert made.first_free("norrebro", *YEAR) == rows


def test_times_are_utc_text_like_the_centres_facts():
    fact = History(2, CATALOGUE, CPH).day_facts("valby", WEEKLY, date(2026, 7, 1))[0]
    at = datetime.fromisoformat(fact["at"])
    assert at.tzinfo == UTC and fact["at"].endswith(".000000+00:00")


def test_a_served_walk_in_is_the_fact_the_centre_would_store_for_that_ticket(city_year):
    source = {"kiosk": "kiosk", "reception": "reception"}
    walk_ins = [f for f in city_year if f["status"] == "served" and f["channel"] in source]
    for fact in walk_ins[::2003]:
        arrived = datetime.fromisoformat(fact["at"])
        called = arrived + timedelta(seconds=fact["wait_seconds"])
        ended = called + timedelta(seconds=fact["service_seconds"])
        ticket = {
            "id": fact["id"],
            "arrived_at": iso(arrived),
            "service": fact["service"],
            "source": source[fact["channel"]],
            "first_called_at": iso(called),
            "started_at": iso(called),
            # The range the kiosk showed at issue, kept on the ticket.
            "wait_shown_low": fact["wait_shown_low"],
            "wait_shown_high": fact["wait_shown_high"],
        }
        built = ticket_fact(
            ticket, "served", ended, CPH, CATALOGUE, fact["outcome"], fact["handed_to"],
            fact["tasks"],
        )  # fmt: skip
        assert built == fact
