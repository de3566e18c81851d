"""The tax-secondee rule at central: gaps in secondee cover, the API, the page, the demo."""

from __future__ import annotations

from datetime import date, time

import pytest

from booking.config import ConfigError, from_dict
from booking.core.calendar import HolidayCalendar
from booking.core.model import StaffCalendar
from booking.core.tax_cover import Gap, NeverClosed, centre_gaps, count_gaps, cover
from booking.demo import demo_config, ensure_demo_data
from booking.domain import tax_cover
from booking.domain.accounts import add_account
from booking.domain.context import BookingContext
from booking.store import setup as setup_store
from kernel.clock import FixedClock
from kernel.db import connect, write_transaction
from tests.booking.conftest import PASSWORD, StaffSession, make_app
from tests.booking.helpers import local

TZ = __import__("zoneinfo").ZoneInfo("Europe/Copenhagen")
MONDAY = date(2026, 11, 23)
WEEK = [date(2026, 11, 23 + n) for n in range(7)]
# Monday to Friday 09:00-16:00.
OPEN = tuple((d, "09:00", "16:00") for d in range(5))


def t(text: str) -> time:
    return time.fromisoformat(text)


def secondee(staff_id="tax1", hours="09:00-16:00", lunch=None, days=range(5), **extra):
    a, b = hours.split("-")
    weekly = {d: ((t(a), t(b)),) for d in days}
    breaks = {}
    if lunch:
        c, e = lunch.split("-")
        breaks = {d: ((t(c), t(e)),) for d in days}
    return StaffCalendar(
        staff_id, "norrebro", "tax", frozenset({"tax_decision"}), weekly, breaks, **extra
    )


def gaps(staff, minimum=1, days=WEEK, closed=None, hours=OPEN):
    return centre_gaps("norrebro", hours, staff, days, TZ, closed or NeverClosed(), minimum)


def spans(found: list[Gap]) -> list[tuple[str, str, str, int]]:
    return [(g.day.strftime("%a"), g.start.strftime("%H:%M"), g.end.strftime("%H:%M"), g.present)
            for g in found]  # fmt: skip


def test_two_secondees_with_lunches_one_after_the_other_leave_no_gap():
    staff = [secondee("a", lunch="12:00-12:30"), secondee("b", lunch="12:30-13:00")]
    assert gaps(staff) == []


def test_a_single_secondees_lunch_is_a_gap_every_weekday():
    found = gaps([secondee(lunch="12:00-12:30")])
    assert spans(found) == [(d, "12:00", "12:30", 0) for d in ("Mon", "Tue", "Wed", "Thu", "Fri")]


def test_a_day_with_nobody_is_one_gap_over_all_its_opening_hours():
    found = gaps([secondee(days=(0, 1, 3, 4))])
    assert spans(found) == [("Wed", "09:00", "16:00", 0)]


def test_a_shift_ending_early_leaves_the_rest_of_the_day_open():
    found = gaps([secondee(hours="09:00-15:00", days=(0,))], days=[MONDAY])
    assert spans(found) == [("Mon", "15:00", "16:00", 0)]


def test_a_minimum_of_two_with_one_secondee_is_short_all_day_and_empty_at_lunch():
    found = gaps([secondee(lunch="12:00-12:30", days=(0,))], minimum=2, days=[MONDAY])
    # One stretch (adjacent short pieces joined), saying the fewest there: nobody at lunch.
    assert spans(found) == [("Mon", "09:00", "16:00", 0)]
    two = [secondee("a", days=(0,)), secondee("b", days=(0,))]
    assert gaps(two, minimum=2, days=[MONDAY]) == []


def test_holidays_weekends_and_closed_days_are_not_checked():
    nobody: list[StaffCalendar] = []
    # Christmas week 2026: 24, 25 and 26 December closed with "optional" holidays.
    christmas = [date(2026, 12, 21 + n) for n in range(7)]
    holidays = HolidayCalendar(("public", "optional"))
    found = gaps(nobody, days=christmas, closed=holidays)
    assert [g.day.day for g in found] == [21, 22, 23]
    # Open on Saturday too: the rule is Monday to Friday, so Saturday is not a gap.
    saturday_open = (*OPEN, (5, "10:00", "13:00"))
    assert [g.day.weekday() for g in gaps(nobody, hours=saturday_open)] == [0, 1, 2, 3, 4]
    # A centre closed on Wednesdays has no Wednesday gap.
    no_wednesday = tuple(h for h in OPEN if h[0] != 2)
    assert [g.day.weekday() for g in gaps(nobody, hours=no_wednesday)] == [0, 1, 3, 4]


def test_an_absence_in_the_chosen_week_is_a_gap_and_an_extra_day_fills_one():
    away = (local(2026, 11, 25, 0), local(2026, 11, 26, 0))  # all Wednesday
    found = gaps([secondee(absences=(away,))])
    assert spans(found) == [("Wed", "09:00", "16:00", 0)]
    extra = secondee("b", days=(), extra_days={date(2026, 11, 25): ((t("09:00"), t("16:00")),)})
    assert gaps([secondee(absences=(away,)), extra]) == []


def test_the_cover_a_centre_is_sent_counts_secondees_and_leaves_out_nobodys_time():
    at = [local(2026, 11, 23, h) for h in (9, 10, 12, 13, 14, 16)]
    morning, day, afternoon = [(at[0], at[2])], [(at[1], at[3])], [(at[4], at[5])]
    assert cover([morning, day, afternoon]) == [
        ((at[0], at[1]), 1),
        ((at[1], at[2]), 2),
        ((at[2], at[3]), 1),
        ((at[4], at[5]), 1),
    ]
    # One after the other with nobody between is one stretch.
    assert cover([[(at[0], at[1])], [(at[1], at[2])]]) == [((at[0], at[2]), 1)]
    assert cover([[], []]) == []


def test_count_gaps_joins_adjacent_short_stretches():
    a, b, c = local(2026, 11, 23, 9), local(2026, 11, 23, 12), local(2026, 11, 23, 16)
    assert count_gaps([(a, c)], [[(a, b)]], 1) == [((b, c), 0)]
    assert count_gaps([(a, c)], [[(a, b)], [(b, c)]], 1) == []


@pytest.mark.parametrize("value", [0, 3, "1", True])
def test_the_minimum_is_one_or_two(tmp_path, value):
    with pytest.raises(ConfigError, match="tax_secondees_minimum"):
        from_dict({"rules": {"tax_secondees_minimum": value}}, tmp_path)
    assert from_dict({}, tmp_path).tax_secondees_minimum == 1
    assert from_dict({"rules": {"tax_secondees_minimum": 2}}, tmp_path).tax_secondees_minimum == 2


def test_the_example_config_states_the_default_minimum():
    from booking.config import load

    assert load("booking/central.example.toml").tax_secondees_minimum == 1


def test_the_demos_schedules_meet_the_rule(tmp_path):
    config = demo_config(tmp_path)
    ensure_demo_data(config)
    db = connect(config.database_path)
    try:
        ctx = BookingContext.build(config, FixedClock(local(2026, 11, 24, 10)))
        assert tax_cover.gaps(ctx, db, None, None) == []
        # A real week too (with its holidays). A minimum of two it does not meet: the shift
        # centres have one secondee at a time, the others one at lunch.
        assert tax_cover.gaps(ctx, db, None, date(2026, 11, 30)) == []
        config.tax_secondees_minimum = 2
        short = tax_cover.gaps(ctx, db, None, None)
        assert {g.centre for g in short} == {c.id for c in config.centres}
        assert {(g.start, g.end) for g in short if g.centre == "osterbro"} == {
            (time(12, 0), time(13, 0))
        }
    finally:
        db.close()


# --- the API and the page -------------------------------------------------------------------
# The fixture's centres: Nørrebro with one secondee (Tina, 09-16, lunch 12-12.30), Østerbro with
# none; their opening hours Monday to Friday 10:00-16:00.
HOURS = {d: "10:00-16:00" for d in ("monday", "tuesday", "wednesday", "thursday", "friday")}


@pytest.fixture
def central(tmp_path, clock):
    from booking.config import CentreSeed
    from booking.core import opening_hours

    hours = opening_hours.parse(HOURS)
    centres = [
        CentreSeed("norrebro", "Borgerservice Nørrebro", opening_hours=hours),
        CentreSeed("osterbro", "Østerbro", opening_hours=hours),
    ]
    return make_app(tmp_path, clock, centres=centres)


def login(central, central_db, clock, username, role, centre=None) -> StaffSession:
    add_account(central_db, clock, username, username.title(), role, PASSWORD, centre=centre)
    return StaffSession(central, username)


def test_a_manager_sees_each_centres_gaps_by_weekday(central, central_db, clock):
    manager = login(central, central_db, clock, "boss", "manager")
    body = manager.get("/api/v1/manager/tax-cover").json
    assert body["minimum"] == 1 and body["week"] is None
    by_centre = {c["id"]: c["gaps"] for c in body["centres"]}
    assert by_centre["norrebro"][0] == {
        "day": None, "weekday": "monday", "from": "12:00", "to": "12:30", "present": 0
    }  # fmt: skip
    assert len(by_centre["norrebro"]) == 5
    assert [(g["weekday"], g["from"], g["to"]) for g in by_centre["osterbro"]][:1] == [
        ("monday", "10:00", "16:00")
    ]


def test_a_chosen_week_counts_absences(central, central_db, clock):
    with write_transaction(central_db):
        setup_store.add_absence(
            central_db, "tina", "2026-12-01T00:00:00+00:00", "2026-12-02T00:00:00+00:00", "course"
        )
    manager = login(central, central_db, clock, "boss", "manager")
    body = manager.get("/api/v1/manager/tax-cover?week=2026-W49&centre=norrebro").json
    assert body["week"] == "2026-W49"
    tuesday = [g for g in body["centres"][0]["gaps"] if g["day"] == "2026-12-01"]
    assert [(g["from"], g["to"]) for g in tuesday] == [("10:00", "16:00")]
    bad = manager.get("/api/v1/manager/tax-cover?week=49")
    assert bad.status_code == 422 and bad.json["error"]["fields"]["week"]["code"] == "format"


def test_a_manager_of_one_centre_sees_only_it_and_others_are_refused(central, central_db, clock):
    mine = login(central, central_db, clock, "boss", "manager", centre="osterbro")
    body = mine.get("/api/v1/manager/tax-cover").json
    assert [c["id"] for c in body["centres"]] == ["osterbro"]
    assert mine.get("/api/v1/manager/tax-cover?centre=norrebro").status_code == 403
    desk = login(central, central_db, clock, "desk", "reception")
    assert desk.get("/api/v1/manager/tax-cover").status_code == 403
    assert central.test_client().get("/api/v1/manager/tax-cover").status_code in (401, 403)


def test_the_manager_page_lists_the_gaps_in_danish_and_english(central, central_db, clock):
    manager = login(central, central_db, clock, "boss", "manager", centre="norrebro")
    english = manager.get("/staff/manage/tax-cover?lang=en").get_data(as_text=True)
    assert "Tax secondee cover" in english and "12:00" in english and "12:30" in english
    assert "Østerbro" not in english
    danish = manager.get("/staff/manage/tax-cover?lang=da").get_data(as_text=True)
    assert "Dækning med medarbejdere fra Skattestyrelsen" in danish
    week = manager.get("/staff/manage/tax-cover?week=2026-W49&lang=en").get_data(as_text=True)
    assert "2026-12-01" in week
    assert manager.get("/staff/manage/tax-cover?week=x").status_code == 422
