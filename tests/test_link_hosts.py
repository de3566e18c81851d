"""Centre links handed out (QR codes, status links) never take a stranger's Host header."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from centre.app import create_app
from centre.config import from_dict
from centre.store import staff as staff_store
from centre.web import qr_svg, status_url
from enindgang.cli import main
from kernel.clock import iso
from kernel.config import ConfigError
from kernel.db import write_transaction
from tests.conftest import PASSWORD_HASH, StaffClient, centre_raw

EVIL = {"Host": "evil.example"}


def post_as_stranger(app, desk: StaffClient, path: str, body: dict):
    """A staff request under a stranger's Host. The test client sends cookies by host, so
    a client without a cookie jar carries the session cookie by hand."""
    cookie = f"session={desk.http.get_cookie('session').value}"
    headers = {**EVIL, "Cookie": cookie, "X-CSRFToken": desk.token}
    return app.test_client(use_cookies=False).post(path, json=body, headers=headers)


def _reception_ticket(app, login) -> dict:
    answer = post_as_stranger(
        app, login("reception1"), "/api/v1/reception/tickets", {"service": "other"}
    )
    assert answer.status_code == 201, answer.json
    return answer.json


def _centre(tmp_path, clock, **centre):
    raw = centre_raw(centre={"id": "test", "name": "Borgerservice Test", **centre})
    return create_app(from_dict(raw, tmp_path, tmp_path / "var"), clock=clock, testing=True)


def test_a_ticket_asked_for_under_a_strangers_host_links_to_no_stranger(app, client, login):
    ticket = _reception_ticket(app, login)
    assert "evil.example" not in ticket["status_url"]
    token = ticket["status_url"].rsplit("/", 1)[1]
    # The kiosk's QR image of the ticket (also asked for under that host) holds the same link.
    qr = client.get(f"/t/{token}/qr.svg", headers=EVIL)
    assert qr.status_code == 200
    assert qr.data == qr_svg(ticket["status_url"])
    assert qr.data != qr_svg(f"http://evil.example/t/{token}")


def test_the_public_url_is_the_base_of_every_ticket_link(tmp_path, clock):
    app = _centre(tmp_path, clock, public_url="https://kø.example.dk/nørrebro/")
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        staff_store.insert(db, "reception1", "R", "reception", PASSWORD_HASH, iso(clock.now()))
    desk = StaffClient(app, "reception1", None)
    ticket = post_as_stranger(app, desk, "/api/v1/reception/tickets", {"service": "other"})
    assert ticket.status_code == 201, ticket.json
    assert ticket.json["status_url"].startswith("https://kø.example.dk/nørrebro/t/")


def test_an_allowed_host_may_name_itself_and_others_may_not(tmp_path, clock):
    app = _centre(tmp_path, clock, allowed_hosts=["kiosk.centre.lan"])
    with app.test_request_context("/", headers={"Host": "kiosk.centre.lan:8080"}):
        assert status_url("abc") == "http://kiosk.centre.lan:8080/t/abc"
    with app.test_request_context("/", headers=EVIL):
        assert status_url("abc") == "http://localhost/t/abc"


def test_allowed_hosts_must_be_a_list_of_names(tmp_path):
    raw = centre_raw(centre={"id": "test", "name": "Test", "allowed_hosts": "evil.example"})
    with pytest.raises(ConfigError, match="allowed_hosts"):
        from_dict(raw, tmp_path)


def test_the_demo_gives_out_links_to_its_own_address(tmp_path, monkeypatch):
    seen = {}

    def serve(make_app, host, port, threads=None):
        seen["app"] = make_app()

    monkeypatch.setattr("centre.cli.serve", serve)
    result = CliRunner().invoke(
        main, ["demo", "--centre-only", "--port", "5999", "--data", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert seen["app"].config["CENTRE"].public_url == "http://127.0.0.1:5999"
