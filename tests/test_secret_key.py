"""The generated session secret: one key for every worker process, however they start."""

from __future__ import annotations

import multiprocessing
import os
import stat
import time

from kernel import config
from kernel.config import load_secret_key

PROCESSES = 8


def _load(data_dir, start, answers) -> None:
    start.wait(30)
    answers.put(load_secret_key(None, data_dir))


def _slow_token(nbytes: int) -> str:
    # Every worker is still making its key when the others look for one.
    time.sleep(0.5)
    return os.urandom(nbytes).hex()


def test_workers_starting_at_once_all_sign_with_one_key(tmp_path, monkeypatch):
    monkeypatch.setattr(config.secrets, "token_hex", _slow_token)
    # Forked like gunicorn's workers, each reaching the first start's "no key yet" together.
    context = multiprocessing.get_context("fork")
    start, answers = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=_load, args=(tmp_path / "data", start, answers))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    keys = {answers.get(timeout=30) for _ in workers}
    for worker in workers:
        worker.join(30)
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert (
        load_secret_key(None, tmp_path / "data") == (tmp_path / "data" / "secret_key").read_text()
    )
    assert stat.S_IMODE((tmp_path / "data" / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]
