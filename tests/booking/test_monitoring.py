"""Central's /healthz and /metrics: the database, the sender, who may read them, and the
figures a booking moves."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from booking.mail.ticker import Ticker
from tests.booking.conftest import make_app
from tests.booking.test_api import booking_body, token_of

ELSEWHERE = {"REMOTE_ADDR": "203.0.113.7"}
TOKEN = "monitor-0123456789abcdef"


def samples(response) -> dict[tuple[str, tuple], float]:
    """Every sample of a /metrics answer by (name, sorted labels), parsed as Prometheus does."""
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    found = {}
    for family in text_string_to_metric_families(response.data.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def database_file(central) -> str:
    return str(central.config["BOOKING"].database_path)


def test_healthz_says_ok_with_each_centres_sync_while_the_database_answers(api):
    answer = api.get("/healthz")
    assert answer.status_code == 200
    assert answer.json["status"] == "ok"
    checks = answer.json["checks"]
    assert checks["database"] == "ok"
    assert checks["outbox"] == {"pending": 0, "failed": 0}
    assert [c["centre"] for c in checks["centres"]] == ["norrebro", "osterbro"]
    assert all(c["state"] == "never" and c["lag_seconds"] is None for c in checks["centres"])
    assert answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("breakage", ["moved away", "not a database"])
def test_healthz_answers_503_with_the_database_down_when_the_file_fails(tmp_path, clock, breakage):
    # A SQLite file in every run (PostgreSQL's case: tests/booking/test_postgresql.py).
    central = make_app(tmp_path, clock, database_url=None)
    api = central.test_client()
    path = database_file(central)
    os.rename(path, path + ".away")
    if breakage == "not a database":
        with open(path, "wb") as fh:
            fh.write(b"this is no SQLite file " * 200)
    answer = api.get("/healthz")
    assert answer.status_code == 503
    assert answer.json["status"] == "down"
    assert answer.json["checks"]["database"] == "down"
    scraped = samples(api.get("/metrics"))
    assert scraped[("enindgang_database_up", ())] == 0


def test_healthz_tells_a_caller_from_elsewhere_only_the_status(api):
    answer = api.get("/healthz", environ_base=ELSEWHERE)
    assert answer.status_code == 200
    assert answer.json == {"status": "ok"}


def test_healthz_through_a_proxy_on_this_machine_gives_no_details(api):
    # nginx on the same host connects from 127.0.0.1: the forwarded header gives it away.
    answer = api.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"})
    assert answer.json == {"status": "ok"}


def test_the_monitoring_token_opens_details_and_metrics_from_elsewhere(tmp_path, clock):
    central = make_app(tmp_path, clock, monitoring_token=TOKEN)
    http = central.test_client()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert "checks" in http.get("/healthz", environ_base=ELSEWHERE, headers=bearer).json
    assert http.get("/metrics", environ_base=ELSEWHERE, headers=bearer).status_code == 200
    wrong = {"Authorization": "Bearer monitor-wrong-0123456789"}
    assert http.get("/metrics", headers=wrong).status_code == 401  # even from this machine
    assert http.get("/healthz", environ_base=ELSEWHERE, headers=wrong).json == {"status": "ok"}


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("da", "Det kræver overvågningsnøglen"),
        ("en", "This needs the monitoring token"),
    ],
)
def test_a_scrape_from_elsewhere_without_the_token_is_refused_in_the_callers_language(
    api, language, sentence
):
    answer = api.get("/metrics", environ_base=ELSEWHERE, headers={"Accept-Language": language})
    assert answer.status_code == 401
    assert answer.json["error"]["code"] == "monitoring_token_required"
    assert answer.json["error"]["message"].startswith(sentence)
    assert b"enindgang_" not in answer.data


def test_a_booking_and_its_cancellation_move_the_counters_and_a_hold_shows(api):
    before = samples(api.get("/metrics"))
    made = ("enindgang_central_bookings_made_total", (("centre", "norrebro"),))
    cancelled = ("enindgang_central_bookings_cancelled_total", (("centre", "norrebro"),))
    holds = ("enindgang_central_holds", (("centre", "norrebro"),))
    assert (before[made], before[cancelled], before[holds]) == (0, 0, 0)

    booked = api.post("/api/v1/bookings", json=booking_body())
    assert booked.status_code == 201
    hold = api.post("/api/v1/holds", json=booking_body(start="2026-11-24T09:20:00+01:00"))
    assert hold.status_code == 201, hold.json
    after = samples(api.get("/metrics"))
    assert (after[made], after[cancelled], after[holds]) == (1, 0, 1)
    assert after[("enindgang_central_bookings_made_total", (("centre", "osterbro"),))] == 0
    # The booking's confirmation is in the outbox until the sender's round.
    assert after[("enindgang_central_outbox_backlog", ())] == 1

    code = booked.json["code"]
    cancel = api.post(f"/api/v1/bookings/{code}/cancel", json={"token": token_of(booked.json)})
    assert cancel.status_code == 200
    final = samples(api.get("/metrics"))
    assert (final[made], final[cancelled]) == (1, 1)


def test_request_latency_is_labelled_by_route_and_no_booking_code_reaches_the_metrics(api):
    booked = api.post("/api/v1/bookings", json=booking_body()).json
    code, token = booked["code"], token_of(booked)
    assert api.get(f"/api/v1/bookings/{code}?token={token}").status_code == 200
    assert api.get("/no/such/ABCDEFGH").status_code == 404
    text = api.get("/metrics").data.decode()
    scraped = samples(api.get("/metrics"))
    key = "enindgang_http_request_duration_seconds_count"
    route = (("method", "GET"), ("route", "/api/v1/bookings/<code>"), ("status", "200"))
    assert scraped[(key, route)] == 1
    posted = (("method", "POST"), ("route", "/api/v1/bookings"), ("status", "201"))
    assert scraped[(key, posted)] == 1
    assert scraped[(key, (("method", "GET"), ("route", "unmatched"), ("status", "404")))] == 1
    assert code not in text and token not in text and "ABCDEFGH" not in text


@pytest.fixture
def ticker(central):
    """The sender's thread in this app, as `central run` starts it in each worker."""
    ticker = Ticker(central)
    central.extensions["enindgang"]["ticker"] = ticker.start()
    yield ticker
    ticker.stop()


def test_healthz_follows_the_senders_heartbeat(api, ticker, clock):
    ticker.wake()
    for _ in range(200):
        if ticker.last_round_at is not None:
            break
        time.sleep(0.02)
    sender = api.get("/healthz").json["checks"]["sender"]
    assert sender["state"] == "ok" and sender["age_seconds"] == 0
    clock.advance(minutes=10)  # no round for ten minutes (it runs every 10 s): it is stuck
    stale = api.get("/healthz")
    assert stale.status_code == 200, stale.json
    assert stale.json["status"] == "degraded"
    assert stale.json["checks"]["sender"]["state"] == "stale"
    age = samples(api.get("/metrics"))[("enindgang_central_sender_heartbeat_age_seconds", ())]
    assert age == 600
    clock.advance(minutes=-10)
    assert api.get("/healthz").json["checks"]["sender"]["state"] == "ok"
    ticker.stop()  # a thread that ended is stale at once
    assert api.get("/healthz").json["checks"]["sender"]["state"] == "stale"


def test_the_senders_round_time_is_a_gauge_prometheus_can_age(api, ticker, clock):
    name = ("enindgang_central_sender_round_timestamp_seconds", ())
    # Set when the sender starts, so a sender that never ends a round ages from its start.
    assert samples(api.get("/metrics"))[name] == ticker.started_at.timestamp()
    clock.advance(minutes=1)
    ticker.wake()
    for _ in range(200):
        if ticker.last_round_at is not None:
            break
        time.sleep(0.02)
    assert ticker.last_round_at == ticker.started_at + timedelta(minutes=1)
    assert samples(api.get("/metrics"))[name] == ticker.last_round_at.timestamp()


def test_a_request_refused_before_its_view_is_timed_too(api):
    # The CSRF check runs before the view, in a hook registered before the metrics' own.
    refused = api.post("/staff/login", data={"username": "anna", "password": "wrong"})
    assert refused.status_code == 400
    scraped = samples(api.get("/metrics"))
    login = (("method", "POST"), ("route", "/staff/login"), ("status", "400"))
    assert scraped[("enindgang_http_request_duration_seconds_count", login)] == 1
