"""How well the shown wait held (kernel/reports.py): the figures from known visits, the same
from the database's sums, hidden for few people, and in the generated history."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from centre.core import wait_range
from kernel import visit_store
from kernel.history import History, shown_range, weekly_from_rows
from kernel.report_publication import suppress_small
from kernel.report_query import report_from_store
from kernel.reports import GROUPS
from tests.test_report_arithmetic import CATALOGUE, DAY, report, served

AT = "2026-11-24T09:00:00+00:00"


def shown(n, wait_minutes, low, high, **kw):
    """A served visit that waited `wait_minutes` after the kiosk showed low-high minutes."""
    return served(n, AT, wait_minutes, wait_shown_low=low, wait_shown_high=high, **kw)


def test_a_wait_at_either_end_of_the_range_held_and_one_second_past_the_top_waited_longer():
    facts = [
        shown(1, 10, 10, 20),  # the bottom: held
        shown(2, 20, 10, 20),  # the top: held
        shown(3, 20 + 1 / 60, 10, 20),  # a second past the top: longer than shown
        shown(4, 5, 10, 20),  # quicker than shown: neither held nor longer
    ]
    total = report(facts=facts)["total"]
    assert total["shown_wait_visits"] == 4
    assert total["shown_wait_held_share"] == 0.5
    assert total["shown_wait_over_share"] == 0.25
    # From the middle (15): 5, 5, 5 min 1 s and 10 minutes.
    assert total["shown_wait_error_minutes"] == round((25 + 1 / 60) / 4, 1)


def test_visits_shown_no_range_or_never_called_do_not_count():
    facts = [
        shown(1, 12, 10, 20),
        served(2, AT, 40),  # an older ticket: no range shown
        served(3, AT, 40, source="checkin"),  # an appointment
    ]
    total = report(facts=facts)["total"]
    assert total["visits"] == 3 and total["shown_wait_visits"] == 1
    assert total["shown_wait_held_share"] == 1.0 and total["shown_wait_over_share"] == 0.0
    assert total["shown_wait_error_minutes"] == 3.0
    nothing = report(facts=facts[1:])["total"]
    assert nothing["shown_wait_visits"] == 0
    assert nothing["shown_wait_held_share"] is None
    assert nothing["shown_wait_error_minutes"] is None
    assert nothing["shown_wait_over_share"] is None


def test_each_group_has_its_own_shown_wait_figures_and_the_total_has_them_all():
    facts = [
        shown(1, 8, 5, 15),
        shown(2, 16, 5, 15),
        shown(3, 20, 15, 25, service="tax_questions"),
        shown(4, 22, 15, 25, service="tax_questions"),
    ]
    result = report("service", facts)
    rows = {r["key"]: r for r in result["rows"]}
    assert rows["moving"]["shown_wait_held_share"] == 0.5
    assert rows["moving"]["shown_wait_over_share"] == 0.5
    assert rows["tax_questions"]["shown_wait_held_share"] == 1.0
    assert rows["tax_questions"]["shown_wait_error_minutes"] == 1.0
    assert result["total"]["shown_wait_visits"] == 4
    assert result["total"]["shown_wait_held_share"] == 0.75


def test_publication_hides_the_shown_wait_of_fewer_than_five_people():
    # Centre a: 6 visits, only 3 shown a range. Centre b: 10 shown, 2 of them waited longer.
    facts = [shown(n, 10, 5, 15, centre="a") for n in range(3)]
    facts += [served(10 + n, AT, 10, centre="a") for n in range(3)]
    facts += [shown(20 + n, 10, 5, 15, centre="b") for n in range(8)]
    facts += [shown(30 + n, 30, 5, 15, centre="b") for n in range(2)]
    rows = {r["key"]: r for r in suppress_small(report("centre", facts))["rows"]}
    a, b = rows["a"], rows["b"]
    assert a["visits"] == 6 and a["shown_wait_visits"] is None
    assert a["shown_wait_held_share"] is None and a["shown_wait_error_minutes"] is None
    assert b["shown_wait_visits"] == 10 and b["shown_wait_held_share"] == 0.8
    assert b["shown_wait_over_share"] is None  # two people
    assert b["shown_wait_error_minutes"] == 4.0  # 8 at 0 minutes off, 2 at 20: 40 over 10
    unpublished = {r["key"]: r for r in report("centre", facts)["rows"]}
    assert unpublished["a"]["shown_wait_visits"] == 3


# A visit: wait in seconds (None: never called), the range shown (None: none), status.
visit = st.tuples(
    st.one_of(st.none(), st.integers(0, 90 * 60)),
    st.one_of(
        st.none(),
        st.integers(0, 12).map(lambda m: (max(0, 5 * m - 5), 5 * m + 5)),
        st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted),
    ),
    st.sampled_from(["served", "no_show"]),
    st.sampled_from(["moving", "tax_questions", "health_card"]),
)


def as_fact(n: int, drawn) -> dict:
    wait, shown_range_, status, service = drawn
    fact = served(n, AT, 0, service=service)
    low, high = shown_range_ or (None, None)
    fact.update(wait_seconds=wait, wait_shown_low=low, wait_shown_high=high, status=status)
    if status != "served":
        fact.update(outcome=None, service_seconds=None)
    return fact


@settings(max_examples=60, deadline=None)
@given(st.lists(visit, max_size=30), st.sampled_from(GROUPS))
def test_the_database_sums_the_shown_wait_as_the_facts_and_the_kiosks_rule_do(drawn, by):
    facts = [as_fact(n, d) for n, d in enumerate(drawn)]
    db = Database(memory=True)
    db.executescript(visit_store.SCHEMA + visit_store.ADD_WAIT_SHOWN)
    visit_store.add_many(db, "a", [{k: v for k, v in f.items() if k != "centre"} for f in facts])
    expected = report(by, facts)
    assert report_from_store(db, by, DAY, DAY, CATALOGUE) == expected
    # The kiosk's own rule (inclusive at both ends) over the called visits shown a range.
    counted = [
        (f["wait_seconds"] / 60, (f["wait_shown_low"], f["wait_shown_high"]))
        for f in facts
        if f["wait_seconds"] is not None and f["wait_shown_low"] is not None
    ]
    total = expected["total"]
    assert total["shown_wait_visits"] == len(counted)
    if counted:
        held = sum(wait_range.in_range(w, r) for w, r in counted) / len(counted)
        over = sum(w > r[1] for w, r in counted) / len(counted)
        error = sum(abs(w - (r[0] + r[1]) / 2) for w, r in counted) / len(counted)
        assert total["shown_wait_held_share"] == round(held, 3)
        assert total["shown_wait_over_share"] == round(over, 3)
        assert abs(total["shown_wait_error_minutes"] - error) <= 0.05 + 1e-9


@given(st.floats(min_value=-5, max_value=500, allow_nan=False))
def test_the_history_rounds_an_estimate_as_the_kiosk_does(estimate):
    assert shown_range(estimate) == wait_range.shown_range(estimate)


def test_the_generated_history_shows_walk_ins_a_range_and_it_mostly_holds():
    made = History(7, CATALOGUE, ZoneInfo("Europe/Copenhagen"))
    weekly = weekly_from_rows([(day, "09:00", "16:00") for day in range(5)])
    facts = list(made.facts("valby", weekly, date(2026, 3, 2), date(2026, 3, 13)))
    called_walk_ins = [
        f for f in facts if f["channel"] != "appointment" and f["wait_seconds"] is not None
    ]
    assert called_walk_ins
    for fact in called_walk_ins:
        low, high = fact["wait_shown_low"], fact["wait_shown_high"]
        # Rounded as the kiosk rounds: a multiple of 5, 5 either side of it, never below 0.
        assert high % 5 == 0 and high >= 5 and low == max(0, high - 10)
    assert all(f["wait_shown_low"] is None for f in facts if f["channel"] == "appointment")
    total = report("service", [{"centre": "valby", **f} for f in facts], *_period(facts))["total"]
    assert total["shown_wait_visits"] == len(called_walk_ins)
    assert 0.6 <= total["shown_wait_held_share"] <= 0.95
    assert 1.0 <= total["shown_wait_error_minutes"] <= 6.0


def _period(facts) -> tuple[date, date]:
    days = sorted(f["day"] for f in facts)
    return date.fromisoformat(days[0]), date.fromisoformat(days[-1])
