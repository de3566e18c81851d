"""Printing from the real kiosk endpoint with a fake network printer: answers, events, alerts."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from PIL import Image

from centre.app import create_app
from centre.config import from_dict
from centre.store import events as event_store
from tests.conftest import TUESDAY_10, centre_raw, paired_client
from tests.escpos_reader import decode_qr, read
from tests.fake_printer import FakePrinter
from tests.test_api_checkins import put_in_replica

PRINT_TIMEOUT = 1.0
FAST_ANSWER = 0.5  # the kiosk answers well before the printer's timeout


@pytest.fixture
def fake():
    printer = FakePrinter().start()
    yield printer
    printer.stop()


@pytest.fixture
def config(tmp_path, fake):
    """The conftest app, but with the kiosk printer on the network (the fake)."""
    printer = {
        "transport": "network",
        "host": "127.0.0.1",
        "port": fake.port,
        "timeout_seconds": PRINT_TIMEOUT,
        "status_interval_seconds": 0.2,
    }
    return from_dict(centre_raw(printer=printer), tmp_path, tmp_path / "var")


@pytest.fixture
def printer(app):
    ticket_printer = app.extensions["enindgang"]["printer"]
    yield ticket_printer
    ticket_printer.spooler.wait_idle(5)
    ticket_printer.spooler.stop()


@pytest.fixture
def staff_socket(app, login, printer):
    """A manager's Socket.IO connection to /counter: where the printer alert arrives."""
    staff = login("manager1")
    socketio = app.extensions["enindgang"]["socketio"]
    kiosk = socketio.test_client(app, namespace="/counter", flask_test_client=staff.http)
    assert kiosk.is_connected("/counter")
    yield kiosk
    kiosk.disconnect("/counter")


def issue(kiosk, language: str = "da", **body):
    started = time.monotonic()
    answer = kiosk.post("/api/v1/tickets", json={"service": "moving", "language": language, **body})
    return answer, time.monotonic() - started


def events(db, ticket_id: str) -> list[dict]:
    return [
        {"type": e["type"], **json.loads(e["data"])} for e in event_store.for_ticket(db, ticket_id)
    ]


def printer_alerts(socket) -> list[dict]:
    return [e["args"][0] for e in socket.get_received("/counter") if e["name"] == "printer"]


def wait_until(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


# -- a healthy printer --------------------------------------------------------------------------


def test_kiosk_ticket_prints_its_number_service_and_status_url(kiosk, db, printer, fake):
    answer, seconds = issue(kiosk)
    assert answer.status_code == 201
    assert seconds < FAST_ANSWER
    assert printer.spooler.wait_idle(5)
    assert fake.wait_for_jobs(1)
    printout = read(fake.jobs[0])
    number = printout.line(answer.json["number"])
    assert number.width >= 5
    assert "Flytning og folkeregister" in printout.texts()
    assert "Borgerservice Test" in printout.texts()
    assert printout.qr_codes[0]["data"] == answer.json["status_url"]
    kinds = [e["type"] for e in events(db, answer.json["id"])]
    assert kinds == ["ticket.issued", "print.ok"]
    ok = events(db, answer.json["id"])[1]
    assert (ok["attempts"], ok["transport"], ok["error"]) == (1, "network", None)


def test_ticket_is_printed_in_the_citizens_language(kiosk, login, printer, fake):
    login("staff1", counter="1")  # a counter serves it: a wait can be promised
    answer, _ = issue(kiosk, language="en")
    assert fake.wait_for_jobs(1)
    texts = read(fake.jobs[0]).texts()
    assert "Moving and national register" in texts
    assert "Welcome. Please wait until your number is called." in " ".join(texts)  # wrapped
    assert "Scan the code to follow your number on your phone." in " ".join(texts)
    assert "You are next." in texts
    assert not any("ahead of you" in text for text in texts)
    assert any(text.startswith("24 November 2026") for text in texts)
    issue(kiosk, language="en")
    assert fake.wait_for_jobs(2)
    second = read(fake.jobs[1]).texts()
    assert "1 person ahead of you" in second
    # The range the kiosk shows, its dash as code page 865 can print it.
    assert "Expected waiting time: about 5-15 minutes." in second


def test_the_printed_ticket_carries_the_range_kept_on_the_ticket_in_cp865_bytes(
    kiosk, login, db, printer, fake
):
    login("staff1", counter="1")
    issue(kiosk)
    answer, _ = issue(kiosk)
    assert answer.json["estimated_wait_range"] == [5, 15]
    assert fake.wait_for_jobs(2)
    printed = fake.jobs[1]
    assert "Forventet ventetid: ca. 5-15 minutter.".encode("cp865") in printed
    texts = read(printed).texts()
    assert "Forventet ventetid: ca. 5-15 minutter." in texts
    assert not any("min." in text for text in texts)  # no single number any more


def test_a_checked_in_ticket_prints_its_time_and_no_range(kiosk, login, db, printer, fake):
    login("staff1", counter="1")
    put_in_replica(db, "AAAAAT", TUESDAY_10 + timedelta(minutes=30))
    answer = kiosk.post("/api/v1/checkins", json={"code": "AAAAAT", "language": "da"})
    assert answer.status_code == 201, answer.json
    assert answer.json["estimated_wait_range"] is not None  # kept, for the reports
    assert fake.wait_for_jobs(1)
    texts = read(fake.jobs[0]).texts()
    assert "Din tid: kl. 10.30" in texts
    assert not any("ventetid" in text for text in texts)


@pytest.mark.parametrize(
    ("language", "appointment", "issued"),
    [
        ("da", "Din tid: kl. 10.30", "24. november 2026 kl. 10.00"),
        ("en", "Your appointment: 10:30", "24 November 2026 at 10:00"),
    ],
)
def test_a_checked_in_ticket_prints_times_as_the_citizens_language_writes_them(
    kiosk, db, printer, fake, language, appointment, issued
):
    put_in_replica(db, "AAAAAT", TUESDAY_10 + timedelta(minutes=30))
    answer = kiosk.post("/api/v1/checkins", json={"code": "AAAAAT", "language": language})
    assert answer.status_code == 201, answer.json
    assert fake.wait_for_jobs(1)
    texts = read(fake.jobs[0]).texts()
    assert appointment in texts
    assert issued in texts


def test_with_no_counter_open_the_ticket_prints_no_wait_but_says_so(kiosk, printer, fake):
    issue(kiosk)
    issue(kiosk)
    issue(kiosk, language="en")
    assert fake.wait_for_jobs(3)
    next_one, danish, english = (read(job).texts() for job in fake.jobs)
    assert "Vi kan ikke sige, hvor længe der går." in danish
    assert "Der er 1 foran dig" in danish
    assert not any("min." in text for text in danish)
    assert "We cannot say how long the wait will be." in english
    assert not any("Expected waiting time" in text for text in english)
    # Being next is no promise either while nobody sits at a counter.
    assert "Vi kan ikke sige, hvor længe der går." in next_one


def test_a_number_handed_out_before_opening_prints_when_the_counter_opens(
    login, clock, printer, fake
):
    from datetime import datetime

    from tests.conftest import CPH

    clock.set(datetime(2026, 11, 24, 8, 30, tzinfo=CPH))
    reception = login("reception1")
    answer = reception.post(
        "/api/v1/reception/tickets", json={"service": "moving", "language": "da"}
    )
    assert answer.status_code == 201, answer.json
    assert fake.wait_for_jobs(1)
    texts = read(fake.jobs[0]).texts()
    assert any(text.startswith("Skranken åbner kl. 10") for text in texts), texts
    assert not any("ventetid" in text for text in texts)


def test_the_same_tap_sent_twice_prints_one_ticket(kiosk, printer, fake):
    first, _ = issue(kiosk, nonce="tap-1")
    again, _ = issue(kiosk, nonce="tap-1")
    assert first.json["id"] == again.json["id"]
    assert printer.spooler.wait_idle(5)
    assert fake.wait_for_jobs(1)
    time.sleep(0.1)  # a second job would have arrived by now
    assert len(fake.jobs) == 1


# -- failures through the kiosk endpoint --------------------------------------------------------


@pytest.mark.parametrize(
    "trouble, code",
    [("refuse", "offline"), ("stall", "timeout"), ("reset", "reset"), ("paper_out", "paper_out")],
)
def test_kiosk_answers_at_once_and_staff_are_alerted_when_printing_fails(
    kiosk, db, app, printer, staff_socket, fake, trouble, code
):
    staff_socket.get_received("/counter")  # the connect snapshot
    if trouble == "paper_out":
        fake.paper = "out"
    else:
        fake.reset_after = 10
        fake.set_mode(trouble)

    answer, seconds = issue(kiosk)
    assert answer.status_code == 201
    assert seconds < FAST_ANSWER
    assert answer.json["number"] == "F001"  # the ticket exists, printed or not
    assert printer.spooler.wait_idle(PRINT_TIMEOUT * 3 + 1)

    failed = events(db, answer.json["id"])[-1]
    assert (failed["type"], failed["error"], failed["number"]) == ("print.failed", code, "F001")
    failed_ticket = {"id": answer.json["id"], "number": "F001", "error": code}
    # Kept for a reprint until it prints (the state itself may already have recovered: after
    # a reset the printer is fine again at the next status poll).
    assert printer.state["failed"] == [failed_ticket]
    assert app.extensions["enindgang"]["hub"].printer_state["failed"] == [failed_ticket]
    alerts = printer_alerts(staff_socket)
    assert {"online": code == "paper_out", "error": code, "failed": [failed_ticket]} in [
        {key: alert[key] for key in ("online", "error", "failed")} for alert in alerts
    ]


def test_kiosk_stays_fast_while_the_printer_stalls(kiosk, printer, fake):
    fake.set_mode("stall")
    slowest = max(issue(kiosk)[1] for _ in range(5))
    assert slowest < FAST_ANSWER
    assert printer.spooler.wait_idle(10)


def test_printer_comes_back_and_the_failed_ticket_is_reprinted(kiosk, db, app, printer, fake):
    fake.set_mode("refuse")
    answer, _ = issue(kiosk)
    assert printer.spooler.wait_idle(5)
    assert printer.state["online"] is False

    fake.set_mode("ok")
    hub = app.extensions["enindgang"]["hub"]
    assert wait_until(lambda: hub.printer_state["online"] is True)  # the status poll saw it

    assert printer.reprint(answer.json["id"]) is True
    assert printer.spooler.wait_idle(5)
    assert fake.wait_for_jobs(1)
    printout = read(fake.jobs[0])
    assert printout.qr_codes[0]["data"] == answer.json["status_url"]
    last = events(db, answer.json["id"])[-1]
    assert (last["type"], last["reprint"]) == ("print.ok", True)
    assert printer.state["failed"] == []
    assert hub.printer_state["failed"] == []


def test_reprint_of_an_unknown_ticket_is_refused(printer):
    assert printer.reprint("no-such-ticket") is False


def test_paper_low_reaches_staff_from_the_status_poll(app, printer, staff_socket, fake):
    staff_socket.get_received("/counter")
    fake.paper = "low"
    assert wait_until(lambda: printer.state["paper"] == "low")
    assert wait_until(lambda: any(a["paper"] == "low" for a in printer_alerts(staff_socket)))
    assert app.extensions["enindgang"]["hub"].printer_state["paper"] == "low"


def test_printer_state_changes_are_recorded_as_events(db, printer, fake):
    def recorded() -> list[dict]:
        rows = db.execute("SELECT data FROM events WHERE type = 'printer.state' ORDER BY seq")
        return [json.loads(row[0]) for row in rows.fetchall()]

    fake.paper = "out"
    assert wait_until(lambda: {"online": True, "paper": "out", "error": "paper_out"} in recorded())
    fake.paper = "ok"
    assert wait_until(lambda: recorded()[-1] == {"online": True, "paper": "ok", "error": None})


# -- the demo's virtual printer -----------------------------------------------------------------


def test_virtual_printer_keeps_a_picture_whose_qr_code_is_the_status_url(tmp_path, clock):
    config = from_dict(centre_raw(), tmp_path, tmp_path / "var")
    app = create_app(config, clock=clock, testing=True)
    ticket_printer = app.extensions["enindgang"]["printer"]
    answer = paired_client(app).post("/api/v1/tickets", json={"service": "moving"})
    assert ticket_printer.spooler.wait_idle(5)
    folder = config.printout_dir
    assert (folder / "F001.bin").exists()
    assert decode_qr(Image.open(folder / "F001.png")) == answer.json["status_url"]
    assert [p["name"] for p in ticket_printer.printouts()] == ["F001"]
    assert ticket_printer.spooler.poll_interval == 0  # nothing to poll
