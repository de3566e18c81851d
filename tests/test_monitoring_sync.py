"""Sync lag in /metrics and /healthz, on both sides of a real sync with central on loopback."""

from __future__ import annotations

from tests.booking.test_monitoring import samples
from tests.central_loopback import agent, central, config  # noqa: F401  (fixtures)

CENTRAL_LAG = "enindgang_central_sync_lag_seconds"


def test_sync_lag_appears_per_centre_at_central_after_a_sync(agent, central):  # noqa: F811
    before = samples(central.api.get("/metrics"))
    assert not [key for key in before if key[0] == CENTRAL_LAG]

    assert agent.run_once()
    central.clock.advance(seconds=90)
    after = samples(central.api.get("/metrics"))
    assert after[(CENTRAL_LAG, (("centre", "norrebro"),))] == 90
    assert (CENTRAL_LAG, (("centre", "osterbro"),)) not in after  # it never called

    centres = {c["centre"]: c for c in central.api.get("/healthz").json["checks"]["centres"]}
    assert centres["norrebro"]["state"] == "live" and centres["norrebro"]["lag_seconds"] == 90
    assert centres["osterbro"]["state"] == "never"
    central.clock.advance(minutes=5)
    centres = {c["centre"]: c for c in central.api.get("/healthz").json["checks"]["centres"]}
    assert centres["norrebro"]["state"] == "silent"


def test_a_centre_reports_its_last_sync_and_is_degraded_while_central_is_away(
    client,
    agent,  # noqa: F811
    central,  # noqa: F811
    clock,
):
    assert agent.run_once()
    clock.advance(seconds=45)
    sync = client.get("/healthz").json["checks"]["sync"]
    assert sync["configured"] and sync["reachable"] and sync["lag_seconds"] == 45
    scraped = samples(client.get("/metrics"))
    assert scraped[("enindgang_centre_sync_lag_seconds", ())] == 45
    assert scraped[("enindgang_centre_central_reachable", ())] == 1

    central.stop()
    assert not agent.run_once()
    clock.advance(seconds=15)
    answer = client.get("/healthz")
    assert answer.status_code == 200  # the queue works without central (decision 1)
    assert answer.json["status"] == "degraded"
    assert answer.json["checks"]["sync"]["reachable"] is False
    assert answer.json["checks"]["sync"]["lag_seconds"] == 60  # since the last good round
    assert samples(client.get("/metrics"))[("enindgang_centre_central_reachable", ())] == 0
