"""Seeding central: the config's centres and service settings, the demo's staff and day."""

from __future__ import annotations

from booking.demo import demo_codes, demo_config, ensure_demo_bookings, ensure_demo_data
from booking.domain import manage, setup
from kernel.db import connect


def test_seeding_again_keeps_what_a_manager_changed(central, central_db):
    ctx = central.extensions["enindgang"]["context"]
    city = type("Manager", (), {"username": "m", "role": "manager", "centre": None})()
    manage.set_centre_policy(ctx, central_db, city, "osterbro", {"horizon_days": 5})
    manage.set_service_settings(ctx, central_db, city, "passport", {"minutes": 40})
    setup.seed(central_db, ctx.config, ctx.catalogue)
    assert setup.find_centre(central_db, "osterbro")["horizon_days"] == 5
    assert setup.service_settings(central_db)["passport"]["minutes"] == 40
    assert [c["id"] for c in setup.centres(central_db)] == ["norrebro", "osterbro"]


def test_the_demo_is_seeded_once_and_its_day_of_bookings_once(tmp_path):
    config = demo_config(tmp_path)
    ensure_demo_data(config)
    ensure_demo_data(config)
    db = connect(config.database_path)
    try:
        staff = setup.staff(db)
        # Three centre staff and two tax secondees (all day, or one shift each) everywhere.
        assert len(staff) == 8 * 3 + 8 * 2
        assert len(setup.centres(db)) == 8 and "passport" in setup.service_settings(db)
        assert manage.schedule(db, "norrebro-1")["breaks"]["monday"] == ["12:00-12:30"]
    finally:
        db.close()
    assert ensure_demo_bookings(config, ("norrebro", "amager")) == 14
    assert ensure_demo_bookings(config, ("norrebro",)) == 0
    assert len({code for _, _, code in demo_codes(config, "norrebro")}) <= 7
