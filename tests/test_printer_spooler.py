"""The print spooler: never blocks, reports every outcome, keeps deadlines, retries, polls."""

from __future__ import annotations

import threading
import time

import pytest

from hardware.spooler import MIN_BUDGET, PrintJob, PrintSpooler
from hardware.transports import NetworkPrinter, PrinterError, VirtualPrinter
from tests.fake_printer import FakePrinter

TIMEOUT = 0.5
SLACK = 0.4
TICKET = b"\x1b@A017\n" + b"Forventet ventetid: ca. 15 min.\n" * 4 + b"\x1dV\x00"


@pytest.fixture
def fake():
    printer = FakePrinter().start()
    yield printer
    printer.stop()


class Recorder:
    """Collects outcomes and states, and lets a test wait for them."""

    def __init__(self) -> None:
        self.outcomes: list[tuple[PrintJob, object, float]] = []
        self.states: list[dict] = []
        self._changed = threading.Condition()

    def result(self, job, outcome) -> None:
        with self._changed:
            self.outcomes.append((job, outcome, time.monotonic()))
            self._changed.notify_all()

    def state(self, state) -> None:
        with self._changed:
            self.states.append(state)
            self._changed.notify_all()

    def wait(self, predicate, timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    def by_name(self) -> dict[str, object]:
        return {job.name: outcome for job, outcome, _ in self.outcomes}


@pytest.fixture
def recorder():
    return Recorder()


def make_spooler(transport, recorder, poll_interval: float = 0.0) -> PrintSpooler:
    return PrintSpooler(
        transport, recorder.result, recorder.state, timeout=TIMEOUT, poll_interval=poll_interval
    )


def job(name: str) -> PrintJob:
    return PrintJob(ticket_id=f"id-{name}", name=name, render=lambda: TICKET)


def network(fake: FakePrinter) -> NetworkPrinter:
    return NetworkPrinter("127.0.0.1", fake.port, timeout=TIMEOUT)


@pytest.fixture
def stop_later():
    spoolers: list[PrintSpooler] = []
    yield spoolers.append
    for spooler in spoolers:
        spooler.stop()


# -- never blocking, always reporting -----------------------------------------------------------


@pytest.mark.parametrize("trouble", ["refuse", "stall"])
def test_submit_never_blocks_on_a_dead_printer(fake, recorder, stop_later, trouble):
    fake.set_mode(trouble)
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    started = time.monotonic()
    for n in range(10):
        spooler.submit(job(f"A{n:03d}"))
    assert time.monotonic() - started < 0.1
    assert spooler.wait_idle(10 * TIMEOUT)
    assert len(recorder.outcomes) == 10
    assert all(not outcome.ok for _, outcome, _ in recorder.outcomes)


def test_every_job_gets_its_outcome(fake, recorder, stop_later):
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    spooler.submit(job("A001"))
    assert spooler.wait_idle(5)
    fake.paper = "out"
    spooler.submit(job("A002"))
    assert spooler.wait_idle(5)
    outcomes = recorder.by_name()
    assert outcomes["A001"].ok and outcomes["A001"].error is None
    assert not outcomes["A002"].ok and outcomes["A002"].error == "paper_out"
    assert outcomes["A002"].attempts == 1  # no paper: trying again would not help
    assert fake.wait_for_jobs(1)
    assert fake.jobs == [TICKET]


def test_a_job_whose_layout_fails_is_reported_not_lost(recorder, stop_later, tmp_path):
    spooler = make_spooler(VirtualPrinter(tmp_path), recorder)
    stop_later(spooler)

    def broken() -> bytes:
        raise KeyError("service")

    spooler.submit(PrintJob("id-x", "A001", broken))
    spooler.submit(job("A002"))
    assert spooler.wait_idle(5)
    outcomes = recorder.by_name()
    assert outcomes["A001"].error == "render"
    assert outcomes["A002"].ok


# -- deadlines ----------------------------------------------------------------------------------


def test_a_stalled_job_does_not_block_the_next_one_beyond_its_deadline(fake, recorder, stop_later):
    fake.misbehave("stall", times=1)
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    started = time.monotonic()
    spooler.submit(job("A001"))
    spooler.submit(job("A002"))
    assert spooler.wait_idle(5)
    outcomes = recorder.by_name()
    assert outcomes["A001"].error == "timeout"
    assert outcomes["A002"].ok
    finished = {j.name: at - started for j, _, at in recorder.outcomes}
    assert finished["A001"] < TIMEOUT + SLACK
    assert finished["A002"] < TIMEOUT + SLACK  # the printer is fine again: it prints at once
    assert fake.wait_for_jobs(1)
    assert fake.jobs == [TICKET]


class HangingTransport:
    """A driver that ignores every deadline: the first send hangs until released."""

    kind = "hanging"
    polls = False

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0
        self.aborted = 0

    def send(self, name, data, deadline=None):
        self.calls += 1
        if self.calls == 1:
            self.release.wait(30)
            raise PrinterError("reset", "the hung write finally failed")
        return {"online": True, "paper": "ok"}

    def status(self, deadline=None):
        return {"online": True, "paper": "ok"}

    def abort(self):
        self.aborted += 1

    def close(self):
        pass


def test_a_driver_that_ignores_its_deadline_is_abandoned_and_printing_goes_on(recorder, stop_later):
    transport = HangingTransport()
    spooler = make_spooler(transport, recorder)
    stop_later(spooler)
    started = time.monotonic()
    spooler.submit(job("A001"))
    spooler.submit(job("A002"))
    assert recorder.wait(lambda: len(recorder.outcomes) == 2, 5)
    outcomes = recorder.by_name()
    assert outcomes["A001"].error == "timeout"
    assert transport.aborted >= 1
    # The device is still stuck in the first write, so the next job fails fast instead of
    # piling another blocked thread on top.
    assert outcomes["A002"].error == "timeout"
    assert time.monotonic() - started < 2 * TIMEOUT + SLACK
    transport.release.set()
    time.sleep(0.05)
    spooler.submit(job("A003"))
    assert spooler.wait_idle(5)
    assert recorder.by_name()["A003"].ok


def test_queued_jobs_share_the_deadline_while_the_printer_is_in_trouble(fake, recorder, stop_later):
    fake.set_mode("stall")
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    started = time.monotonic()
    for n in range(8):
        spooler.submit(job(f"A{n:03d}"))
    assert spooler.wait_idle(10)
    # Not 8 x the timeout (4 s): the jobs behind the first get what is left of their deadline.
    assert time.monotonic() - started < TIMEOUT + 7 * MIN_BUDGET + 2 * SLACK
    assert {outcome.error for _, outcome, _ in recorder.outcomes} == {"timeout"}


# -- retry --------------------------------------------------------------------------------------


def test_a_job_reset_mid_print_is_retried_once_on_a_fresh_connection(fake, recorder, stop_later):
    fake.reset_after = 20
    fake.misbehave("reset", times=1)
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    spooler.submit(job("A001"))
    assert spooler.wait_idle(5)
    outcome = recorder.by_name()["A001"]
    assert outcome.ok and outcome.attempts == 2
    assert fake.wait_for_jobs(1)
    assert fake.jobs == [TICKET]  # printed whole on the second connection
    assert fake.wait_for(lambda: len(fake.partial) == 1)


def test_an_unreachable_printer_is_tried_twice_then_reported_offline(fake, recorder, stop_later):
    fake.set_mode("refuse")
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    spooler.submit(job("A001"))
    assert spooler.wait_idle(5)
    outcome = recorder.by_name()["A001"]
    assert (outcome.ok, outcome.error, outcome.attempts) == (False, "offline", 2)
    assert spooler.state == {"online": False, "paper": "unknown", "error": "offline"}


def test_printing_resumes_by_itself_when_the_printer_is_back(fake, recorder, stop_later):
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    fake.set_mode("refuse")
    spooler.submit(job("A001"))
    assert spooler.wait_idle(5)
    fake.set_mode("ok")
    spooler.submit(job("A002"))
    assert spooler.wait_idle(5)
    assert recorder.by_name()["A002"].ok
    assert spooler.state == {"online": True, "paper": "ok", "error": None}
    assert recorder.states[-2:] == [
        {"online": False, "paper": "unknown", "error": "offline"},
        {"online": True, "paper": "ok", "error": None},
    ]


# -- status poll --------------------------------------------------------------------------------


def test_status_poll_reports_each_change_of_paper_and_connection(fake, recorder, stop_later):
    spooler = make_spooler(network(fake), recorder, poll_interval=0.1)
    stop_later(spooler)
    spooler.start()

    def becomes(state: dict) -> bool:
        return recorder.wait(lambda: recorder.states and recorder.states[-1] == state, 3)

    fake.paper = "low"
    assert becomes({"online": True, "paper": "low", "error": None})
    fake.paper = "out"
    assert becomes({"online": True, "paper": "out", "error": "paper_out"})
    fake.set_mode("refuse")
    assert becomes({"online": False, "paper": "unknown", "error": "offline"})
    fake.set_mode("ok")
    fake.paper = "ok"
    assert becomes({"online": True, "paper": "ok", "error": None})
    # Only changes are reported, not every poll.
    assert all(a != b for a, b in zip(recorder.states, recorder.states[1:], strict=False))


def test_status_poll_of_a_stalled_printer_reports_a_timeout(fake, recorder, stop_later):
    fake.set_mode("stall")
    spooler = make_spooler(network(fake), recorder, poll_interval=0.1)
    stop_later(spooler)
    spooler.start()
    assert recorder.wait(
        lambda: {"online": False, "paper": "unknown", "error": "timeout"} in recorder.states,
        TIMEOUT + 2,
    )


def test_jobs_are_printed_between_polls(fake, recorder, stop_later):
    spooler = make_spooler(network(fake), recorder, poll_interval=0.05)
    stop_later(spooler)
    spooler.start()
    for n in range(5):
        spooler.submit(job(f"A{n:03d}"))
    assert spooler.wait_idle(5)
    assert all(outcome.ok for _, outcome, _ in recorder.outcomes)
    assert fake.wait_for_jobs(5)


def test_the_virtual_printer_is_never_polled(recorder, tmp_path):
    spooler = make_spooler(VirtualPrinter(tmp_path), recorder, poll_interval=10)
    assert spooler.poll_interval == 0
    spooler.submit(job("A001"))
    assert spooler.wait_idle(5)
    spooler.stop()
    assert recorder.states == []  # it stayed {"online": True, "paper": "ok"}
    assert (tmp_path / "A001.bin").exists()


def test_pending_jobs_are_known_until_they_have_an_outcome(fake, recorder, stop_later):
    fake.set_mode("stall")
    spooler = make_spooler(network(fake), recorder)
    stop_later(spooler)
    spooler.submit(job("A001"))
    assert spooler.is_pending("id-A001")
    assert spooler.wait_idle(5)
    assert not spooler.is_pending("id-A001")


def test_poll_now_asks_the_printer_even_when_polling_is_off(fake, recorder, stop_later):
    spooler = make_spooler(network(fake), recorder, poll_interval=0)
    stop_later(spooler)
    fake.paper = "low"
    spooler.poll_now()
    assert recorder.wait(
        lambda: recorder.states == [{"online": True, "paper": "low", "error": None}]
    )
