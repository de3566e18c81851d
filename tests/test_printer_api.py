"""The printer as kiosks and staff see it: the ticket answer, live news, reprint, printouts."""

from __future__ import annotations

import io
import json
import time

import pytest
from PIL import Image

from centre.config import from_dict
from centre.store import events as event_store
from tests.conftest import centre_raw
from tests.escpos_reader import decode_qr, read
from tests.fake_printer import FakePrinter

PRINT_TIMEOUT = 1.0
FAST_ANSWER = 0.5  # the kiosk answers well before the printer's timeout
PRINTER_KEYS = {"online", "paper", "error"}


@pytest.fixture
def fake():
    printer = FakePrinter().start()
    yield printer
    printer.stop()


@pytest.fixture
def config(request, tmp_path):
    """The conftest centre; its printer is the fake network printer when a test uses `fake`,
    else the virtual printer (files in the printout folder)."""
    printer = {"transport": "virtual"}
    if "fake" in request.fixturenames:
        fake = request.getfixturevalue("fake")
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


class Listener:
    """A Socket.IO test kiosk that keeps what it received, so tests can wait for one event."""

    def __init__(self, app, namespace: str, http=None) -> None:
        socketio = app.extensions["enindgang"]["socketio"]
        self.namespace = namespace
        self.client = socketio.test_client(app, namespace=namespace, flask_test_client=http)
        assert self.client.is_connected(namespace)
        self.received: list[dict] = []

    def events(self, name: str) -> list:
        self.received += self.client.get_received(self.namespace)
        return [event["args"][0] for event in self.received if event["name"] == name]

    def wait_for(self, name: str, predicate, timeout: float = 5.0):
        deadline = time.monotonic() + timeout
        while True:
            found = [payload for payload in self.events(name) if predicate(payload)]
            if found or time.monotonic() > deadline:
                return found[-1] if found else None
            time.sleep(0.02)

    def close(self) -> None:
        self.client.disconnect(self.namespace)


@pytest.fixture
def kiosk_socket(app, printer):
    listener = Listener(app, "/kiosk")
    yield listener
    listener.close()


@pytest.fixture
def staff(login):
    """Counter staff at counter 2: they may reprint too."""
    return login("staff1", "2")


@pytest.fixture
def staff_socket(app, printer, login):
    """A manager's live connection to /counter, where printer alerts arrive."""
    listener = Listener(app, "/counter", http=login("manager1").http)
    yield listener
    listener.close()


def issue(kiosk, **body):
    started = time.monotonic()
    answer = kiosk.post("/api/v1/tickets", json={"service": "moving", "language": "da", **body})
    return answer, time.monotonic() - started


def events(db, ticket_id: str) -> list[dict]:
    return [
        {"type": e["type"], "staff": e["staff"], **json.loads(e["data"])}
        for e in event_store.for_ticket(db, ticket_id)
    ]


def wait_until(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def assert_house_error(answer, status: int, code: str) -> None:
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.mimetype == "application/json"
    assert answer.json["error"]["code"] == code
    assert answer.json["error"]["message"]


# -- the kiosk's answer and the news of the print --------------------------------------------


def test_ticket_answer_carries_the_printer_state_and_the_kiosk_hears_it_printed(
    kiosk, printer, kiosk_socket, fake
):
    answer, seconds = issue(kiosk)
    assert answer.status_code == 201
    assert seconds < FAST_ANSWER
    assert answer.json["printer"] == {"online": True, "paper": "ok", "error": None}
    news = kiosk_socket.wait_for("printed", lambda n: n["number"] == answer.json["number"])
    # Kiosks hear the number only: a ticket's id would open its status to every listener.
    assert news == {"number": "F001", "ok": True, "error": None}
    assert fake.wait_for_jobs(1)


def test_reception_ticket_answer_carries_the_printer_state(login, printer, fake):
    reception = login("reception1")
    answer = reception.post("/api/v1/reception/tickets", json={"service": "moving"})
    assert answer.status_code == 201
    assert set(answer.json["printer"]) == PRINTER_KEYS


@pytest.mark.parametrize(
    "trouble, code",
    [("refuse", "offline"), ("stall", "timeout"), ("reset", "reset"), ("paper_out", "paper_out")],
)
def test_print_fault_answers_at_once_tells_kiosk_and_staff_and_reprint_recovers(
    kiosk, db, printer, kiosk_socket, staff_socket, staff, fake, trouble, code
):
    staff_socket.events("overview")  # the connect snapshot
    if trouble == "paper_out":
        fake.paper = "out"
        # The status poll sees it before the citizen taps: the answer says so at once.
        assert wait_until(lambda: printer.state["paper"] == "out")
    else:
        fake.reset_after = 10
        fake.set_mode(trouble)
        if trouble == "refuse":
            assert wait_until(lambda: printer.state["online"] is False)

    answer, seconds = issue(kiosk)
    assert answer.status_code == 201
    assert seconds < FAST_ANSWER
    ticket = answer.json
    assert ticket["number"] == "F001"  # the ticket exists, printed or not
    assert set(ticket["printer"]) == PRINTER_KEYS  # no list of failed tickets for the kiosk
    if trouble == "refuse":
        assert ticket["printer"] == {"online": False, "paper": "unknown", "error": "offline"}
    if trouble == "paper_out":
        assert ticket["printer"]["paper"] == "out"
        assert ticket["printer"]["error"] == "paper_out"

    # The kiosk hears that no paper copy came out.
    news = kiosk_socket.wait_for(
        "printed", lambda n: n["number"] == ticket["number"], timeout=PRINT_TIMEOUT * 3 + 2
    )
    assert news == {"number": "F001", "ok": False, "error": code}

    # Staff are alerted live, with the ticket to reprint.
    failed = {"id": ticket["id"], "number": "F001", "error": code}
    alert = staff_socket.wait_for("printer", lambda s: failed in s["failed"])
    assert alert is not None and set(alert) == PRINTER_KEYS | {"failed"}
    assert staff.get("/api/v1/printer").json["failed"] == [failed]

    # The printer comes back; counter staff reprint the ticket.
    fake.paper = "ok"
    fake.set_mode("ok")
    assert printer.spooler.wait_idle(PRINT_TIMEOUT * 3 + 1)
    jobs_before = len(fake.jobs)
    reprinted = staff.post("/api/v1/printer/reprint", json={"ticket": ticket["id"]})
    assert reprinted.status_code == 202
    assert reprinted.json == {"queued": True}

    news = kiosk_socket.wait_for("printed", lambda n: n["number"] == ticket["number"] and n["ok"])
    assert news == {"number": "F001", "ok": True, "error": None}
    assert fake.wait_for_jobs(jobs_before + 1)
    printout = read(fake.jobs[-1])
    assert printout.line("F001").width >= 5
    assert printout.qr_codes[0]["data"] == ticket["status_url"]

    kinds = [(e["type"], e.get("reprint"), e.get("error")) for e in events(db, ticket["id"])]
    assert kinds[0] == ("ticket.issued", None, None)
    assert ("print.failed", False, code) in kinds
    assert kinds[-1] == ("print.ok", True, None)
    asked = [e for e in events(db, ticket["id"]) if e["type"] == "print.reprint_requested"]
    assert [e["staff"] for e in asked] == ["staff1"]

    assert staff_socket.wait_for("printer", lambda s: s["failed"] == [])
    assert staff.get("/api/v1/printer").json["failed"] == []


def test_staff_hear_each_print_outcome_live(kiosk, printer, staff_socket, fake):
    answer, _ = issue(kiosk)
    news = staff_socket.wait_for("printed", lambda n: n["ticket"] == answer.json["id"])
    assert news == {"ticket": answer.json["id"], "number": "F001", "ok": True, "error": None}


# -- reprint: refusals ---------------------------------------------------------------------------


def test_reprint_of_an_unknown_ticket_is_404(staff, printer, fake):
    answer = staff.post("/api/v1/printer/reprint", json={"ticket": "no-such-ticket"})
    assert_house_error(answer, 404, "unknown_ticket")


def test_reprint_without_a_ticket_is_a_validation_error(staff, printer, fake):
    for body in ({}, {"ticket": 17}, {"ticket": ""}, {"ticket": "x" * 65}):
        assert_house_error(staff.post("/api/v1/printer/reprint", json=body), 422, "validation")


def test_reprint_while_the_ticket_still_waits_for_the_printer_is_409(kiosk, staff, printer, fake):
    fake.set_mode("stall")
    answer, _ = issue(kiosk)
    again = staff.post("/api/v1/printer/reprint", json={"ticket": answer.json["id"]})
    assert_house_error(again, 409, "print_pending")
    assert again.json["error"]["message"] != "print_pending"


def test_reprint_needs_a_staff_login_and_the_csrf_token(kiosk, login, printer, fake):
    ticket = issue(kiosk)[0].json
    anonymous = kiosk.post("/api/v1/printer/reprint", json={"ticket": ticket["id"]})
    assert anonymous.status_code in (400, 401)
    assert anonymous.json["error"]["code"] in ("not_authenticated", "csrf_failed")
    staff = login("staff1", "2")
    no_token = staff.http.post("/api/v1/printer/reprint", json={"ticket": ticket["id"]})
    assert_house_error(no_token, 400, "csrf_failed")
    assert_house_error(kiosk.get("/api/v1/printer"), 401, "not_authenticated")


@pytest.mark.parametrize("username, counter", [("reception1", None), ("tax1", "6")])
def test_reception_and_tax_staff_may_reprint_too(kiosk, login, printer, username, counter):
    ticket = issue(kiosk)[0].json
    assert printer.spooler.wait_idle(5)
    answer = login(username, counter).post("/api/v1/printer/reprint", json={"ticket": ticket["id"]})
    assert answer.status_code == 202


def test_printer_state_is_in_the_staff_overview(login, printer):
    overview = login("manager1").get("/api/v1/overview").json
    assert overview["printer"] == {"online": True, "paper": "ok", "error": None, "failed": []}


# -- the virtual printer's printouts ---------------------------------------------------------------


def test_printouts_are_listed_newest_first_and_their_pictures_served(kiosk, login, printer):
    first = issue(kiosk)[0].json
    assert printer.spooler.wait_idle(5)
    second = issue(kiosk, service="health_card")[0].json
    assert printer.spooler.wait_idle(5)
    manager = login("manager1")

    listed = manager.get("/api/v1/printer/printouts")
    assert listed.status_code == 200
    printouts = listed.json["printouts"]
    assert [p["name"] for p in printouts] == [second["number"], first["number"]]
    assert all(p["at"] and p["at"].endswith("+00:00") for p in printouts)

    picture = manager.get(printouts[1]["png_url"])
    assert picture.status_code == 200
    assert picture.mimetype == "image/png"
    assert decode_qr(Image.open(io.BytesIO(picture.data))) == first["status_url"]


def test_printouts_list_holds_the_newest_ten(kiosk, login, printer):
    numbers = [issue(kiosk)[0].json["number"] for _ in range(12)]
    assert printer.spooler.wait_idle(10)
    # Distinct times: the files were written one after another.
    printouts = login("staff1", "1").get("/api/v1/printer/printouts").json["printouts"]
    assert len(printouts) == 10
    assert {p["name"] for p in printouts} == set(numbers[2:])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/printer/printouts/..%2Fsecret.png",
        "/api/v1/printer/printouts/%2E%2E%2F%2E%2E%2Fsecret.png",
        "/api/v1/printer/printouts/../../secret.png",
        "/api/v1/printer/printouts/..%5Csecret.png",
        "/api/v1/printer/printouts/%2Fetc%2Fpasswd.png",
        "/api/v1/printer/printouts/F001%00.png",
        "/api/v1/printer/printouts/" + "A" * 65 + ".png",
        "/api/v1/printer/printouts/Z999.png",
    ],
)
def test_printout_pictures_never_leave_the_printout_folder(config, login, printer, path):
    secret = config.printout_dir.parent / "secret.png"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(b"\x89PNG not for you")
    (config.data_dir / "secret.png").write_bytes(b"\x89PNG not for you either")
    answer = login("manager1").get(path)
    assert_house_error(answer, 404, "not_found")


def test_printouts_are_for_staff_only(kiosk, printer):
    issue(kiosk)
    assert printer.spooler.wait_idle(5)
    assert_house_error(kiosk.get("/api/v1/printer/printouts"), 401, "not_authenticated")
    assert_house_error(kiosk.get("/api/v1/printer/printouts/F001.png"), 401, "not_authenticated")


def test_a_real_printer_has_no_printouts(login, printer, fake):
    assert login("manager1").get("/api/v1/printer/printouts").json == {"printouts": []}
