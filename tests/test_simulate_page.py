"""The manager's what-if page (/manager/simulate): the day simulated as planned and with a
staffing change, side by side; only for the manager; a wrong field keeps the page and says
which field is wrong, whatever is typed."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centre.config import from_dict
from centre.store import replica
from kernel.clock import iso
from kernel.db import write_transaction
from tests.conftest import centre_raw
from tests.test_report_pages import Tables

PAGE = "/manager/simulate"
# A Monday after the tests' today (Tuesday 24 November 2026).
MONDAY = "2026-11-30"


@pytest.fixture
def config(tmp_path):
    """A small centre: two counters for everyone and one tax counter (busy on a default day)."""
    counters = {"1": {}, "2": {}, "skat": {"services": ["tax_questions", "tax_decision"]}}
    return from_dict(centre_raw(counters=counters), tmp_path, tmp_path / "var")


@pytest.fixture
def manager(app, login):
    return login("manager1")


def ask(client, **query) -> tuple[int, str]:
    answer = client.http.get(f"{PAGE}?{urlencode(query)}")
    return answer.status_code, answer.get_data(as_text=True)


def summary(html: str) -> dict[str, dict[str, str]]:
    parsed = Tables()
    parsed.feed(html)
    return {key: dict(row) for key, row in parsed.tables["whatif-summary"].items() if key != "key"}


def number(text: str) -> float:
    return float(text.replace("\xa0%", "").replace("%", "").replace(",", "."))


def test_one_more_counter_in_the_busy_hours_serves_more_within_target_and_cuts_the_wait(
    manager,
):
    status, html = ask(
        manager,
        lang="en",
        date=MONDAY,
        seed="3",
        **{"change-1-what": "add-staff", "change-1-from": "10:00", "change-1-to": "12:00"},
    )
    assert status == 200, html
    got = summary(html)
    planned_mean = number(got["wait_mean_minutes"]["planned"])
    changed_mean = number(got["wait_mean_minutes"]["changed"])
    assert changed_mean < planned_mean
    within = got["within_target_share"]
    assert number(within["changed"]) > number(within["planned"])
    # The same citizens arrive in both runs (the kiosk may refuse fewer with more counters).
    arrived = [
        number(got["issued"][run]) + number(got["refused"][run]) for run in ("planned", "changed")
    ]
    assert arrived[0] == arrived[1]


def test_the_same_seed_gives_the_same_page_and_no_change_gives_equal_columns(manager):
    first = ask(manager, lang="en", date=MONDAY, seed="5")
    again = ask(manager, lang="en", date=MONDAY, seed="5")
    assert first == again
    got = summary(first[1])
    for row in got.values():
        assert row["planned"] == row["changed"]


def test_closing_the_only_tax_counter_leaves_tax_decisions_unserved(manager):
    status, html = ask(manager, lang="en", date=MONDAY, seed="2", **{"change-1-what": "close:skat"})
    assert status == 200, html
    parsed = Tables()
    parsed.feed(html)
    row = dict(parsed.tables["whatif-services"]["tax_decision"])
    assert number(row["planned-served"]) > 0
    assert row["changed-served"] == "0"
    assert number(row["changed-unserved"]) > 0


def test_the_page_is_in_danish_by_default_and_names_the_figures(manager):
    status, html = ask(manager, date=MONDAY, seed="1")
    assert status == 200
    assert "Gennemsnitlig ventetid (minutter)" in html
    assert "Som planlagt" in html


def test_a_busy_day_answers_in_well_under_a_second(manager):
    begun = time.perf_counter()
    status, _ = ask(manager, lang="en", date=MONDAY, seed="9", **{"change-1-what": "add-tax"})
    assert status == 200
    assert time.perf_counter() - begun < 1.0


def test_without_a_day_the_form_offers_the_next_opening_day_and_a_fixed_seed(manager):
    status, html = ask(manager, lang="en")
    assert status == 200
    parsed = Tables()
    parsed.feed(html)
    # Tuesday 24 November 2026: the next opening day is Wednesday.
    assert parsed.inputs["date"]["value"] == "2026-11-25"
    assert parsed.inputs["seed"]["value"] == "1"
    assert "whatif-summary" not in parsed.tables


def test_only_the_manager_may_simulate(app, client, login):
    assert client.get(PAGE).status_code == 401
    for username in ("staff1",):
        answer = login(username, counter="1").http.get(f"{PAGE}?date={MONDAY}")
        assert answer.status_code == 403
        assert "whatif-summary" not in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date": "2026-13-01"}, "date"),
        ({"date": "2026-11-29"}, "date"),  # a Sunday: closed
        ({"date": MONDAY, "seed": "-4"}, "seed"),
        ({"date": MONDAY, "change-2-what": "close:99"}, "change-2-what"),
        ({"date": MONDAY, "change-1-what": "add-staff", "change-1-from": "25:00"}, "change-1-from"),
        (
            {"date": MONDAY, "change-3-what": "add-tax", "change-3-from": "12:00"}
            | {"change-3-to": "11:00"},
            "change-3-to",
        ),
        ({"date": MONDAY, "change-1-what": "add-staff", "change-1-from": "06:00"}, "change-1-from"),
    ],
)
def test_a_wrong_field_keeps_the_page_and_names_the_field(manager, query, field):
    status, html = ask(manager, lang="en", **query)
    assert status == 422
    assert f'id="{field}-error"' in html
    assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', html)
    assert 'id="whatif-form"' in html
    assert "whatif-summary" not in html


FIELDS = ["date", "seed", "lang"] + [
    f"change-{n}-{part}" for n in range(1, 7) for part in ("what", "from", "to")
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["2026-11-30", "2026-11-29", "0", "999999999", "1e9", "add-staff", "add-tax"]
        + ["close:1", "close:skat", "10:00", "12:00", "24:00", "00:00", "９", "da", "en"]
    ),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8))
def test_no_query_makes_the_page_fail(manager, query):
    answer = manager.http.get(PAGE, query_string=query)
    assert answer.status_code in (200, 422), answer.status_code
    html = answer.get_data(as_text=True)
    assert 'id="whatif-form"' in html
    assert (answer.status_code == 422) == ('role="alert" id="whatif-errors"' in html)


def test_the_error_summary_links_each_wrong_field(manager):
    status, html = ask(manager, lang="en", date="2026-11-29", seed="x")
    assert status == 422
    assert '<a href="#whatif-date">Day: The centre is closed that day' in html
    assert '<a href="#whatif-seed">Seed: Type a whole number' in html


def test_the_report_page_and_the_staff_page_link_to_the_what_if_page(manager):
    for page in ("/manager/reports", "/counter"):
        html = manager.http.get(page).get_data(as_text=True)
        assert f'href="{PAGE}"' in html, page


def test_the_hour_charts_share_one_scale_and_carry_the_hour_tables_numbers(manager):
    # Three more counters all day: far shorter waits, drawn on the planned day's scale.
    more = {f"change-{n}-what": "add-staff" for n in (1, 2, 3)}
    status, html = ask(manager, lang="en", date=MONDAY, seed="3", **more)
    assert status == 200
    parsed = Tables()
    parsed.feed(html)
    hours = parsed.tables["whatif-hours"]
    for key in ("planned", "changed"):
        chart = parsed.tables[f"chart-whatif-{key}"]
        assert {h: r["1"] for h, r in chart.items()} == {h: r[key] for h, r in hours.items()}
    axes = re.findall(r'<svg[^>]*id="chart-whatif-(\w+)"(.*?)</svg>', html, re.S)
    assert len(axes) == 2
    top_labels = [re.findall(r'text-anchor="end"[^>]*>([^<]+)<', body)[-1] for _, body in axes]
    assert top_labels[0] == top_labels[1]


def test_times_with_seconds_are_taken_as_browsers_may_send_them(manager):
    with_seconds = {
        "change-1-what": "add-tax",
        "change-1-from": "10:00:00",
        "change-1-to": "12:30:00",
    }
    status, html = ask(manager, lang="en", date=MONDAY, **with_seconds)
    assert status == 200, html
    assert 'value="10:00:00"' in html


def test_the_page_simulates_the_days_booked_times_from_the_replica(manager, db):
    start = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with write_transaction(db):
        for n in range(3):
            slot = start + timedelta(minutes=20 * n)
            booking = {
                "code": f"BOOK{n:04d}",
                "service": "passport",
                "start_at": iso(slot),
                "end_at": iso(slot + timedelta(minutes=15)),
                "status": "confirmed",
                "checked_in_at": None,
            }
            replica.upsert(db, booking, iso(start - timedelta(days=3)))
    status, html = ask(manager, lang="en", date=MONDAY, seed="2")
    assert status == 200, html
    assert "and 3 booked times" in html
    assert "drawn from a default day of 200" in html
