"""Only paired kiosks take tickets: pairing links, the kiosk credential, listing and revoking."""

from __future__ import annotations

import pytest

from centre.app import create_app
from centre.config import from_dict
from centre.domain import kiosks as kiosk_domain
from tests.conftest import centre_raw, paired_client


def new_link(app, name="Entrance left") -> str:
    ext = app.extensions["enindgang"]
    _, token = kiosk_domain.add_kiosk(ext["context"].clock, ext["pool"].get(), name)
    return f"/kiosk/pair/{token}"


def test_tickets_and_check_ins_without_a_paired_kiosk_are_refused_with_not_a_kiosk(client, db):
    for path, body in (
        ("/api/v1/tickets", {"service": "moving"}),
        ("/api/v1/checkins", {"code": "ACDEFG"}),
    ):
        answer = client.post(path, json=body)
        assert answer.status_code == 403
        assert answer.json["error"]["code"] == "not_a_kiosk"
        assert "kiosk" in answer.json["error"]["message"]
    english = client.post("/api/v1/tickets", json={"service": "moving", "language": "en"})
    assert english.json["error"]["message"].startswith("This screen is not set up as a kiosk")
    danish = client.post("/api/v1/tickets", json={"service": "moving"})
    assert danish.json["error"]["message"].startswith("Denne skærm er ikke sat op som kiosk")
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_a_made_up_kiosk_cookie_is_not_a_kiosk(client):
    client.set_cookie("enindgang_kiosk", "made-up-credential")
    answer = client.post("/api/v1/tickets", json={"service": "moving"})
    assert answer.status_code == 403 and answer.json["error"]["code"] == "not_a_kiosk"


def test_a_pairing_link_pairs_one_browser_once_with_an_httponly_cookie(app, client, db):
    link = new_link(app)
    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/kiosk")
    cookie = opened.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.post("/api/v1/tickets", json={"service": "moving"}).status_code == 201
    assert client.get("/kiosk").status_code == 200
    # Used up: a second browser gets the explanation, not a kiosk.
    other = app.test_client()
    again = other.get(link + "?lang=en")
    assert again.status_code == 404
    assert "This pairing link does not work" in again.get_data(as_text=True)
    assert other.post("/api/v1/tickets", json={"service": "moving"}).status_code == 403


def test_only_hashes_of_links_and_credentials_are_stored(app, client, db):
    link = new_link(app)
    token = link.rsplit("/", 1)[1]
    row = db.execute("SELECT * FROM kiosks").fetchone()
    assert token not in " ".join(str(v) for v in row)
    client.get(link)
    credential = client.get_cookie("enindgang_kiosk").value
    row = db.execute("SELECT * FROM kiosks").fetchone()
    assert credential not in " ".join(str(v) for v in row)


def test_a_pairing_link_runs_out_after_15_minutes(app, clock):
    late = new_link(app)
    in_time = new_link(app, "Entrance right")
    clock.advance(minutes=14, seconds=59)
    assert app.test_client().get(in_time).status_code == 302
    clock.advance(seconds=1)
    browser = app.test_client()
    expired = browser.get(late + "?lang=en")
    assert expired.status_code == 404
    assert "run out (a link lasts 15 minutes)" in expired.get_data(as_text=True)
    assert browser.post("/api/v1/tickets", json={"service": "moving"}).status_code == 403


@pytest.mark.parametrize("token", ["unknown", "x" * 500, "%C3%A6%00"])
def test_an_unknown_link_shows_a_translated_page_not_an_error(client, token):
    danish = client.get(f"/kiosk/pair/{token}")
    assert danish.status_code == 404
    assert 'lang="da"' in danish.get_data(as_text=True)
    english = client.get(f"/kiosk/pair/{token}?lang=en")
    assert "This pairing link does not work" in english.get_data(as_text=True)
    assert danish.get_data(as_text=True) != english.get_data(as_text=True)


def test_an_unpaired_browser_is_told_kindly_that_this_is_not_a_kiosk(client):
    page = client.get("/kiosk?lang=en")
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "This screen is not set up as a kiosk" in text
    assert "categories" not in text  # no service buttons
    assert client.get_cookie("enindgang_kiosk") is None


def test_the_cookie_is_secure_when_sessions_are(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    opened = client.get(new_link(app))
    assert "Secure" in opened.headers["Set-Cookie"]


def test_the_manager_lists_and_revokes_a_kiosk_which_is_refused_at_once(app, kiosk, login, db):
    assert kiosk.post("/api/v1/tickets", json={"service": "moving"}).status_code == 201
    manager = login("manager1")
    listed = manager.get("/api/v1/manager/kiosks").json["kiosks"]
    assert [(k["name"], k["paired"], k["revoked"]) for k in listed] == [("Kiosk 1", True, False)]
    assert listed[0]["last_seen_at"] is not None
    assert "credential_hash" not in listed[0] and "pairing_hash" not in listed[0]
    revoked = manager.post(f"/api/v1/manager/kiosks/{listed[0]['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json["kiosk"]["revoked"] is True
    assert revoked.json["kiosk"]["revoked_by"] == "manager1"
    refused = kiosk.post("/api/v1/tickets", json={"service": "moving"})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_a_kiosk"
    assert kiosk.get("/kiosk").status_code == 403
    events = db.execute("SELECT staff FROM events WHERE type = 'kiosk.revoked'").fetchall()
    assert [e[0] for e in events] == ["manager1"]


def test_only_the_manager_sees_or_revokes_kiosks_and_only_with_the_csrf_token(app, kiosk, login):
    kiosk_id = login("manager1").get("/api/v1/manager/kiosks").json["kiosks"][0]["id"]
    for username in ("reception1", "staff1"):
        other = login(username, counter="2" if username == "staff1" else None)
        assert other.get("/api/v1/manager/kiosks").json["error"]["code"] == "forbidden"
        answer = other.post(f"/api/v1/manager/kiosks/{kiosk_id}/revoke")
        assert answer.json["error"]["code"] == "forbidden"
    manager = login("manager1")
    forged = manager.http.post(f"/api/v1/manager/kiosks/{kiosk_id}/revoke", json={})
    assert forged.status_code == 400 and forged.json["error"]["code"] == "csrf_failed"
    unknown = manager.post("/api/v1/manager/kiosks/nope/revoke")
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "unknown_kiosk"
    assert kiosk.post("/api/v1/tickets", json={"service": "moving"}).status_code == 201


def test_a_second_kiosk_is_its_own_kiosk(app, kiosk, login):
    second = paired_client(app, "Kiosk 2")
    manager = login("manager1")
    first_id = manager.get("/api/v1/manager/kiosks").json["kiosks"][0]["id"]
    manager.post(f"/api/v1/manager/kiosks/{first_id}/revoke")
    assert kiosk.post("/api/v1/tickets", json={"service": "moving"}).status_code == 403
    assert second.post("/api/v1/tickets", json={"service": "moving"}).status_code == 201


def test_with_auto_pair_a_browser_opening_the_kiosk_is_paired_by_itself(tmp_path, clock):
    config = from_dict(centre_raw(kiosk={"auto_pair": True}), tmp_path, tmp_path / "var")
    app = create_app(config, clock=clock, testing=True)
    browser = app.test_client()
    assert browser.get("/kiosk").status_code == 200
    assert browser.post("/api/v1/tickets", json={"service": "moving"}).status_code == 201
    assert browser.get("/kiosk").status_code == 200
    assert len(kiosk_domain.listing(app.extensions["enindgang"]["pool"].get())) == 1


def test_auto_pair_is_off_unless_the_config_says_so(config):
    assert config.kiosk_auto_pair is False
