"""A phone call as a visit fact: its own outcomes, only on the phone channel, and the reports
counting it as the phone channel beside the visits (old facts unchanged)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kernel.catalogue import Catalogue
from kernel.reports import visit_report
from kernel.visit_facts import (
    CALL_OUTCOMES,
    VisitError,
    call_fact,
    call_target,
    completed,
    valid,
)
from tests.test_report_arithmetic import DAY, FACTS

CPH = ZoneInfo("Europe/Copenhagen")
CATALOGUE = Catalogue.load()
AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # 10:30 in Copenhagen


def call(n: int, service: str = "moving", outcome: str = "answered", handed_to=None) -> dict:
    return call_fact(f"call:{n}", AT, service, outcome, handed_to, CPH, CATALOGUE)


@pytest.mark.parametrize("outcome", CALL_OUTCOMES)
def test_a_call_is_a_valid_fact_of_the_phone_channel_with_no_wait(outcome):
    handed_to = {"handed_over": "SUF", "put_through": "osterbro"}.get(outcome)
    fact = call(1, outcome=outcome, handed_to=handed_to)
    assert valid(fact)
    assert (fact["channel"], fact["status"], fact["outcome"]) == ("phone", "served", outcome)
    assert (fact["day"], fact["hour"], fact["weekday"]) == ("2026-11-24", 10, 1)
    assert fact["wait_seconds"] is None and fact["service_seconds"] is None


@pytest.mark.parametrize("outcome", ["answered", "booked", "put_through"])
def test_a_calls_outcome_is_refused_on_any_other_channel(outcome):
    handed_to = "osterbro" if outcome == "put_through" else None
    assert not valid({**call(1, outcome=outcome, handed_to=handed_to), "channel": "kiosk"})
    ticket = {k: v for k, v in FACTS[0].items() if k != "centre"}
    assert not valid({**ticket, "outcome": outcome})


def test_a_phone_fact_with_a_visits_outcome_or_status_is_refused():
    assert not valid({**call(1), "outcome": "resolved"})
    assert not valid({**call(1), "status": "no_show", "outcome": None})


def test_the_facts_of_visits_stay_valid_as_before():
    for fact in FACTS:
        assert valid({k: v for k, v in fact.items() if k != "centre"})
    older = {k: v for k, v in FACTS[0].items() if k not in ("centre", "wait_shown_low")}
    older.pop("wait_shown_high")
    assert valid(completed(older))


def test_a_call_handed_over_names_the_administration_and_counts_under_its_task():
    fact = call(1, service="housing", outcome="handed_over", handed_to="SUF")
    assert fact["handed_to"] == "SUF" and fact["administration"] == "SUF"
    assert call(2, service="housing")["administration"] == "FAF"


@pytest.mark.parametrize(
    ("outcome", "handed_to"),
    [
        ("resolved", None),
        ("handed_over", None),
        ("answered", "SUF"),
        ("handed_over", "XYZ"),
        ("handed_over", "osterbro"),
        ("put_through", None),
        ("put_through", "not a centre!"),
        ("booked", "osterbro"),
    ],
)
def test_a_call_that_cannot_be_recorded_is_refused(outcome, handed_to):
    with pytest.raises(VisitError):
        call(1, outcome=outcome, handed_to=handed_to)


def test_the_report_counts_calls_as_the_phone_channel_and_leaves_the_waits_alone():
    calls = [
        {"centre": "kontaktcenter", **call(1, outcome="booked")},
        {"centre": "kontaktcenter", **call(2, outcome="put_through", handed_to="osterbro")},
        {"centre": "kontaktcenter", **call(3, outcome="handed_over", handed_to="FAF")},
    ]
    before = visit_report(FACTS, "channel", DAY, DAY, CATALOGUE)
    after = visit_report(FACTS + calls, "channel", DAY, DAY, CATALOGUE)
    channels = {r["key"]: r["visits"] for r in after["rows"]}
    assert channels["phone"] == 3
    assert channels["kiosk"] == {r["key"]: r["visits"] for r in before["rows"]}["kiosk"]
    waits = ("wait_mean_minutes", "wait_median_minutes", "wait_p90_minutes")
    assert {k: after["total"][k] for k in waits} == {k: before["total"][k] for k in waits}
    outcomes = visit_report(calls, "outcome", DAY, DAY, CATALOGUE)
    assert {r["key"]: r["visits"] for r in outcomes["rows"]} == {
        "booked": 1,
        "put_through": 1,
        "handed_over": 1,
    }
    assert date.fromisoformat(calls[0]["day"]) == DAY


def test_a_call_put_through_names_the_centre_or_administration_it_went_to():
    to_centre = call(1, service="housing", outcome="put_through", handed_to="valby")
    assert to_centre["handed_to"] == "valby" and to_centre["administration"] == "FAF"
    to_administration = call(2, service="housing", outcome="put_through", handed_to="SUF")
    assert to_administration["handed_to"] == "SUF" and to_administration["administration"] == "SUF"
    assert valid(to_centre) and valid(to_administration)
    # Calls put through before the target was asked for name none, and stay valid.
    assert valid({**to_centre, "handed_to": None})
    # A visit (not a call) is still handed over to an administration only.
    ticket = {k: v for k, v in FACTS[0].items() if k != "centre"}
    assert not valid({**ticket, "outcome": "handed_over", "handed_to": "valby"})


@pytest.mark.parametrize(
    ("outcome", "administration", "to", "field", "reason"),
    [
        ("put_through", None, None, "to", "required"),
        ("put_through", None, "", "to", "required"),
        ("put_through", None, "atlantis", "to", "invalid"),
        ("put_through", None, ["valby"], "to", "invalid"),
        ("put_through", "SUF", "valby", "administration", "invalid"),
        ("answered", None, "valby", "to", "invalid"),
        ("handed_over", None, None, "administration", "required"),
        ("handed_over", "SUF", "valby", "to", "invalid"),
    ],
)
def test_where_a_call_went_is_checked_with_the_field_and_reason(
    outcome, administration, to, field, reason
):
    with pytest.raises(VisitError) as refused:
        call_target(outcome, administration, to, {"valby", "osterbro"})
    assert refused.value.params == {"field": field, "reason": reason}


def test_where_a_call_went_is_the_centre_the_administration_or_nothing():
    centres = {"valby"}
    assert call_target("put_through", None, "valby", centres) == "valby"
    assert call_target("put_through", None, "KSR", centres) == "KSR"
    assert call_target("handed_over", "KSR", None, centres) == "KSR"
    assert call_target("booked", None, None, centres) is None


def test_the_report_breaks_calls_down_by_where_they_went():
    facts = [
        {"centre": "kontaktcenter", **call(1, outcome="put_through", handed_to="valby")},
        {"centre": "kontaktcenter", **call(2, outcome="put_through", handed_to="valby")},
        {"centre": "kontaktcenter", **call(3, outcome="put_through", handed_to="SUF")},
        {"centre": "kontaktcenter", **call(4, outcome="handed_over", handed_to="SUF")},
        {"centre": "kontaktcenter", **call(5, outcome="answered")},
    ]
    report = visit_report(facts, "passed_to", DAY, DAY, CATALOGUE)
    assert {r["key"]: r["visits"] for r in report["rows"]} == {"valby": 2, "SUF": 2, "": 1}
