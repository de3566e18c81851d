"""A centre's /healthz and /metrics follow the kiosk printer (the fake network printer)."""

from __future__ import annotations

from tests.booking.test_monitoring import samples
from tests.test_monitoring import issue
from tests.test_printer_centre import config, fake, printer, wait_until  # noqa: F401


def test_paper_out_makes_the_centre_degraded_and_shows_in_the_metrics(
    client,
    kiosk,
    printer,  # noqa: F811
    fake,  # noqa: F811
):
    fake.paper = "out"
    issue(kiosk)
    assert printer.spooler.wait_idle(5)
    assert wait_until(lambda: printer.state["paper"] == "out")

    answer = client.get("/healthz")
    assert answer.status_code == 200  # the kiosk still gives numbers, shown on screen
    assert answer.json["status"] == "degraded"
    assert answer.json["checks"]["printer"] == {
        "online": True,  # it answers, without paper
        "paper": "out",
        "error": "paper_out",
        "failed_prints": 1,
    }
    scraped = samples(client.get("/metrics"))
    assert scraped[("enindgang_centre_printer_paper", (("state", "out"),))] == 1
    assert scraped[("enindgang_centre_printer_paper", (("state", "ok"),))] == 0
    assert scraped[("enindgang_centre_printer_online", ())] == 1
    assert scraped[("enindgang_centre_printer_failed_prints", ())] == 1
