"""What a visit was: staff's answer at finish (outcome, hand-over, tasks) stored as the visit's
fact at the centre, refused whole when wrong, and the same fact at central after a sync."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking.store import sync as sync_store
from centre.store import events as event_store
from centre.store import tickets as ticket_store
from kernel import visit_store
from kernel.tasks import ADMINISTRATIONS
from tests.central_loopback import CentralOnLoopback, norrebro_config
from tests.conftest import TUESDAY_10
from tests.test_api_checkins import check_in, put_in_replica

DAY = "2026-11-24"


def issue(kiosk, service="moving"):
    answer = kiosk.post("/api/v1/tickets", json={"service": service})
    assert answer.status_code == 201, answer.json
    return answer.json


def facts(db) -> dict[str, dict]:
    return {f["id"]: f for f in visit_store.between(db, DAY, DAY)}


def without_centre(fact: dict) -> dict:
    return {k: v for k, v in fact.items() if k != "centre"}


def events_of(db, ticket_id: str) -> list[dict]:
    return event_store.for_ticket(db, ticket_id)


def called(kiosk, login, service="moving", counter="1"):
    ticket = issue(kiosk, service)
    staff = login("staff1", counter=counter)
    answer = staff.act("call-next")
    assert answer.json["ticket"]["id"] == ticket["id"]
    return staff, ticket


# moving: main task the move itself (KSR, level 2); also BBR (BTF, level 1) and more.
MOVING_MAIN = "ksr-folkeregister-flytteanmeldelser"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {},
            {
                "outcome": "resolved",
                "handed_to": None,
                "tasks": [MOVING_MAIN],
                "task": MOVING_MAIN,
                "administration": "KSR",
                "level": 2,
            },
        ),
        (
            {"outcome": "resolved"},
            {"outcome": "resolved", "handed_to": None, "tasks": [MOVING_MAIN]},
        ),
        (
            # No task named: the service's first task the chosen administration owns.
            {"outcome": "handed_over", "administration": "BTF"},
            {
                "outcome": "handed_over",
                "handed_to": "BTF",
                "tasks": ["btf-bbr"],
                "task": "btf-bbr",
                "administration": "BTF",
                "level": 1,
            },
        ),
        (
            {"outcome": "referred"},
            {"outcome": "referred", "handed_to": None, "tasks": [MOVING_MAIN]},
        ),
        (
            {"outcome": "come_back", "tasks": ["btf-bbr", MOVING_MAIN]},
            {
                "outcome": "come_back",
                "handed_to": None,
                "tasks": ["btf-bbr", MOVING_MAIN],
                "task": "btf-bbr",
                "administration": "BTF",
                "level": 1,
            },
        ),
        (
            {
                "outcome": "handed_over",
                "administration": "KFF",
                "tasks": ["kff-folkeregister-valg-brevafstemning"],
            },
            {
                "outcome": "handed_over",
                "handed_to": "KFF",
                "tasks": ["kff-folkeregister-valg-brevafstemning"],
                "administration": "KFF",
            },
        ),
    ],
)
def test_finishing_stores_what_the_visit_was(kiosk, login, db, clock, body, expected):
    staff, ticket = called(kiosk, login)
    clock.advance(minutes=4)
    answer = staff.act("finish", {"ticket": ticket["id"], **body})
    assert answer.status_code == 200, answer.json
    fact = facts(db)[ticket["id"]]
    assert {k: fact[k] for k in expected} == expected
    assert fact["status"] == "served" and fact["service"] == "moving"
    assert fact["channel"] == "kiosk"
    assert fact["service_seconds"] == 240
    # The closing event carries the very same fact to central.
    [finished] = [e for e in events_of(db, ticket["id"]) if e["type"] == "ticket.finished"]
    assert json.loads(finished["data"])["visit"] == without_centre(fact)


REFUSED = [
    ({"outcome": "handed_over"}, "administration"),
    ({"outcome": "handed_over", "administration": "XYZ"}, "administration"),
    ({"outcome": "handed_over", "administration": "ksr"}, "administration"),
    ({"outcome": "resolved", "administration": "KSR"}, "administration"),
    ({"outcome": "gone_home"}, "outcome"),
    ({"outcome": 3}, "outcome"),
    ({"tasks": "btf-bbr"}, "tasks"),
    ({"tasks": {"btf-bbr": True}}, "tasks"),
    ({"tasks": ["no-such-task"]}, "tasks"),
    ({"tasks": ["btf-bbr", "btf-bbr"]}, "tasks"),
    ({"tasks": []}, "tasks"),
    ({"tasks": [7]}, "tasks"),
    ({"outcome": "referred", "tasks": [MOVING_MAIN] * 2, "call_next": True}, "tasks"),
]


@pytest.mark.parametrize(("body", "field"), REFUSED)
def test_a_bad_outcome_is_refused_and_changes_nothing(kiosk, login, db, body, field):
    staff, ticket = called(kiosk, login)
    waiting = issue(kiosk)
    answer = staff.act("finish", {"ticket": ticket["id"], **body})
    assert answer.status_code == 422, answer.json
    assert answer.json["error"]["code"] == "validation"
    assert answer.json["error"]["field"] == field
    assert answer.json["error"]["message"]
    # The citizen is still at the counter, nobody else was called, no fact, no event.
    assert ticket_store.get(db, ticket["id"])["status"] == "called"
    assert staff.get("/api/v1/counter").json["ticket"]["id"] == ticket["id"]
    assert ticket_store.get(db, waiting["id"])["status"] == "waiting"
    assert visit_store.count(db) == 0
    assert [e["type"] for e in events_of(db, ticket["id"])][-1] == "ticket.called"
    # The same visit then finishes with a good answer.
    assert staff.act("finish", {"ticket": ticket["id"]}).status_code == 200
    assert facts(db)[ticket["id"]]["outcome"] == "resolved"


def test_finish_and_call_next_records_the_outcome_and_calls_the_next(kiosk, login, db):
    staff, first = called(kiosk, login)
    second = issue(kiosk)
    answer = staff.act(
        "finish",
        {
            "ticket": first["id"],
            "call_next": True,
            "outcome": "handed_over",
            "administration": "KSR",
        },
    )
    assert answer.status_code == 200, answer.json
    assert answer.json["finished"]["id"] == first["id"]
    assert answer.json["ticket"]["id"] == second["id"]
    fact = facts(db)[first["id"]]
    assert (fact["outcome"], fact["handed_to"], fact["administration"]) == (
        "handed_over",
        "KSR",
        "KSR",
    )
    assert second["id"] not in facts(db)  # called, not ended: no fact yet


def test_a_repeated_finish_leaves_one_fact_with_the_first_answer(kiosk, login, db):
    staff, ticket = called(kiosk, login)
    body = {"ticket": ticket["id"], "outcome": "referred"}
    assert staff.act("finish", body).status_code == 200
    again = staff.act("finish", {**body, "outcome": "come_back"})
    assert again.status_code == 200 and again.json["finished"] is None
    assert visit_store.count(db) == 1
    assert facts(db)[ticket["id"]]["outcome"] == "referred"


def test_a_no_show_leaves_a_fact_without_outcome_or_service_time(kiosk, login, db, clock):
    ticket = issue(kiosk)
    clock.advance(minutes=7)
    staff = login("staff1", counter="1")
    staff.act("call-next")
    clock.advance(minutes=3)
    assert staff.act("no-show").status_code == 200
    fact = facts(db)[ticket["id"]]
    assert fact["status"] == "no_show"
    assert (fact["outcome"], fact["handed_to"], fact["service_seconds"]) == (None, None, None)
    assert fact["wait_seconds"] == 7 * 60
    assert fact["tasks"] == [MOVING_MAIN]


def test_a_voided_ticket_leaves_a_fact_that_was_never_called(kiosk, login, db, clock):
    ticket = issue(kiosk, "health_card")
    clock.advance(minutes=2)
    reception = login("reception1")
    answer = reception.post("/api/v1/tickets/void", json={"tickets": [ticket["id"]]})
    assert answer.status_code == 200, answer.json
    fact = facts(db)[ticket["id"]]
    assert fact["status"] == "voided"
    assert fact["outcome"] is None and fact["wait_seconds"] is None
    assert fact["service_seconds"] is None
    assert fact["task"] == "ksr-folkeregister-nyt-sygesikringskort"


def test_after_a_transfer_the_wait_ends_at_the_first_call_and_service_is_the_last_counters(
    kiosk, login, db, clock
):
    ticket = issue(kiosk)
    clock.advance(minutes=5)
    one = login("staff1", counter="1")
    assert one.act("call-next").json["ticket"]["id"] == ticket["id"]
    one.act("start")
    clock.advance(minutes=2)
    assert one.act("transfer", {"service": "health_card"}).status_code == 200
    clock.advance(minutes=20)  # waits again in the health card queue
    two = login("staff2", counter="2")
    assert two.act("call-next").json["ticket"]["id"] == ticket["id"]
    clock.advance(minutes=3)
    assert two.act("finish").status_code == 200
    fact = facts(db)[ticket["id"]]
    assert fact["wait_seconds"] == 5 * 60
    assert fact["service"] == "health_card"
    # The time waiting again in the second queue is no service time.
    assert fact["service_seconds"] == 3 * 60


# --- Property: no body makes the finish answer a 500, and a refused one changes nothing ------

KEYS = ("ticket", "call_next", "outcome", "administration", "tasks")
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(("resolved", "handed_over", "referred", "come_back")),
    st.sampled_from(tuple(ADMINISTRATIONS)),
    st.sampled_from((MOVING_MAIN, "btf-bbr", "no-such-task")),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), JSON, max_size=5),
    st.dictionaries(st.sampled_from(KEYS), SCALARS | st.lists(SCALARS, max_size=3)),
    JSON,
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES)
def test_any_finish_body_answers_json_and_a_refusal_leaves_the_ticket_open(app, login, db, body):
    # Reception gives the numbers: a kiosk may take only a few a minute.
    reception = login("reception1")
    staff = login("staff1", counter="1")
    given = reception.post("/api/v1/reception/tickets", json={"service": "moving"})
    assert given.status_code == 201, given.json
    ticket = given.json
    assert staff.act("call-next").json["ticket"]["id"] == ticket["id"]
    answer = staff.act("finish", body)
    assert answer.status_code == 200 or 400 <= answer.status_code < 500, answer.data
    if answer.status_code == 200:
        return
    assert answer.json["error"]["code"]
    assert answer.json["error"]["message"]
    assert ticket_store.get(db, ticket["id"])["status"] == "called"
    assert ticket["id"] not in facts(db)
    # Leave the counter free for the next example.
    assert staff.act("finish").status_code == 200


# --- With a central: booked times, and the fact reaching central ----------------------------


class TestWithCentral:
    @pytest.fixture
    def central(self, tmp_path):
        server = CentralOnLoopback(tmp_path)
        yield server
        server.stop()

    @pytest.fixture
    def config(self, tmp_path, central):
        return norrebro_config(tmp_path, central.url)

    def test_an_early_check_in_waits_from_the_booked_time(self, kiosk, login, db, clock):
        put_in_replica(db, "WAKEUP", TUESDAY_10 + timedelta(minutes=15))
        checked = check_in(kiosk, "WAKEUP")
        assert checked.status_code == 201, checked.json
        clock.advance(minutes=20)  # called at 10:20, five minutes after the booked 10:15
        staff = login("staff1", counter="1")
        assert staff.act("call-next").json["ticket"]["id"] == checked.json["id"]
        assert staff.act("finish").status_code == 200
        fact = facts(db)[checked.json["id"]]
        assert fact["channel"] == "appointment"
        assert fact["wait_seconds"] == 5 * 60

    def test_the_fact_reaches_central_as_the_centre_stored_it(
        self, kiosk, login, db, clock, central, app
    ):
        staff, ticket = called(kiosk, login)
        clock.advance(minutes=6)
        body = {"ticket": ticket["id"], "outcome": "handed_over", "administration": "BTF"}
        assert staff.act("finish", body).status_code == 200
        centre_rows = visit_store.between(db, DAY, DAY)
        agent = app.extensions["enindgang"]["sync"]
        assert agent.run_once() is True
        central_rows = visit_store.between(central.db, DAY, DAY, centre="norrebro")
        assert central_rows == centre_rows
        [row] = central_rows
        assert (row["outcome"], row["handed_to"], row["service_seconds"]) == (
            "handed_over",
            "BTF",
            360,
        )
        # It came inside the uploaded "ticket.finished" event.
        [finished] = [
            e
            for e in sync_store.events_of(central.db, "norrebro")
            if e["type"] == "ticket.finished"
        ]
        assert json.loads(finished["data"])["visit"] == without_centre(row)
