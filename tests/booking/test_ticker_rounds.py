"""The background round beside the requests: it gives way to requests being served, and after
a rush it sends everything waiting without pausing between batches."""

from __future__ import annotations

import threading
import time

from booking.mail import mailer
from booking.mail.ticker import Ticker

WEDNESDAY = "from=2026-11-25&to=2026-11-25"


def sent_files(app) -> int:
    folder = app.config["BOOKING"].mailbox_dir
    return len(list(folder.glob("*.eml"))) if folder.exists() else 0


def test_after_a_rush_every_confirmation_goes_out_without_waiting_for_the_next_round(
    central, api, monkeypatch
):
    monkeypatch.setattr(mailer, "BATCH", 4)
    slots = api.get(f"/api/v1/availability?service=passport&{WEDNESDAY}").json["slots"][:10]
    for n, slot in enumerate(slots):
        body = {"service": "passport", **slot, "name": f"Borger {n}", "email": f"b{n}@x.dk"}
        assert api.post("/api/v1/bookings", json=body).status_code == 201
    ticker = Ticker(central, interval=60).start()  # a round a minute unless woken
    try:
        ticker.wake()
        deadline = time.monotonic() + 20
        while sent_files(central) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Three batches of at most four, one after the other: not one batch a minute.
        assert sent_files(central) == 10
    finally:
        ticker.stop()


def test_the_round_waits_while_a_request_is_served_and_goes_on_when_it_ends(central):
    release = threading.Event()
    central.add_url_rule("/slow", "slow", lambda: "done" if release.wait(10) else "late")
    in_flight = central.extensions["enindgang"]["in_flight"]
    ticker = Ticker(central)
    assert _gives_way_for(ticker, 1.0) < 0.1  # nobody is being served: no pause

    request = threading.Thread(target=lambda: central.test_client().get("/slow"))
    request.start()
    deadline = time.monotonic() + 5
    while in_flight.count == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert in_flight.count == 1
    pausing = threading.Thread(target=ticker._give_way, args=(1.0,))
    pausing.start()
    pausing.join(timeout=0.5)
    assert pausing.is_alive(), "the round must give way while the request is served"
    release.set()
    request.join(timeout=5)
    pausing.join(timeout=1)
    assert not pausing.is_alive()
    assert in_flight.count == 0


def _gives_way_for(ticker: Ticker, took: float) -> float:
    started = time.monotonic()
    ticker._give_way(took)
    return time.monotonic() - started
