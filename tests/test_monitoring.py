"""A centre's /healthz and /metrics: the database, the printer, who may read them, and the
tickets they count."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from booking.config import from_dict as booking_from_dict
from centre.app import create_app
from centre.config import from_dict
from kernel.config import ConfigError
from tests.booking.test_monitoring import ELSEWHERE, TOKEN, samples
from tests.conftest import centre_raw

ROOT = Path(__file__).resolve().parent.parent


def issue(kiosk, service: str = "moving") -> dict:
    answer = kiosk.post("/api/v1/tickets", json={"service": service})
    assert answer.status_code == 201, answer.json
    return answer.json


def test_healthz_says_ok_with_the_printer_while_the_database_answers(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json["status"] == "ok"
    checks = answer.json["checks"]
    assert checks["database"] == "ok"
    assert checks["printer"] == {"online": True, "paper": "ok", "error": None, "failed_prints": 0}
    assert checks["sync"] == {"configured": False}


@pytest.mark.parametrize("breakage", ["moved away", "not a database"])
def test_healthz_answers_503_with_the_database_down_when_the_file_fails(client, config, breakage):
    path = str(config.database_path)
    os.rename(path, path + ".away")
    if breakage == "not a database":
        with open(path, "wb") as fh:
            fh.write(b"this is no SQLite file " * 200)
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json["status"] == "down"
    assert answer.json["checks"]["database"] == "down"
    # A load balancer without credentials learns it too, with the status alone.
    anonymous = client.get("/healthz", environ_base=ELSEWHERE)
    assert (anonymous.status_code, anonymous.json) == (503, {"status": "down"})


def test_healthz_tells_a_kiosk_on_the_lan_only_the_status(client):
    answer = client.get("/healthz", environ_base={"REMOTE_ADDR": "192.168.1.20"})
    assert answer.json == {"status": "ok"}


def test_the_monitoring_token_opens_metrics_from_the_lan(tmp_path, clock):
    config = from_dict(centre_raw(monitoring={"token": TOKEN}), tmp_path, tmp_path / "var")
    http = create_app(config, clock=clock, testing=True).test_client()
    lan = {"REMOTE_ADDR": "192.168.1.5"}
    assert http.get("/metrics", environ_base=lan).status_code == 401
    answer = http.get("/metrics", environ_base=lan, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200


def test_a_scrape_from_the_lan_without_the_token_is_refused_with_a_danish_sentence(client):
    answer = client.get("/metrics", environ_base=ELSEWHERE, headers={"Accept-Language": "da"})
    assert answer.status_code == 401
    assert answer.json["error"] == {
        "code": "monitoring_token_required",
        "message": "Det kræver overvågningsnøglen eller en forespørgsel fra selve serveren.",
    }


def test_tickets_issued_and_called_are_counted_and_waiting_is_shown(client, kiosk, login):
    issue(kiosk, "moving")
    issue(kiosk, "moving")
    issue(kiosk, "health_card")
    scraped = samples(client.get("/metrics"))
    issued = "enindgang_centre_tickets_issued_total"
    assert scraped[(issued, (("service", "moving"),))] == 2
    assert scraped[(issued, (("service", "health_card"),))] == 1
    assert scraped[("enindgang_centre_waiting", (("service", "moving"),))] == 2

    assert login("staff1", counter="1").act("call-next").status_code == 200
    after = samples(client.get("/metrics"))
    called = sum(
        value
        for (name, _), value in after.items()
        if name == "enindgang_centre_tickets_called_total"
    )
    assert called == 1
    waiting = sum(v for (n, _), v in after.items() if n == "enindgang_centre_waiting")
    assert waiting == 2
    assert after[("enindgang_centre_printer_online", ())] == 1
    assert after[("enindgang_centre_printer_paper", (("state", "ok"),))] == 1


def test_request_latency_is_labelled_by_route_and_no_ticket_token_reaches_the_metrics(
    client, kiosk
):
    ticket = issue(kiosk)
    status_path = ticket["status_url"].split("://", 1)[-1].split("/", 1)[1]
    assert client.get("/" + status_path).status_code == 200
    text = client.get("/metrics").data.decode()
    token = status_path.rstrip("/").rsplit("/", 1)[-1]
    assert token not in text and ticket["id"] not in text
    scraped = samples(client.get("/metrics"))
    tapped = (("method", "POST"), ("route", "/api/v1/tickets"), ("status", "201"))
    assert scraped[("enindgang_http_request_duration_seconds_count", tapped)] == 1


@pytest.mark.parametrize("token", ["short", "spaces in the token here", 12345678901234567])
def test_a_weak_or_malformed_monitoring_token_is_a_config_error(tmp_path, token):
    with pytest.raises(ConfigError, match=r"\[monitoring\] token"):
        from_dict(centre_raw(monitoring={"token": token}), tmp_path, tmp_path / "var")


@pytest.mark.parametrize("example", ["centre.example.toml", "booking/central.example.toml"])
def test_the_example_configs_monitoring_token_works_once_filled_in(tmp_path, example):
    text = (ROOT / example).read_text(encoding="utf-8")
    assert '# [monitoring]\n# token = "…"' in text
    text = text.replace('# [monitoring]\n# token = "…"', f'[monitoring]\ntoken = "{TOKEN}"')
    load = booking_from_dict if example.startswith("booking") else from_dict
    config = load(tomllib.loads(text), tmp_path, tmp_path / "var")
    assert config.monitoring_token == TOKEN
