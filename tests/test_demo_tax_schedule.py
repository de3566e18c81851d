"""The demo: central's secondee calendars meet the tax-secondee rule, and after the demo
centre's first sync its kiosk follows them."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from werkzeug.serving import make_server

from booking.app import create_app as create_central
from booking.demo import DEMO_PASSWORD, demo_config, demo_key, ensure_demo_data, ensure_demo_keys
from centre.app import create_app
from centre.config import demo_config as centre_demo_config
from kernel.clock import FixedClock
from tests.conftest import CPH, TUESDAY_10, paired_client
from tests.servers import free_port


@pytest.fixture
def demo_central(tmp_path):
    config = demo_config(tmp_path / "central", rate_limit=False)
    ensure_demo_data(config)
    ensure_demo_keys(config)
    app = create_central(config, clock=FixedClock(TUESDAY_10), testing=True)
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


def test_the_demos_tax_cover_page_shows_no_gaps(demo_central):
    app, _ = demo_central
    manager = app.test_client()
    login = {"username": "manager1", "password": DEMO_PASSWORD}
    assert manager.post("/api/v1/login", json=login).status_code == 200
    page = manager.get("/staff/manage/tax-cover?lang=en").get_data(as_text=True)
    assert page.count('class="tax-cover"') == 8
    assert page.count("Covered: the rule is met all week.") == 8
    assert "Times without enough tax secondees" not in page


def test_after_its_first_sync_the_demo_kiosk_knows_when_the_secondees_go_home(
    tmp_path, demo_central
):
    _, url = demo_central
    central = {"url": url, "key": demo_key("norrebro"), "interval_seconds": 3600}
    config = centre_demo_config(tmp_path / "var", "norrebro", "Borgerservice Nørrebro", central)
    clock = FixedClock(TUESDAY_10)
    app = create_app(config, clock=clock, testing=True)
    kiosk = paired_client(app)

    def issue() -> int:
        body = {"service": "tax_decision", "language": "en"}
        return kiosk.post("/api/v1/tickets", json=body).status_code

    # The demo centre is open round the clock; its secondees at central work until 16:00.
    clock.set(datetime(2026, 11, 24, 17, 0, tzinfo=CPH))
    assert issue() == 201  # before the first sync the centre cannot tell: it gives one
    clock.set(TUESDAY_10)
    assert app.extensions["enindgang"]["sync"].run_once() is True
    clock.set(datetime(2026, 11, 24, 15, 30, tzinfo=CPH))
    assert issue() == 201
    clock.set(datetime(2026, 11, 24, 17, 0, tzinfo=CPH))
    assert issue() == 409
