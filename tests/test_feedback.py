"""A citizen's anonymous answer after a visit: who may give it, once, and what is kept."""

from __future__ import annotations

import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centre.app import create_app
from centre.config import from_dict
from centre.core.feedback import check_answer, tally
from centre.domain import feedback as feedback_domain
from centre.store import staff as staff_store
from centre.store import tickets as ticket_store
from kernel.clock import FixedClock, iso
from kernel.db import write_transaction
from tests.conftest import (
    PASSWORD_HASH,
    STAFF,
    TUESDAY_10,
    StaffClient,
    centre_raw,
    paired_client,
)


def issue(kiosk, service="moving", language="da"):
    answer = kiosk.post("/api/v1/tickets", json={"service": service, "language": language})
    assert answer.status_code == 201, answer.json
    return answer.json


def token_of(ticket: dict) -> str:
    return ticket["status_url"].rsplit("/", 1)[1]


def serve(staff, action="finish"):
    assert staff.act("call-next").status_code == 200
    assert staff.act(action).status_code == 200


def answer(client, token, solved=True, smiley=None, **extra):
    body = {"token": token, "solved": solved, "smiley": smiley, **extra}
    return client.post("/api/v1/feedback", json=body)


def test_a_finished_visit_can_answer_once_and_the_manager_sees_it_counted(kiosk, login, client):
    ticket = issue(kiosk)
    serve(login("staff1", counter="2"))

    first = answer(client, token_of(ticket), solved=True, smiley=5)
    again = answer(client, token_of(ticket), solved=False, smiley=1)

    assert first.status_code == 201 and first.json == {"answered": True}
    assert again.status_code == 409
    assert again.json["error"]["code"] == "feedback_given"
    assert again.json["error"]["message"] == "Du har allerede svaret. Tak."
    tallies = login("manager1").get("/api/v1/manager/feedback").json
    assert tallies["feedback"] == [
        {
            "service": "moving",
            "counter": "2",
            "answers": 1,
            "solved": 1,
            "not_solved": 0,
            "smileys": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
            "average_smiley": 5.0,
        }
    ]


def test_answers_are_counted_per_service_and_counter(kiosk, login, client):
    at_1, at_2 = login("staff1", counter="1"), login("staff2", counter="2")
    tickets = [issue(kiosk) for _ in range(3)]
    serve(at_1)
    serve(at_2)
    serve(at_1)
    answer(client, token_of(tickets[0]), solved=True, smiley=4)
    answer(client, token_of(tickets[1]), solved=False)
    answer(client, token_of(tickets[2]), solved=False, smiley=2)

    found = {
        (t["service"], t["counter"]): (t["solved"], t["not_solved"], t["average_smiley"])
        for t in login("manager1").get("/api/v1/manager/feedback").json["feedback"]
    }

    assert found == {("moving", "1"): (1, 1, 3.0), ("moving", "2"): (0, 1, None)}


def test_a_visit_not_finished_cannot_answer(kiosk, login, client):
    waiting = issue(kiosk)
    refused = answer(client, token_of(waiting))
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "feedback_not_finished"

    staff = login("staff1", counter="1")
    staff.act("call-next")
    staff.act("no-show")
    assert answer(client, token_of(waiting)).json["error"]["code"] == "feedback_not_finished"


def test_only_the_tickets_own_token_opens_it(kiosk, login, client):
    ticket = issue(kiosk)
    serve(login("staff1", counter="1"))

    # The ticket id is shown to kiosks and on the status API: it is not the citizen's token.
    by_id = answer(client, ticket["id"])
    no_token = client.post("/api/v1/feedback", json={"solved": True})
    unknown = answer(client, "x" * 43)
    assert [r.status_code for r in (by_id, no_token, unknown)] == [404, 404, 404]
    assert {r.json["error"]["code"] for r in (by_id, no_token, unknown)} == {"unknown_ticket"}
    # Staff sessions and kiosks have no other way in: they too need the token.
    manager = login("manager1")
    assert (
        manager.post("/api/v1/feedback", json={"ticket": ticket["id"], "solved": True}).json[
            "error"
        ]["code"]
        == "unknown_ticket"
    )
    assert answer(kiosk, token_of(ticket)).status_code == 201


def test_a_malformed_answer_names_the_field(kiosk, login, client):
    ticket = issue(kiosk)
    serve(login("staff1", counter="1"))
    for body, field in (
        ({"solved": "yes"}, "solved"),
        ({"solved": True, "smiley": 6}, "smiley"),
        ({"solved": True, "smiley": True}, "smiley"),
        ({"solved": True, "smiley": "5"}, "smiley"),
    ):
        refused = client.post("/api/v1/feedback", json={"token": token_of(ticket), **body})
        assert refused.status_code == 422, body
        assert refused.json["error"]["field"] == field
    # Nothing refused was counted, and the ticket may still answer.
    assert answer(client, token_of(ticket), smiley=None).status_code == 201


def test_only_the_manager_reads_the_feedback(login, client):
    assert client.get("/api/v1/manager/feedback").status_code == 401
    for who, counter in (("staff1", "1"), ("reception1", None)):
        refused = login(who, counter=counter).get("/api/v1/manager/feedback")
        assert refused.status_code == 403
    bad_day = login("manager1").get("/api/v1/manager/feedback?day=yesterday")
    assert bad_day.status_code == 422 and bad_day.json["error"]["field"] == "day"


def test_the_answer_is_told_in_the_language_of_the_page(kiosk, login, client):
    ticket = issue(kiosk, language="en")
    refused = answer(client, token_of(ticket), language="en")
    assert refused.json["error"]["message"] == "You can answer when your visit is finished."


def _stored_feedback(db) -> list[tuple]:
    tables = ("feedback_counts", "feedback_answered")
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}


def _centre(path):
    """A fresh centre app and its database, as the `app` fixture makes one."""
    app = create_app(
        from_dict(centre_raw(), path, path / "var"), clock=FixedClock(TUESDAY_10), testing=True
    )
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        name, role = STAFF["staff1"]
        staff_store.insert(db, "staff1", name, role, PASSWORD_HASH, iso(TUESDAY_10))
    return app, db


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.lists(
        st.tuples(st.booleans(), st.none() | st.integers(1, 5)), min_size=1, max_size=6
    ),
    order=st.randoms(use_true_random=False),
)
def test_stored_answers_cannot_be_joined_back_to_a_ticket(tmp_path_factory, answers, order):
    """Whatever is answered, in whatever order: the stored answers hold nothing of a ticket
    (no id, token, number or time), and the same answers given in another order leave
    exactly the same rows, so not even the order of answering points to a ticket."""
    stored = []
    for sequence in (list(range(len(answers))), order.sample(range(len(answers)), len(answers))):
        app, db = _centre(tmp_path_factory.mktemp("centre"))
        kiosk = paired_client(app)
        staff = StaffClient(app, "staff1", "1")
        tickets = [issue(kiosk) for _ in answers]
        for _ in tickets:
            serve(staff)
        citizen = app.test_client()
        for i in sequence:
            solved, smiley = answers[i]
            assert answer(citizen, token_of(tickets[i]), solved, smiley).status_code == 201
        rows = _stored_feedback(db)
        counts = rows["feedback_counts"]
        ticket_rows = [ticket_store.get(db, t["id"]) for t in tickets]
        traceable = {
            value
            for t in ticket_rows
            for key, value in t.items()
            if key
            in (
                "id",
                "token",
                "number",
                "nonce",
                "created_at",
                "arrived_at",
                "called_at",
                "started_at",
                "finished_at",
            )
            and value
        }
        assert not traceable & {v for r in counts for v in r}
        columns = [c[1] for c in db.execute("PRAGMA table_info(feedback_counts)").fetchall()]
        assert columns == ["day", "service", "counter", "solved", "smiley", "answers"]
        # One row per kind of answer, counted: never one row per citizen.
        assert sum(r[-1] for r in counts) == len(answers)
        stored.append(counts)
        app.extensions["enindgang"]["printer"].spooler.wait_idle(5)
    assert stored[0] == stored[1]


def test_a_row_per_answer_would_have_no_order_to_it(db):
    # WITHOUT ROWID: there is no hidden rowid that would number the answers as they came.
    for table in ("feedback_counts", "feedback_answered"):
        try:
            db.execute(f"SELECT rowid FROM {table}").fetchall()
        except sqlite3.OperationalError as err:
            assert "rowid" in str(err)
        else:
            raise AssertionError(f"{table} keeps a rowid")


def test_check_answer_and_tally_are_pure_rules():
    assert check_answer(False, None).smiley is None
    summary = tally([("a", "1", True, 5, 2), ("a", "1", False, None, 1), ("b", "2", True, 1, 1)])
    assert [(t.service, t.counter, t.answers, t.average_smiley) for t in summary] == [
        ("a", "1", 3, 5.0),
        ("b", "2", 1, 1.0),
    ]
    assert feedback_domain.public(summary[1])["smileys"]["1"] == 1
