"""A scrape in multiprocess mode reads every worker's counts, even while a worker is starting."""

from __future__ import annotations

import json

from prometheus_client import CollectorRegistry
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.parser import text_string_to_metric_families

from kernel.monitoring import metrics_answer


def write_count(folder, pid: int, value: float) -> None:
    """What a worker's counter writes: one value under the metric's key in its own file."""
    key = json.dumps(["enindgang_tests_total", "enindgang_tests_total", {}, "Tests."])
    counts = MmapedDict(str(folder / f"counter_{pid}.db"))
    counts.write_value(key, value, 0)
    counts.close()


def total(body: bytes) -> float:
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == "enindgang_tests_total":
                return sample.value
    raise AssertionError("no enindgang_tests_total in the scrape")


def test_a_scrape_sums_every_workers_counts(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    write_count(tmp_path, 101, 3)
    write_count(tmp_path, 102, 4)
    response = metrics_answer(CollectorRegistry())
    assert response.status_code == 200
    assert total(response.get_data()) == 7


def test_a_scrape_while_a_worker_has_just_created_its_file_still_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    write_count(tmp_path, 101, 3)
    # A worker that gunicorn has just started has created its file but not yet sized it.
    (tmp_path / "counter_103.db").touch()
    response = metrics_answer(CollectorRegistry())
    assert response.status_code == 200
    assert total(response.get_data()) == 3
