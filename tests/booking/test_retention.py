"""Privacy: names and contacts of past bookings are purged after the retention period."""

from __future__ import annotations

from datetime import timedelta
from email import policy
from email.parser import BytesParser

from booking.domain import retention
from booking.mail import mailer
from tests import pg_cluster
from tests.booking.conftest import make_app
from tests.booking.helpers import local

BODY = {
    "service": "passport",
    "centre": "osterbro",
    "name": "Ida Ærø",
    "email": "ida@example.dk",
    "phone": "12345678",
}
# The Tuesday 09:00 appointment ends at 09:15.
ENDS = local(2026, 11, 24, 9, 15)


def purge(app) -> int:
    ext = app.extensions["enindgang"]
    with app.app_context():
        return retention.purge(ext["context"], ext["pool"].get())


def person(db, code: str) -> tuple:
    return db.execute(
        "SELECT name, email, phone, purged_at IS NOT NULL FROM bookings WHERE code = ?", [code]
    ).fetchone()


def test_personal_data_is_purged_after_the_retention_period(api, central, central_db, clock):
    past = api.post("/api/v1/bookings", json={**BODY, "start": "2026-11-24T09:00:00+01:00"}).json
    later = api.post("/api/v1/bookings", json={**BODY, "start": "2027-01-19T09:00:00+01:00"}).json
    clock.set(ENDS + timedelta(days=90) - timedelta(minutes=1))
    assert purge(central) == 0
    assert person(central_db, past["code"]) == ("Ida Ærø", "ida@example.dk", "+4512345678", 0)
    clock.set(ENDS + timedelta(days=90, minutes=1))
    assert purge(central) == 1
    assert person(central_db, past["code"]) == (None, None, None, 1)
    assert person(central_db, later["code"])[0] == "Ida Ærø"
    assert purge(central) == 0
    # What is left is enough for statistics, and nothing about the person.
    kept = central_db.execute(
        "SELECT service, centre, start_at FROM bookings WHERE code = ?", [past["code"]]
    ).fetchone()
    assert kept[0:2] == ("passport", "osterbro")
    token = past["manage_url"].split("token=")[1]
    shown = api.get(f"/api/v1/bookings/{past['code']}?token={token}").json
    assert shown["name"] is None and shown["email"] is None


def test_cancelled_bookings_are_purged_too(api, central, central_db, clock):
    answer = api.post("/api/v1/bookings", json={**BODY, "start": "2026-11-24T09:00:00+01:00"}).json
    token = answer["manage_url"].split("token=")[1]
    api.post(f"/api/v1/bookings/{answer['code']}/cancel", json={"token": token})
    clock.set(ENDS + timedelta(days=91))
    assert purge(central) == 1
    assert person(central_db, answer["code"])[0] is None


def test_the_retention_period_is_configurable(tmp_path, clock):
    app = make_app(tmp_path, clock, retention_days=7)
    db = app.extensions["enindgang"]["pool"].get()
    answer = app.test_client().post(
        "/api/v1/bookings", json={**BODY, "start": "2026-11-24T09:00:00+01:00"}
    )
    clock.set(ENDS + timedelta(days=7, minutes=1))
    assert purge(app) == 1
    assert person(db, answer.json["code"])[0] is None


def test_old_holds_are_deleted(api, central, central_db, clock):
    api.post("/api/v1/holds", json={**BODY, "start": "2026-11-24T09:00:00+01:00"})
    clock.advance(hours=2)
    purge(central)
    assert central_db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0] == 1
    clock.advance(days=1)
    purge(central)
    assert central_db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0] == 0


def everything_stored(db) -> str:
    tables = pg_cluster.table_names(db)
    return "\n".join(
        str(row)
        for table in tables
        for row in db.execute(f"SELECT * FROM {table}")  # noqa: S608
    )


def everything_in_files(folder) -> str:
    """Every file's bytes, and (messages are base64) each message's decoded headers and text."""
    parse = BytesParser(policy=policy.default).parsebytes
    found = []
    for path in folder.rglob("*"):
        data = path.read_bytes()
        found.append(path.name + data.decode("utf-8", "replace"))
        message = parse(data)
        found += [str(v) for v in message.values()] + [message.get_content()]
    return "\n".join(found)


def test_the_purge_leaves_no_personal_data_in_mailbox_files_or_stored_errors(
    api, central, central_db, clock, monkeypatch
):
    past = api.post("/api/v1/bookings", json={**BODY, "start": "2026-11-24T09:00:00+01:00"}).json
    later = {**BODY, "name": "Bo Berg", "email": "bo@example.dk", "phone": "87654321"}
    api.post("/api/v1/bookings", json={**later, "start": "2027-01-19T09:00:00+01:00"})
    real_send = mailer.FolderTransport.send
    failed = []

    def refuse_once(self, channel, recipient, subject, body, sender, ref):
        if not failed:
            failed.append(recipient)
            raise OSError(f"550 <{recipient}> unknown, mail for Ida Ærø refused")
        real_send(self, channel, recipient, subject, body, sender, ref)

    monkeypatch.setattr(mailer.FolderTransport, "send", refuse_once)
    with central.app_context():
        mailer.deliver_pending(central)
        clock.advance(minutes=1)  # the failed one is tried again a minute later
        mailer.deliver_pending(central)
    errors = str(central_db.execute("SELECT last_error FROM outbox").fetchall())
    assert failed == ["ida@example.dk"] and "ida@example.dk" not in errors  # never kept
    assert "Ida Ærø refused" in errors  # what else the error said is kept until the purge
    folder = central.config["BOOKING"].mailbox_dir
    assert "Ida Ærø" in everything_in_files(folder) and "Bo Berg" in everything_in_files(folder)
    clock.set(ENDS + timedelta(days=90, minutes=1))
    assert purge(central) == 1
    files, stored = everything_in_files(folder), everything_stored(central_db)
    for personal in ("Ida", "ida@example.dk", "12345678", past["code"]):
        assert personal not in files
    for personal in ("Ida", "ida@example.dk", "12345678"):
        assert personal not in stored
    assert "Bo Berg" in files  # the later booking's messages are kept until its own purge
    actors = central_db.execute("SELECT actor, action FROM audit WHERE action LIKE 'purge%'")
    assert sorted(actors) == [("system:retention", "purge"), ("system:retention", "purge.mailbox")]
