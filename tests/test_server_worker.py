"""The gunicorn worker's app: what it made to start is kept out of the collector's full passes."""

from __future__ import annotations

import gc

from flask import Flask

from kernel.server import _Gunicorn


def test_a_workers_startup_objects_are_frozen_so_full_collections_stay_short():
    gc.unfreeze()
    startup = [[n] for n in range(1000)]  # what a worker builds before serving (tracked)
    app = Flask("worker")
    try:
        served = _Gunicorn(lambda: app, {"bind": "127.0.0.1:0"}).load()
        assert served is app
        assert gc.get_freeze_count() >= len(startup)
        tracked = len(gc.get_objects(generation=2))
        assert tracked < gc.get_freeze_count()  # a full pass walks only what came after
    finally:
        gc.unfreeze()
