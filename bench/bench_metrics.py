"""What the request metrics cost each request, and what a scrape of /metrics costs.

Each app is built twice in this process (no server: the network would hide microseconds),
once as shipped and once with the request-metrics hooks left out, and answers the same GET
in alternating blocks; the difference of the medians is the middleware's cost per request.

Run: .venv/bin/python bench/bench_metrics.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from booking.app import create_app as create_central
from booking.config import BookingConfig, CentreSeed
from centre.app import create_app as create_centre
from centre.config import demo_config
from kernel.monitoring import RequestMetrics

BLOCKS = 10


def central(folder: Path):
    config = BookingConfig(
        data_dir=folder, centres=[CentreSeed("norrebro", "Nørrebro")], secret_key="bench"
    )
    return create_central(config, testing=True)


def centre(folder: Path):
    return create_centre(demo_config(folder), testing=True)


def timed_gets(client, path: str, count: int) -> list[float]:
    """Seconds per GET of `path`, `count` times."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return times


def compare(name: str, build, path: str, requests: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shipped = build(Path(tmp) / "with").test_client()
        with mock.patch.object(RequestMetrics, "init_app", lambda self, app: None):
            bare = build(Path(tmp) / "without").test_client()
        timed_gets(shipped, path, 100)  # warm both up
        timed_gets(bare, path, 100)
        with_metrics: list[float] = []
        without: list[float] = []
        for _ in range(BLOCKS):  # alternate, so a slower moment hits both alike
            with_metrics += timed_gets(shipped, path, requests // BLOCKS)
            without += timed_gets(bare, path, requests // BLOCKS)
        scrape = timed_gets(shipped, "/metrics", 50)
        size = len(shipped.get("/metrics").data)
    a, b = statistics.median(with_metrics) * 1e6, statistics.median(without) * 1e6
    print(
        f"{name:<8} GET {path:<20} {len(with_metrics)} each: median {a:7.1f} µs with metrics,"
        f" {b:7.1f} µs without, cost {a - b:+6.1f} µs ({(a - b) / b * 100:+.1f} %);"
        f" /metrics scrape median {statistics.median(scrape) * 1000:.2f} ms, {size} bytes"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="GETs per app and variant")
    requests = parser.parse_args().requests
    compare("central", central, "/api/v1/centres", requests)
    compare("centre", centre, "/api/v1/services", requests)


if __name__ == "__main__":
    main()
