"""Transports against a fake printer: every failure gets its code, in time, and recovery works."""

from __future__ import annotations

import os
import threading
import time
import tty

import pytest
from escpos.printer import Network

from hardware.transports import (
    FilePrinter,
    NetworkPrinter,
    PrinterError,
    SerialPrinter,
    UsbPrinter,
    VirtualPrinter,
    make_transport,
)
from tests.fake_printer import FakePrinter

TIMEOUT = 0.5
SLACK = 0.3  # scheduling noise on a busy test machine
TICKET = b"\x1b@\x1bt\x05A017\n" + b"Forventet ventetid: ca. 15 min.\n" * 8 + b"\x1dV\x00"


@pytest.fixture
def fake():
    printer = FakePrinter().start()
    yield printer
    printer.stop()


def network(fake: FakePrinter, **kwargs) -> NetworkPrinter:
    return NetworkPrinter("127.0.0.1", fake.port, timeout=TIMEOUT, **kwargs)


def failure(transport, data: bytes = TICKET) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        transport.send("A017", data)
    return caught.value.code, time.monotonic() - started


# -- a healthy printer --------------------------------------------------------------------------


def test_network_printer_receives_exactly_the_ticket_and_reports_paper_ok(fake):
    state = network(fake).send("A017", TICKET)
    assert state == {"online": True, "paper": "ok"}
    assert fake.wait_for_jobs(1)
    assert fake.jobs == [TICKET]
    # It asked before printing (online, paper) and after (online, paper): proof it took the job.
    assert fake.queries == [1, 4, 1, 4]


def test_fake_printer_answers_status_as_python_escpos_expects(fake):
    for paper, expected in (("ok", (True, 2)), ("low", (True, 1)), ("out", (False, 0))):
        fake.paper = paper
        printer = Network("127.0.0.1", fake.port, timeout=TIMEOUT)
        printer.open()
        try:
            assert (printer.is_online(), printer.paper_status()) == expected
        finally:
            printer.close()


@pytest.mark.parametrize("paper", ["ok", "low", "out"])
def test_status_reports_online_and_the_paper(fake, paper):
    fake.paper = paper
    assert network(fake).status() == {"online": True, "paper": paper}


def test_paper_low_still_prints_and_says_low(fake):
    fake.paper = "low"
    assert network(fake).send("A017", TICKET) == {"online": True, "paper": "low"}
    assert fake.wait_for_jobs(1)


def test_each_job_uses_a_fresh_connection(fake):
    printer = network(fake)
    printer.send("A017", TICKET)
    printer.send("A018", TICKET)
    assert fake.wait_for_jobs(2)
    assert fake.connections == 2


# -- failures -----------------------------------------------------------------------------------


def test_refused_connection_is_offline_at_once(fake):
    fake.set_mode("refuse")
    code, seconds = failure(network(fake))
    assert code == "offline"
    assert seconds < SLACK
    assert network(fake).status() == {"online": False, "paper": "unknown", "error": "offline"}


def test_stalled_printer_gives_up_within_the_timeout(fake):
    fake.set_mode("stall")
    code, seconds = failure(network(fake))
    assert code == "timeout"
    assert TIMEOUT - 0.05 <= seconds < TIMEOUT + SLACK
    assert fake.jobs == []


def test_status_of_a_stalled_printer_gives_up_within_the_timeout(fake):
    fake.set_mode("stall")
    started = time.monotonic()
    assert network(fake).status() == {"online": False, "paper": "unknown", "error": "timeout"}
    assert time.monotonic() - started < TIMEOUT + SLACK


def test_reset_mid_print_is_reported_as_reset(fake):
    fake.set_mode("reset")
    fake.reset_after = 40
    code, seconds = failure(network(fake))
    assert code == "reset"
    assert seconds < TIMEOUT
    assert fake.wait_for(lambda: len(fake.partial) == 1)
    assert len(fake.partial[0]) < len(TICKET)
    assert fake.jobs == []


def test_paper_out_fails_before_anything_is_printed(fake):
    fake.paper = "out"
    code, _ = failure(network(fake))
    assert code == "paper_out"
    assert fake.queries[:2] == [1, 4]
    time.sleep(0.1)  # give the fake a moment: nothing may arrive
    assert fake.jobs == []


def test_paper_running_out_during_the_print_is_a_failure(fake):
    printer = network(fake)
    original = fake._status

    def runs_out(n: int) -> int:
        if len(fake.queries) > 2:  # the check after the ticket was sent
            fake.paper = "out"
        return original(n)

    fake._status = runs_out
    code, _ = failure(printer)
    assert code == "paper_out"


def test_printer_that_never_answers_status_times_out_when_status_checks_are_on(fake):
    fake.set_mode("silent")
    code, seconds = failure(network(fake))
    assert code == "timeout"
    assert seconds < TIMEOUT + SLACK


def test_printer_that_never_answers_status_prints_with_status_checks_off(fake):
    fake.set_mode("silent")
    printer = network(fake, check_status=False)
    assert printer.send("A017", TICKET) == {"online": True, "paper": "unknown"}
    assert fake.wait_for_jobs(1)
    assert fake.jobs == [TICKET]
    assert printer.status() == {"online": True, "paper": "unknown"}


# -- recovery -----------------------------------------------------------------------------------


@pytest.mark.parametrize("trouble", ["refuse", "stall", "reset"])
def test_the_same_transport_prints_again_when_the_printer_is_back(fake, trouble):
    printer = network(fake)
    fake.set_mode(trouble)
    failure(printer)
    fake.set_mode("ok")
    assert printer.send("A018", TICKET) == {"online": True, "paper": "ok"}
    assert fake.wait_for_jobs(1)
    assert fake.jobs[-1] == TICKET
    assert printer.status() == {"online": True, "paper": "ok"}


def test_paper_refilled_is_seen_at_once(fake):
    printer = network(fake)
    fake.paper = "out"
    assert printer.status()["paper"] == "out"
    fake.paper = "ok"
    assert printer.status() == {"online": True, "paper": "ok"}
    assert printer.send("A017", TICKET)["paper"] == "ok"


# -- USB, serial, device file -------------------------------------------------------------------


def test_usb_printer_that_is_not_plugged_in_is_offline():
    printer = UsbPrinter(0x04B8, 0x0E15, timeout=TIMEOUT)  # Epson TM-T20II ids
    code, seconds = failure(printer)
    assert code == "offline"
    assert seconds < TIMEOUT + SLACK
    assert printer.status()["online"] is False


class FakeSerialPrinter:
    """A serial printer on a pseudo-terminal that answers DLE EOT (or not)."""

    def __init__(self, answer: bool = True, paper: int = 0x12) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self.slave = slave
        self.answer, self.paper = answer, paper
        self.received = bytearray()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            at = chunk.find(b"\x10\x04")
            while self.answer and 0 <= at < len(chunk) - 2:
                os.write(self.master, bytes([self.paper if chunk[at + 2] == 4 else 0x12]))
                at = chunk.find(b"\x10\x04", at + 3)

    def close(self) -> None:
        os.close(self.master)
        os.close(self.slave)


def test_serial_printer_prints_and_reads_its_paper_sensor():
    fake = FakeSerialPrinter(paper=0x1E)
    try:
        printer = SerialPrinter(fake.path, 19200, timeout=TIMEOUT)
        assert printer.send("A017", TICKET) == {"online": True, "paper": "low"}
        assert printer.status() == {"online": True, "paper": "low"}
        printer.close()
        assert TICKET in bytes(fake.received)
    finally:
        fake.close()


def test_serial_printer_that_does_not_answer_times_out_within_the_timeout():
    fake = FakeSerialPrinter(answer=False)
    try:
        code, seconds = failure(SerialPrinter(fake.path, timeout=TIMEOUT))
        assert code == "timeout"
        assert seconds < TIMEOUT + SLACK
    finally:
        fake.close()


def test_serial_port_that_does_not_exist_is_offline(tmp_path):
    code, _ = failure(SerialPrinter(str(tmp_path / "ttyUSB9"), timeout=TIMEOUT))
    assert code == "offline"


def test_device_file_printer_writes_the_ticket(tmp_path):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printer = FilePrinter(str(device), timeout=TIMEOUT)
    assert printer.send("A017", TICKET) == {"online": True, "paper": "unknown"}
    printer.send("A018", TICKET)
    printer.close()
    assert device.read_bytes() == TICKET * 2
    assert printer.status() == {"online": True, "paper": "unknown"}


def test_device_file_that_is_gone_is_offline_and_never_created(tmp_path):
    device = tmp_path / "lp0"
    code, _ = failure(FilePrinter(str(device), timeout=TIMEOUT))
    assert code == "offline"
    assert not device.exists()
    assert FilePrinter(str(device), timeout=TIMEOUT).status()["online"] is False


# -- configuration ------------------------------------------------------------------------------


def test_transports_are_made_from_the_config_options(tmp_path):
    usb = make_transport("usb", tmp_path, {"vendor_id": "04b8", "product_id": 0x0E15})
    assert (usb.vendor_id, usb.product_id) == (0x04B8, 0x0E15)
    net = make_transport("network", tmp_path, {"host": "10.0.0.5"}, timeout=2.0)
    assert (net.host, net.port, net.timeout, net.check_status) == ("10.0.0.5", 9100, 2.0, True)
    serial = make_transport("serial", tmp_path, {"devfile": "/dev/ttyS0", "baudrate": 38400})
    assert (serial.devfile, serial.baudrate) == ("/dev/ttyS0", 38400)
    assert make_transport("file", tmp_path, {"devfile": "/dev/usb/lp0"}).check_status is False
    assert isinstance(make_transport("virtual", tmp_path, {}), VirtualPrinter)


@pytest.mark.parametrize(
    "kind, options",
    [("network", {}), ("usb", {"vendor_id": 1}), ("serial", {}), ("file", {}), ("cups", {})],
)
def test_incomplete_printer_config_is_refused_with_a_clear_message(tmp_path, kind, options):
    with pytest.raises(ValueError, match="printer transport"):
        make_transport(kind, tmp_path, options)
