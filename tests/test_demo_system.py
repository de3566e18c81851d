"""`enindgang demo --centres 3`: three centres and the central service as processes, in step."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import time
from datetime import date

import requests

from booking.demo import DEMO_CENTRES
from kernel import visit_store
from kernel.db import connect
from tests import servers


def reachable(url: str) -> bool:
    return requests.get(f"{url}/api/v1/centre", timeout=5).json()["central"]["reachable"]


def wait_until(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.2)


def test_demo_runs_three_centres_and_central_with_todays_bookings_in_step(tmp_path):
    demo = servers.demo(tmp_path, centres=3)
    port = demo.port
    urls = {
        "norrebro": demo.url,
        "osterbro": f"http://127.0.0.1:{port + 1}",
        "valby": f"http://127.0.0.1:{port + 2}",
    }
    central = f"http://127.0.0.1:{port + 10}"
    try:
        demo.start()
        for each in (*list(urls.values())[1:], central):
            servers.wait_until_answers(each)
        # Every centre runs as the municipality file's centre of that port and syncs.
        wait_until(lambda: all(reachable(url) for url in urls.values()), timeout=60)
        for centre_id, url in urls.items():
            assert requests.get(f"{url}/api/v1/centre").json()["id"] == centre_id
        # Each centre's replica holds its demo appointments of today.
        for centre_id, path in (
            ("norrebro", tmp_path),
            ("osterbro", tmp_path / "osterbro"),
            ("valby", tmp_path / "valby"),
        ):
            replica = sqlite3.connect(str(path / f"{centre_id}.sqlite3"))
            wait_until(lambda: _replicated(replica) >= 5, timeout=20)  # noqa: B023
            replica.close()
        replica = sqlite3.connect(str(tmp_path / "norrebro.sqlite3"))
        # The first sync also brought central's schedule of Nørrebro's tax secondees: today and
        # the next six days, the weekdays with their hours.
        wait_until(lambda: _tax_schedule(replica)[0] == 7, timeout=10)
        assert _tax_schedule(replica)[1] >= 5
        replica.close()
        # A year of generated visits (stored beside the first requests), and central holds
        # each centre's very rows.
        central_db = tmp_path / "central" / "central.sqlite3"
        for centre, path in (("norrebro", tmp_path), ("valby", tmp_path / "valby")):
            centre_db = path / f"{centre}.sqlite3"
            wait_until(lambda: _count(centre_db, centre) > 30_000, timeout=120)  # noqa: B023
            wait_until(lambda: _count(central_db, centre) > 30_000, timeout=120)  # noqa: B023
            assert _history(centre_db, centre) == _history(central_db, centre)
        # Central and its overview know all eight centres of the municipality file, with
        # their names and streets from it.
        overview = requests.get(f"{central}/api/v1/overview", timeout=5).json()
        assert [c["id"] for c in overview["centres"]] == [c.id for c in DEMO_CENTRES]
        listed = requests.get(f"{central}/api/v1/centres", timeout=5).json()["centres"]
        indre_by = next(c for c in listed if c["id"] == "indre_by")
        assert (indre_by["street"], indre_by["address"]) == ("Nyropsgade 1", "1602 København V")
        output = demo.log.read_text()
        assert all(f":{port + n}" in output for n in (1, 2, 10))
        assert "Borgerservice Valby" in output and "Demo appointments today" in output
        # Stopping the demo (TERM to it alone, not its group) stops central and the other
        # centres too.
        os.kill(demo.pid, signal.SIGTERM)
        wait_until(lambda: not demo.running, timeout=20)
        wait_until(lambda: not any(_listening(port + n) for n in (1, 2, 10)), timeout=20)
    finally:
        demo.stop()


def _replicated(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COUNT(*) FROM bookings_replica").fetchone()[0]


def _history(path, centre: str) -> list[dict]:
    db = connect(path)
    try:
        found = visit_store.between(db, "2000-01-01", "2999-12-31", centre)
    finally:
        db.close()
    return [fact for fact in found if fact["id"].startswith("history:")]


def _count(path, centre: str) -> int:
    db = connect(path)
    try:
        return visit_store.count(db, centre, "history:")
    finally:
        db.close()


def _tax_schedule(db: sqlite3.Connection) -> tuple[int, int]:
    """(days covered, days with a secondee at work) of the centre's synced schedule."""
    first, last = db.execute("SELECT first_day, last_day FROM tax_schedule_state").fetchone()
    if first is None:
        return 0, 0
    covered = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    return covered, db.execute("SELECT COUNT(DISTINCT day) FROM tax_schedule").fetchone()[0]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_demo_centres_get_the_municipality_files_hours_and_the_first_may_keep_them(tmp_path):
    from centre import demo_system
    from centre.config import demo_config
    from kernel import municipality

    osterbro = municipality.load().centre("osterbro")
    assert demo_system.hours_spec("osterbro") == {
        day: [p] if isinstance(p, str) else p for day, p in osterbro.opening_hours.items()
    }
    # --real-hours: the first centre is closed on Sunday as the file says; without it, open.
    real = demo_config(tmp_path, "norrebro", "N", None, demo_system.hours_spec("norrebro"))
    always = demo_config(tmp_path, "norrebro", "N")
    assert "sunday" not in real.opening_hours and "sunday" in always.opening_hours
    assert [c for c, _ in demo_system.demo_centres(3)] == ["norrebro", "osterbro", "valby"]
