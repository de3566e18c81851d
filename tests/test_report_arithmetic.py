"""Report arithmetic against a small hand-built set of visits."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kernel.catalogue import Catalogue
from kernel.report_publication import suppress_small
from kernel.report_request import parse, period_bounds
from kernel.reports import GROUPS, NUMBERS, ReportError, visit_report
from kernel.visit_facts import missed_fact, ticket_fact

CPH = ZoneInfo("Europe/Copenhagen")
CATALOGUE = Catalogue.load()


def ticket(n, arrived, called=None, finished=None, service="moving", source="kiosk", **extra):
    return {
        "id": f"t{n}",
        "arrived_at": arrived,
        "called_at": called,
        "first_called_at": called,
        "started_at": called,
        "service": service,
        "source": source,
        **extra,
    }


def served(n, arrived, wait_min, service_min=5, centre="a", **kw):
    arrived_at = datetime.fromisoformat(arrived)
    called = arrived_at.timestamp() + wait_min * 60
    called_at = datetime.fromtimestamp(called, UTC).isoformat()
    end = datetime.fromtimestamp(called + service_min * 60, UTC)
    outcome = kw.pop("outcome", None)
    handed_to = kw.pop("handed_to", None)
    tasks = kw.pop("tasks", None)
    fact = ticket_fact(
        ticket(n, arrived, called_at, **kw),
        "served",
        end,
        CPH,
        CATALOGUE,
        outcome,
        handed_to,
        tasks,
    )
    return {"centre": centre, **fact}


# Tuesday 24 November 2026 at a centre "a", and one visit at centre "b".
FACTS = [
    served(1, "2026-11-24T09:00:00+00:00", 2),  # 10:00 local
    served(2, "2026-11-24T09:10:00+00:00", 4),
    served(3, "2026-11-24T09:20:00+00:00", 6, outcome="handed_over", handed_to="FAF"),
    served(4, "2026-11-24T10:00:00+00:00", 10, service="tax_questions"),
    served(5, "2026-11-24T10:30:00+00:00", 20, service="tax_questions", source="reception"),
    served(6, "2026-11-24T11:00:00+00:00", 30, centre="b"),
    {
        "centre": "a",
        **ticket_fact(
            ticket(7, "2026-11-24T11:00:00+00:00", "2026-11-24T11:08:00+00:00"),
            "no_show",
            datetime(2026, 11, 24, 11, 10, tzinfo=UTC),
            CPH,
            CATALOGUE,
        ),
    },
    {
        "centre": "a",
        **ticket_fact(
            ticket(8, "2026-11-24T11:30:00+00:00"),
            "voided",
            datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
            CPH,
            CATALOGUE,
        ),
    },
    {
        "centre": "a",
        **missed_fact("ABC123", "passport", "2026-11-24T12:00:00+00:00", CPH, CATALOGUE),
    },
]
DAY = date(2026, 11, 24)


def report(by="service", facts=FACTS, first=DAY, last=DAY):
    return visit_report(facts, by, first, last, CATALOGUE)


def test_the_totals_count_visits_served_no_shows_voided_and_missed_appointments_apart():
    total = report()["total"]
    assert total["visits"] == 8  # the missed booking is no visit
    assert (total["served"], total["no_shows"], total["voided"]) == (6, 1, 1)
    assert total["appointments_missed"] == 1
    assert total["appointments_kept"] == 0


def test_waits_give_mean_median_and_nearest_rank_90th_percentile():
    # Called visits wait 2, 4, 6, 10, 20, 30 and 8 minutes (the no-show); the voided never.
    total = report()["total"]
    assert total["wait_mean_minutes"] == round(80 / 7, 1)
    assert total["wait_median_minutes"] == 8.0
    # Nearest rank: ceil(0.9 * 7) = 7th of 2, 4, 6, 8, 10, 20, 30.
    assert total["wait_p90_minutes"] == 30.0


def test_the_90th_percentile_of_ten_waits_is_the_ninth():
    facts = [served(n, "2026-11-24T09:00:00+00:00", n) for n in range(1, 11)]
    assert report(facts=facts)["total"]["wait_p90_minutes"] == 9.0
    assert report(facts=facts)["total"]["wait_median_minutes"] == 5.5


def test_within_target_counts_waits_up_to_the_service_target_inclusive():
    facts = [served(n, "2026-11-24T09:00:00+00:00", w) for n, w in enumerate((14, 15, 16, 40))]
    assert report(facts=facts)["total"]["within_target_share"] == 0.5


def test_a_service_with_its_own_target_is_measured_against_it():
    data = {
        "categories": [
            {
                "id": "c",
                "name": {"da": "C"},
                "services": [
                    {
                        "id": "moving",
                        "prefix": "F",
                        "name": {"da": "Flytning"},
                        "service_minutes": 5,
                        "roles": ["staff"],
                        "target_wait_minutes": 5,
                    }
                ],
            }
        ]
    }
    strict = Catalogue.from_dict(data)
    facts = [served(n, "2026-11-24T09:00:00+00:00", w) for n, w in enumerate((4, 5, 6, 16))]
    assert visit_report(facts, "service", DAY, DAY, strict)["total"]["within_target_share"] == 0.5


def test_service_time_and_hand_over_share_are_of_served_visits():
    rows = {r["key"]: r for r in report()["rows"]}
    moving = rows["moving"]
    assert moving["served"] == 4 and moving["handed_over_share"] == 0.25
    assert moving["service_mean_minutes"] == 5.0


@pytest.mark.parametrize("by", GROUPS)
def test_every_grouping_adds_up_to_the_total(by):
    result = report(by)
    for column in ("visits", "served", "no_shows", "voided", "appointments_missed"):
        assert sum(r[column] for r in result["rows"]) == result["total"][column], column
    assert len({r["key"] for r in result["rows"]}) == len(result["rows"])


def test_groupings_use_local_hours_weekdays_channels_and_centres():
    by_hour = {r["key"]: r["visits"] for r in report("hour")["rows"]}
    # 09:00 UTC is 10:00 in Copenhagen in November; the missed booking at 13 is no visit.
    assert by_hour == {10: 3, 11: 2, 12: 3, 13: 0}
    assert [r["key"] for r in report("weekday")["rows"]] == [1]  # Tuesday
    channels = {r["key"]: r["visits"] for r in report("channel")["rows"]}
    assert channels == {"kiosk": 7, "reception": 1, "appointment": 0}
    centres = {r["key"]: r["visits"] for r in report("centre")["rows"]}
    assert centres == {"a": 7, "b": 1}


def test_outcomes_group_hand_overs_and_the_administration_is_the_main_tasks_owner():
    outcomes = {r["key"]: r["visits"] for r in report("outcome")["rows"]}
    assert outcomes == {"resolved": 5, "handed_over": 1, "no_show": 1, "voided": 1, "missed": 0}
    administrations = {r["key"]: r["visits"] for r in report("administration")["rows"]}
    # Moving's main task is KSR's; the hand-over to FAF names FAF's first task of the service
    # (none: moving has no FAF task), so it stays under KSR; tax questions are the state's.
    assert administrations == {"KSR": 6, "Stat": 2}


def test_a_hand_over_with_no_tasks_named_counts_under_a_task_of_that_administration():
    fact = served(1, "2026-11-24T09:00:00+00:00", 2, service="housing")
    assert fact["administration"] == "FAF"
    handed = served(
        2,
        "2026-11-24T09:00:00+00:00",
        2,
        service="housing",
        outcome="handed_over",
        handed_to="SUF",
        tasks=None,
    )
    assert handed["handed_to"] == "SUF"


def test_the_report_counts_only_days_inside_the_period():
    later = served(9, "2026-11-25T09:00:00+00:00", 2)
    assert report(facts=[*FACTS, later])["total"]["visits"] == 8


def test_summer_time_days_put_visits_in_the_local_hour():
    spring = served(1, "2026-03-29T01:30:00+00:00", 1)  # 03:30 summer time, the short night
    autumn_first = served(2, "2026-10-25T00:30:00+00:00", 1)  # 02:30 summer time
    autumn_second = served(3, "2026-10-25T01:30:00+00:00", 1)  # 02:30 winter time, again
    assert (spring["day"], spring["hour"]) == ("2026-03-29", 3)
    assert (autumn_first["hour"], autumn_second["hour"]) == (2, 2)
    result = visit_report(
        [spring, autumn_first, autumn_second],
        "hour",
        date(2026, 3, 1),
        date(2026, 10, 31),
        CATALOGUE,
    )
    assert {r["key"]: r["visits"] for r in result["rows"]} == {2: 2, 3: 1}


def test_a_period_across_new_year_keeps_iso_weeks_and_months_apart():
    facts = [
        served(1, "2025-12-29T09:00:00+00:00", 1),  # Monday of ISO week 2026-W01
        served(2, "2025-12-31T09:00:00+00:00", 1),
        served(3, "2026-01-02T09:00:00+00:00", 1),
        served(4, "2025-12-28T09:00:00+00:00", 1),  # Sunday of 2025-W52
    ]
    first, last = date(2025, 12, 28), date(2026, 1, 4)
    weeks = {
        r["key"]: r["visits"] for r in visit_report(facts, "week", first, last, CATALOGUE)["rows"]
    }
    assert weeks == {"2025-W52": 1, "2026-W01": 3}
    months = visit_report(facts, "month", first, last, CATALOGUE)["rows"]
    assert {r["key"]: r["visits"] for r in months} == {"2025-12": 3, "2026-01": 1}


def test_an_early_appointment_waits_from_its_booked_time():
    fact = ticket_fact(
        ticket(
            1,
            "2026-11-24T09:00:00+00:00",
            "2026-11-24T09:25:00+00:00",
            source="checkin",
            appointment_at="2026-11-24T09:20:00+00:00",
        ),
        "served",
        datetime(2026, 11, 24, 9, 40, tzinfo=UTC),
        CPH,
        CATALOGUE,
    )
    assert fact["channel"] == "appointment" and fact["wait_seconds"] == 300
    result = report(facts=[{"centre": "a", **fact}])
    assert result["total"]["appointments_kept"] == 1


def test_first_free_times_give_the_mean_and_the_share_of_days_the_promise_held():
    free = [
        {"centre": "a", "service": "passport", "day": "2026-11-24", "working_days": 3},
        {"centre": "a", "service": "passport", "day": "2026-11-25", "working_days": 9},
        {"centre": "a", "service": "driving_licence", "day": "2026-11-24", "working_days": 7},
        {"centre": "a", "service": "driving_licence", "day": "2026-11-25", "working_days": None},
    ]
    result = visit_report([], "service", DAY, date(2026, 11, 25), CATALOGUE, free)
    rows = {r["key"]: r for r in result["rows"]}
    assert rows["passport"]["first_free_days_mean"] == 6.0
    assert rows["passport"]["promise_held_share"] == 0.5
    assert rows["driving_licence"]["promise_held_share"] == 0.5  # no free time: not held
    assert result["total"]["promise_held_share"] == 0.5


def test_publication_hides_a_row_under_five_visits_and_the_row_that_would_give_it_away():
    published = suppress_small(report("centre"))
    rows = {r["key"]: r for r in published["rows"]}
    assert rows["b"]["suppressed"] is True
    assert all(rows["b"][k] is None for k in NUMBERS)
    # Centre a's seven would give b's one away (8 in total): hidden too.
    assert rows["a"]["suppressed"] is True
    assert published["total"]["visits"] == 8


def test_publication_hides_small_counts_and_a_hand_over_share_of_few_people():
    facts = [served(n, "2026-11-24T09:00:00+00:00", 2, centre="a") for n in range(8)]
    facts += [served(10 + n, "2026-11-24T09:00:00+00:00", 2, centre="b") for n in range(6)]
    facts += [served(20 + n, "2026-11-24T09:00:00+00:00", 2, centre="c") for n in range(6)]
    facts.append(
        served(
            30, "2026-11-24T09:00:00+00:00", 2, centre="c", outcome="handed_over", handed_to="FAF"
        )
    )
    rows = {r["key"]: r for r in suppress_small(report("centre", facts))["rows"]}
    assert rows["a"]["visits"] == 8 and rows["a"]["handed_over_share"] == 0
    assert rows["c"]["visits"] == 7 and rows["c"]["served"] == 7
    assert rows["c"]["handed_over_share"] is None  # one person handed over
    assert rows["a"]["no_shows"] == 0  # nobody in an empty cell
    assert not any(r.get("suppressed") for r in rows.values())


def test_a_period_can_be_named_as_a_week_month_quarter_or_year():
    day = date(2026, 11, 24)
    assert period_bounds("week", day) == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_bounds("month", day) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_bounds("quarter", day) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds("year", day) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_bounds("quarter", date(2026, 2, 28)) == (date(2026, 1, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    "args, field",
    [
        ({"to": "2026-01-01", "by": "service"}, "from"),
        ({"from": "2026-13-01", "to": "2026-12-01", "by": "service"}, "from"),
        ({"from": "2026-02-01", "to": "2026-01-01", "by": "service"}, "to"),
        ({"from": "2020-01-01", "to": "2026-01-01", "by": "service"}, "to"),
        ({"from": "2026-01-01", "to": "2026-01-31", "by": "citizen"}, "by"),
        ({"from": "2026-01-01", "to": "2026-01-31", "by": "service", "format": "pdf"}, "format"),
        ({"period": "decade", "date": "2026-01-01", "by": "service"}, "period"),
        ({"period": "week", "date": "tomorrow", "by": "service"}, "date"),
    ],
)
def test_a_bad_report_request_names_its_field(args, field):
    with pytest.raises(ReportError) as raised:
        parse(args)
    assert raised.value.params["field"] == field


@pytest.fixture
def stored(tmp_path):
    """FACTS in a visits table, as a centre or central keeps them."""
    from sqlite_utils import Database

    from kernel import visit_store

    db = Database(tmp_path / "visits.db")
    db.executescript(visit_store.SCHEMA + visit_store.ADD_WAIT_SHOWN)
    for centre in ("a", "b"):
        mine = [
            {k: v for k, v in f.items() if k != "centre"} for f in FACTS if f["centre"] == centre
        ]
        visit_store.add_many(db, centre, mine)
    return db


@pytest.mark.parametrize("by", GROUPS)
def test_the_database_sums_give_the_same_report_as_the_facts(stored, by):
    from kernel.report_query import report_from_store

    assert report_from_store(stored, by, DAY, DAY, CATALOGUE) == report(by)
    only_a = [f for f in FACTS if f["centre"] == "a"]
    assert report_from_store(stored, by, DAY, DAY, CATALOGUE, "a") == report(by, only_a)


@pytest.mark.parametrize("by", ["week", "month", "weekday", "day"])
def test_the_database_finds_iso_weeks_across_new_year_as_the_facts_do(tmp_path, by):
    from sqlite_utils import Database

    from kernel import visit_store
    from kernel.report_query import report_from_store

    days = ["2025-12-28", "2025-12-29", "2026-01-03", "2026-01-04", "2026-01-05", "2027-01-01"]
    facts = [served(n, f"{d}T09:00:00+00:00", n) for n, d in enumerate(days)]
    db = Database(tmp_path / "v.db")
    db.executescript(visit_store.SCHEMA + visit_store.ADD_WAIT_SHOWN)
    visit_store.add_many(db, "a", [{k: v for k, v in f.items() if k != "centre"} for f in facts])
    first, last = date(2025, 12, 1), date(2027, 1, 31)
    expected = visit_report(facts, by, first, last, CATALOGUE)
    assert report_from_store(db, by, first, last, CATALOGUE) == expected
    if by == "week":
        keys = [r["key"] for r in expected["rows"]]
        assert keys == ["2025-W52", "2026-W01", "2026-W02", "2026-W53"]


@given(
    st.dictionaries(
        st.sampled_from(["from", "to", "by", "format", "period", "date", "centre", "publish"]),
        st.text(max_size=80),
    )
)
def test_any_query_string_gives_a_request_or_a_validation_error_naming_a_field(args):
    try:
        asked = parse(args)
    except ReportError as error:
        assert error.code == "validation"
        assert error.params["field"] in args or error.params["field"] in (
            "from",
            "to",
            "by",
            "date",
        )
    else:
        assert asked.first_day <= asked.last_day and asked.by in GROUPS


def test_a_ticket_for_a_service_the_catalogue_no_longer_has_still_ends_as_way_finding():
    fact = ticket_fact(
        ticket(1, "2026-11-24T09:00:00+00:00", "2026-11-24T09:05:00+00:00", service="gone"),
        "served",
        datetime(2026, 11, 24, 9, 10, tzinfo=UTC),
        CPH,
        CATALOGUE,
    )
    assert (fact["service"], fact["task"], fact["administration"]) == (
        "gone",
        "ki-vejvisning",
        "KI",
    )
