"""Committed events drive the screens: a domain action reaches them with no blueprint in
between, and a rolled-back one reaches nobody."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

from centre.domain import accounts, manage, staff_sessions
from centre.domain.counter import calling, seat
from centre.domain.counter.state import Staff
from centre.domain.tickets import issue_ticket
from centre.domain.void import void_tickets
from centre.store import events as event_store
from centre.store import settings as settings_store
from centre.store.db import init_db
from kernel.db import ConnectionPool, write_transaction
from tests.test_socketio import received, wait_for

STAFF1 = Staff("staff1", "staff", "Sara Sørensen")


@pytest.fixture
def socketio(app):
    return app.extensions["enindgang"]["socketio"]


def test_a_ticket_issued_by_the_domain_alone_updates_display_and_kiosk(app, ctx, db, socketio):
    display = socketio.test_client(app, namespace="/display")
    screen = socketio.test_client(app, namespace="/kiosk")
    display.get_received("/display")
    screen.get_received("/kiosk")
    issue_ticket(ctx, db, "moving", source="reception")
    # The first pushes after the issue already count the new ticket: no request was made.
    queue, _ = wait_for(display, "/display", "queue", lambda q: True)
    assert queue["waiting"]["moving"]["waiting"] == 1
    services, _ = wait_for(screen, "/kiosk", "services", lambda s: True)
    assert services["moving"]["waiting"] == 1


def test_a_call_made_by_the_domain_alone_is_announced_on_display_and_phone(app, ctx, db, socketio):
    ticket = issue_ticket(ctx, db, "moving", source="reception").ticket
    display = socketio.test_client(app, namespace="/display")
    phone = socketio.test_client(app, namespace="/ticket", auth={"ticket": ticket["id"]})
    display.get_received("/display")
    phone.get_received("/ticket")
    seat.sign_in(ctx, db, "3", STAFF1)
    calling.call_next(ctx, db, "3", STAFF1)
    calls = received(display, "/display", "ticket_called", wait=0.5)
    assert [c["args"][0] for c in calls] == [
        # The ticket's language goes with the call: the display speaks it when it can.
        {"number": "F001", "counter": "3", "service": "moving", "language": "da"}
    ]
    called, _ = wait_for(phone, "/ticket", "ticket", lambda u: u["status"] == "called")
    assert (called["number"], called["counter"]) == ("F001", "3")


def test_a_ticket_voided_by_the_domain_alone_tells_its_phone(app, ctx, db, socketio):
    ticket = issue_ticket(ctx, db, "moving", source="reception").ticket
    phone = socketio.test_client(app, namespace="/ticket", auth={"ticket": ticket["id"]})
    phone.get_received("/ticket")
    void_tickets(ctx, db, [ticket["id"]], "reception1")
    voided, _ = wait_for(phone, "/ticket", "ticket", lambda u: u["status"] == "cancelled")
    assert voided["position"] is None


def test_a_logout_done_by_the_domain_alone_closes_that_persons_staff_socket(
    app, ctx, db, login, socketio
):
    reception = login("reception1")
    live = socketio.test_client(app, namespace="/counter", flask_test_client=reception.http)
    assert live.is_connected("/counter")
    staff_sessions.log_out(ctx, db, Staff("reception1", "reception"))
    assert not live.is_connected("/counter")
    assert reception.get("/api/v1/me").status_code == 401


def test_a_new_password_set_by_the_domain_alone_closes_that_persons_staff_socket(
    app, ctx, db, login, socketio
):
    reception = login("reception1")
    other = login("manager1")
    live = socketio.test_client(app, namespace="/counter", flask_test_client=reception.http)
    kept = socketio.test_client(app, namespace="/counter", flask_test_client=other.http)
    assert live.is_connected("/counter") and kept.is_connected("/counter")
    accounts.set_password(db, ctx.clock, "reception1", "a new long password 42")
    assert not live.is_connected("/counter")
    assert kept.is_connected("/counter")  # only that person's sockets
    assert reception.get("/api/v1/me").status_code == 401


def test_a_manager_change_rolled_back_halfway_pushes_nothing(app, ctx, db, socketio):
    display = socketio.test_client(app, namespace="/display")
    display.get_received("/display")
    with pytest.raises(Exception, match="validation"):
        # The weight is written and its event appended; then the second setting is refused.
        manage.update_service(ctx, db, "moving", {"weight": 3, "stopped_today": "yes"}, "m")
    time.sleep(0.4)  # longer than the hub's coalescing window
    assert display.get_received("/display") == []
    assert settings_store.all(db).get("moving", {}).get("weight", 1.0) == 1.0


def test_a_call_event_rolled_back_is_never_announced(app, ctx, db, socketio):
    display = socketio.test_client(app, namespace="/display")
    ticket = issue_ticket(ctx, db, "moving", source="reception").ticket
    # The issue's own push comes first: wait for it, then listen.
    wait_for(display, "/display", "queue", lambda q: q["waiting"]["moving"]["waiting"] == 1)
    time.sleep(0.3)
    display.get_received("/display")
    with pytest.raises(RuntimeError), write_transaction(db):
        event_store.append(
            db, "ticket.called", ctx.clock.now(), ticket["id"], "3", "staff1", number="F001"
        )
        raise RuntimeError("the action failed after writing its event")
    time.sleep(0.4)
    assert display.get_received("/display") == []


def test_listeners_hear_each_committed_transaction_once_and_never_a_rolled_back_one(
    tmp_path, clock
):
    init_db(tmp_path / "centre.db")
    pool = ConnectionPool(tmp_path / "centre.db")
    heard: list[list[str]] = []
    pool.on_commit(lambda events: heard.append([e["type"] for e in events]))
    db = pool.get()
    with write_transaction(db):
        event_store.append(db, "counter.opened", clock.now(), counter="1", staff="staff1")
        event_store.append(db, "counter.break", clock.now(), counter="1", staff="staff1")
    with pytest.raises(RuntimeError), write_transaction(db):
        event_store.append(db, "counter.resumed", clock.now(), counter="1", staff="staff1")
        raise RuntimeError
    with write_transaction(db):
        pass  # no event, nothing to tell
    assert heard == [["counter.opened", "counter.break"]]
    assert [e["type"] for e in event_store.after(db, 0)] == ["counter.opened", "counter.break"]


def test_a_failing_listener_does_not_undo_or_fail_the_committed_action(tmp_path, clock):
    init_db(tmp_path / "centre.db")
    pool = ConnectionPool(tmp_path / "centre.db")
    heard = []

    def broken(events):
        raise ValueError("a bug in a screen")

    pool.on_commit(broken)
    pool.on_commit(heard.extend)
    db = pool.get()
    with write_transaction(db):
        event_store.append(db, "staff.login", clock.now(), staff="staff1")
    assert [e["type"] for e in heard] == ["staff.login"]  # later listeners still hear it
    assert [e["type"] for e in event_store.after(db, 0)] == ["staff.login"]


ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = [
    *sorted((ROOT / "centre").glob("api*.py")),
    *(ROOT / name for name in ("centre/auth.py", "centre/pages.py", "centre/web.py")),
    *(ROOT / client / "__init__.py" for client in ("kiosk", "display", "counter")),
]


# Glue between the domain and the world outside (the printer, central): it calls one domain
# function a step and, like a blueprint, opens no transaction and reads no store itself.
GLUE = [ROOT / "centre/printing.py", ROOT / "centre/sync/agent.py"]


def read_module(path: Path) -> tuple[list[str], set[str]]:
    """The modules a file imports, and every name, attribute and constant it mentions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {str(n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    return imported, names


@pytest.mark.parametrize("path", BLUEPRINTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_blueprint_neither_tells_the_hub_nor_reads_a_store(path):
    imported, names = read_module(path)
    assert not [m for m in imported if m.startswith("centre.store")]
    assert "hub" not in names


@pytest.mark.parametrize("path", [*BLUEPRINTS, *GLUE], ids=lambda p: str(p.relative_to(ROOT)))
def test_writes_happen_in_the_domain_never_in_a_blueprint_or_the_glue(path):
    imported, names = read_module(path)
    assert not [m for m in imported if m.startswith("centre.store")]
    assert "write_transaction" not in names
